package dev.incidentbot.bot.core;

import java.util.List;
import java.util.Optional;

/** Every command the bot understands, as parsed from {@code /incident ...}. */
public sealed interface Command {

    /** Run the handler for this command's type: a new command type does not compile until every visitor handles it. */
    <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;

    /** One method per command type (Java 17 has no pattern switch); {@code X} is what the handlers may throw. */
    interface Visitor<R, X extends Exception> {
        R declare(Declare command) throws X;

        R listIncidents(ListIncidents command) throws X;

        R help(Help command) throws X;

        R acknowledge(Acknowledge command) throws X;

        R commander(Commander command) throws X;

        R assignRole(AssignRole command) throws X;

        R update(Update command) throws X;

        R changeSeverity(ChangeSeverity command) throws X;

        R changeStatus(ChangeStatus command) throws X;

        R note(Note command) throws X;

        R customerUpdate(CustomerUpdate command) throws X;

        R actionItem(ActionItem command) throws X;

        R resolve(Resolve command) throws X;

        R showTimeline(ShowTimeline command) throws X;

        R export(Export command) throws X;

        R listDiagnostics(ListDiagnostics command) throws X;

        R runDiagnostic(RunDiagnostic command) throws X;

        R approveRun(ApproveRun command) throws X;

        R denyRun(DenyRun command) throws X;
    }

    /** Commands about one incident. */
    sealed interface OnIncident extends Command {
        IncidentRef incident();
    }

    record Declare(String severity, String title, boolean drill) implements Command {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.declare(this);
        }
    }

    record ListIncidents() implements Command {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.listIncidents(this);
        }
    }

    record Help(String topic) implements Command {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.help(this);
        }
    }

    record Acknowledge(IncidentRef incident) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.acknowledge(this);
        }
    }

    /** Take command ({@code mention} empty) or hand it to someone. */
    record Commander(IncidentRef incident, String mention) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.commander(this);
        }
    }

    record AssignRole(IncidentRef incident, String role, String mention) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.assignRole(this);
        }
    }

    /**
     * {@code status} is one of the incident's statuses or empty; {@code serviceStatus} is what the author wrote as
     * the current status when it is not one of them (e.g. "degraded but serving"), shown on the update only.
     */
    record Update(IncidentRef incident, String progress, Optional<Status> status, String serviceStatus, String impact,
                  String next, String eta) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.update(this);
        }

        public Update(IncidentRef incident, String progress, Optional<Status> status, String impact, String next,
                      String eta) {
            this(incident, progress, status, "", impact, next, eta);
        }
    }

    record ChangeSeverity(IncidentRef incident, String severity) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.changeSeverity(this);
        }
    }

    record ChangeStatus(IncidentRef incident, Status status) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.changeStatus(this);
        }
    }

    record Note(IncidentRef incident, String text) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.note(this);
        }
    }

    /** {@code /incident statuspage <text>}: publish {@code text} to customers (the status page). */
    record CustomerUpdate(IncidentRef incident, String text) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.customerUpdate(this);
        }
    }

    record ActionItem(IncidentRef incident, String text, String owner, String due) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.actionItem(this);
        }
    }

    record Resolve(IncidentRef incident, String solution, String rootCause, String followUp) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.resolve(this);
        }
    }

    record ShowTimeline(IncidentRef incident) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.showTimeline(this);
        }
    }

    record Export(IncidentRef incident, String format) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.export(this);
        }
    }

    record ListDiagnostics(IncidentRef incident) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.listDiagnostics(this);
        }
    }

    record RunDiagnostic(IncidentRef incident, String name, List<String> arguments) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.runDiagnostic(this);
        }

        public RunDiagnostic {
            arguments = List.copyOf(arguments);
        }
    }

    record ApproveRun(IncidentRef incident, String runId) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.approveRun(this);
        }
    }

    record DenyRun(IncidentRef incident, String runId, String reason) implements OnIncident {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.denyRun(this);
        }
    }
}
