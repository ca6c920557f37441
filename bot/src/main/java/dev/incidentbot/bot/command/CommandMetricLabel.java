package dev.incidentbot.bot.command;

import dev.incidentbot.bot.core.Command;

/**
 * The {@code command} label of the {@code commands} metric for each command type. Dashboards and alerts select on
 * these values, so they are written out rather than taken from class names (a rename must not change them), and a
 * new command type does not compile until it is named here.
 */
final class CommandMetricLabel implements Command.Visitor<String, RuntimeException> {
    private static final CommandMetricLabel LABELS = new CommandMetricLabel();

    private CommandMetricLabel() {
    }

    static String of(Command command) {
        return command.accept(LABELS);
    }

    @Override
    public String declare(Command.Declare command) {
        return "Declare";
    }

    @Override
    public String listIncidents(Command.ListIncidents command) {
        return "ListIncidents";
    }

    @Override
    public String help(Command.Help command) {
        return "Help";
    }

    @Override
    public String acknowledge(Command.Acknowledge command) {
        return "Acknowledge";
    }

    @Override
    public String commander(Command.Commander command) {
        return "Commander";
    }

    @Override
    public String assignRole(Command.AssignRole command) {
        return "AssignRole";
    }

    @Override
    public String update(Command.Update command) {
        return "Update";
    }

    @Override
    public String changeSeverity(Command.ChangeSeverity command) {
        return "ChangeSeverity";
    }

    @Override
    public String changeStatus(Command.ChangeStatus command) {
        return "ChangeStatus";
    }

    @Override
    public String note(Command.Note command) {
        return "Note";
    }

    @Override
    public String customerUpdate(Command.CustomerUpdate command) {
        return "CustomerUpdate";
    }

    @Override
    public String actionItem(Command.ActionItem command) {
        return "ActionItem";
    }

    @Override
    public String resolve(Command.Resolve command) {
        return "Resolve";
    }

    @Override
    public String showTimeline(Command.ShowTimeline command) {
        return "ShowTimeline";
    }

    @Override
    public String export(Command.Export command) {
        return "Export";
    }

    @Override
    public String listDiagnostics(Command.ListDiagnostics command) {
        return "ListDiagnostics";
    }

    @Override
    public String runDiagnostic(Command.RunDiagnostic command) {
        return "RunDiagnostic";
    }

    @Override
    public String approveRun(Command.ApproveRun command) {
        return "ApproveRun";
    }

    @Override
    public String denyRun(Command.DenyRun command) {
        return "DenyRun";
    }
}
