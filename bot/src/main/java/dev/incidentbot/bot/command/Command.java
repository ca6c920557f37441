package dev.incidentbot.bot.command;

import java.util.List;

/** Every command the bot understands, as parsed from {@code /incident ...}. */
public sealed interface Command {

    /** Commands about one incident. */
    sealed interface OnIncident extends Command {
        IncidentRef incident();
    }

    record Declare(String severity, String title, boolean drill) implements Command { }

    record ListIncidents() implements Command { }

    record Help(String topic) implements Command { }

    record Acknowledge(IncidentRef incident) implements OnIncident { }

    /** Take command ({@code mention} empty) or hand it to someone. */
    record Commander(IncidentRef incident, String mention) implements OnIncident { }

    record AssignRole(IncidentRef incident, String role, String mention) implements OnIncident { }

    record Update(IncidentRef incident, String progress, String status, String impact, String next, String eta)
            implements OnIncident { }

    record ChangeSeverity(IncidentRef incident, String severity) implements OnIncident { }

    record ChangeStatus(IncidentRef incident, String status) implements OnIncident { }

    record Note(IncidentRef incident, String text) implements OnIncident { }

    /** {@code /incident statuspage <text>}: publish {@code text} to customers (the status page). */
    record CustomerUpdate(IncidentRef incident, String text) implements OnIncident { }

    record ActionItem(IncidentRef incident, String text, String owner, String due) implements OnIncident { }

    record Resolve(IncidentRef incident, String solution, String rootCause, String followUp) implements OnIncident { }

    record ShowTimeline(IncidentRef incident) implements OnIncident { }

    record Export(IncidentRef incident, String format) implements OnIncident { }

    record ListDiagnostics(IncidentRef incident) implements OnIncident { }

    record RunDiagnostic(IncidentRef incident, String name, List<String> arguments) implements OnIncident {
        public RunDiagnostic {
            arguments = List.copyOf(arguments);
        }
    }

    record ApproveRun(IncidentRef incident, String runId) implements OnIncident { }

    record DenyRun(IncidentRef incident, String runId, String reason) implements OnIncident { }
}
