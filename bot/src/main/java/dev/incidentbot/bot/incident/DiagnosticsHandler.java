package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Rejected;
import dev.incidentbot.chat.Ack;
import java.sql.SQLException;

/**
 * The diagnostics commands ({@code diagnostics}, {@code run}, {@code approve}, {@code deny}), handled inside the
 * engine's transaction by the runner capability when diagnostics are configured.
 */
public interface DiagnosticsHandler {
    DiagnosticsHandler NONE = new DiagnosticsHandler() {
        private static final String NOT_CONFIGURED =
                "No diagnostics are configured on this bot; docs/diagnostics.md says how to add them.";

        @Override
        public Ack list(String commandPrefix) {
            return Ack.reply(NOT_CONFIGURED);
        }

        @Override
        public Ack run(UnitOfWork tx, Caller caller, Incident incident, Command.RunDiagnostic command) {
            throw new Rejected(NOT_CONFIGURED);
        }

        @Override
        public Ack approve(UnitOfWork tx, Caller caller, Incident incident, Command.ApproveRun command) {
            throw new Rejected(NOT_CONFIGURED);
        }

        @Override
        public Ack deny(UnitOfWork tx, Caller caller, Incident incident, Command.DenyRun command) {
            throw new Rejected(NOT_CONFIGURED);
        }
    };

    /** The configured diagnostics, with commands shown as typed with {@code commandPrefix}. */
    Ack list(String commandPrefix);

    Ack run(UnitOfWork tx, Caller caller, Incident incident, Command.RunDiagnostic command) throws SQLException;

    Ack approve(UnitOfWork tx, Caller caller, Incident incident, Command.ApproveRun command) throws SQLException;

    Ack deny(UnitOfWork tx, Caller caller, Incident incident, Command.DenyRun command) throws SQLException;
}
