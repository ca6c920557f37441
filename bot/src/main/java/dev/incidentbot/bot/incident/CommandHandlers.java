package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.IncidentRef;
import dev.incidentbot.bot.core.Rejected;
import dev.incidentbot.chat.Ack;
import java.sql.SQLException;

/**
 * The use case of each command type, inside one engine transaction. A visitor over the sealed {@link Command}, so a
 * new command type does not compile until it has a handler here. Commands about one incident find it first; those
 * that change it also require it to be open.
 */
final class CommandHandlers implements Command.Visitor<Ack, SQLException> {
    private final UseCases cases;
    private final UnitOfWork tx;
    private final Caller caller;
    private final DiagnosticsHandler diagnostics;

    CommandHandlers(UseCases cases, UnitOfWork tx, Caller caller, DiagnosticsHandler diagnostics) {
        this.cases = cases;
        this.tx = tx;
        this.caller = caller;
        this.diagnostics = diagnostics;
    }

    private Incident incident(Command.OnIncident command) throws SQLException {
        if (command.incident() instanceof IncidentRef.Numbered n) {
            return tx.load(n.number());
        }
        return tx.findByConversation(caller.platform().name(), caller.conversation().id())
                .orElseThrow(() -> new Rejected("This is not an incident channel. Name the incident, e.g. /incident update INC-7 ..., or run it in the incident's channel."));
    }

    private Incident openIncident(Command.OnIncident command) throws SQLException {
        return incident(command).requireOpen();
    }

    @Override
    public Ack declare(Command.Declare command) throws SQLException {
        return cases.declaring().declare(tx, caller, command);
    }

    @Override
    public Ack listIncidents(Command.ListIncidents command) throws SQLException {
        return cases.reports().list(tx, caller);
    }

    @Override
    public Ack help(Command.Help command) {
        return Ack.reply(Usage.help(caller.platform().commandPrefix()));
    }

    @Override
    public Ack acknowledge(Command.Acknowledge command) throws SQLException {
        return cases.responders().acknowledge(tx, caller, openIncident(command));
    }

    @Override
    public Ack commander(Command.Commander command) throws SQLException {
        return cases.responders().commander(tx, caller, openIncident(command), command.mention());
    }

    @Override
    public Ack assignRole(Command.AssignRole command) throws SQLException {
        return cases.responders().role(tx, caller, openIncident(command), command);
    }

    @Override
    public Ack update(Command.Update command) throws SQLException {
        return cases.progress().update(tx, caller, openIncident(command), command);
    }

    @Override
    public Ack changeSeverity(Command.ChangeSeverity command) throws SQLException {
        return cases.progress().severity(tx, caller, openIncident(command), command.severity());
    }

    @Override
    public Ack changeStatus(Command.ChangeStatus command) throws SQLException {
        return cases.progress().status(tx, caller, openIncident(command), command.status());
    }

    @Override
    public Ack note(Command.Note command) throws SQLException {
        return cases.notes().note(tx, caller, incident(command), command.text());
    }

    @Override
    public Ack customerUpdate(Command.CustomerUpdate command) throws SQLException {
        return cases.progress().customerUpdate(tx, caller, openIncident(command), command.text());
    }

    @Override
    public Ack actionItem(Command.ActionItem command) throws SQLException {
        return cases.notes().actionItem(tx, caller, incident(command), command);
    }

    @Override
    public Ack resolve(Command.Resolve command) throws SQLException {
        return cases.resolution().resolve(tx, caller, openIncident(command), command);
    }

    @Override
    public Ack showTimeline(Command.ShowTimeline command) throws SQLException {
        return cases.reports().showTimeline(tx, incident(command));
    }

    @Override
    public Ack export(Command.Export command) throws SQLException {
        return cases.reports().export(tx, caller, incident(command), command.format());
    }

    @Override
    public Ack listDiagnostics(Command.ListDiagnostics command) {
        return diagnostics.list(caller.platform().commandPrefix());
    }

    @Override
    public Ack runDiagnostic(Command.RunDiagnostic command) throws SQLException {
        return diagnostics.run(tx, caller, incident(command), command);
    }

    @Override
    public Ack approveRun(Command.ApproveRun command) throws SQLException {
        return diagnostics.approve(tx, caller, incident(command), command);
    }

    @Override
    public Ack denyRun(Command.DenyRun command) throws SQLException {
        return diagnostics.deny(tx, caller, incident(command), command);
    }
}
