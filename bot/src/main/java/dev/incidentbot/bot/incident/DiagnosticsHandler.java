package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.command.Command;
import dev.incidentbot.chat.Ack;
import java.sql.SQLException;

/**
 * The diagnostics commands ({@code diagnostics}, {@code run}, {@code approve}, {@code deny}), handled inside the
 * engine's transaction by the runner capability when diagnostics are configured.
 */
public interface DiagnosticsHandler {
    DiagnosticsHandler NONE = new DiagnosticsHandler() {
        @Override
        public Ack list(String commandPrefix) {
            return Ack.reply("No diagnostics are configured on this bot; docs/diagnostics.md says how to add them.");
        }

        @Override
        public Ack handle(IncidentService.Tx tx, Caller caller, Incident incident, Command.OnIncident command) {
            throw new Rejected("No diagnostics are configured on this bot; docs/diagnostics.md says how to add them.");
        }
    };

    /** The configured diagnostics, with commands shown as typed with {@code commandPrefix}. */
    Ack list(String commandPrefix);

    Ack handle(IncidentService.Tx tx, Caller caller, Incident incident, Command.OnIncident command) throws SQLException;
}
