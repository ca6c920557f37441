package dev.incidentbot.bot.timeline;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.List;
import java.util.Locale;

/**
 * What happened, one record per kind. The type name is stored in {@code timeline_event.type}, the fields as the JSON
 * payload; both are covered by the hash chain, so names here are part of the export schema. The annotation is the
 * registry of type names, not polymorphic JSON: payloads hold only the record's fields.
 */
@JsonSubTypes({
    @JsonSubTypes.Type(value = TimelineEvent.Declared.class, name = "declared"),
    @JsonSubTypes.Type(value = TimelineEvent.Acknowledged.class, name = "acknowledged"),
    @JsonSubTypes.Type(value = TimelineEvent.CommanderAssigned.class, name = "commander_assigned"),
    @JsonSubTypes.Type(value = TimelineEvent.RoleAssigned.class, name = "role_assigned"),
    @JsonSubTypes.Type(value = TimelineEvent.UpdatePosted.class, name = "update_posted"),
    @JsonSubTypes.Type(value = TimelineEvent.SeverityChanged.class, name = "severity_changed"),
    @JsonSubTypes.Type(value = TimelineEvent.StatusChanged.class, name = "status_changed"),
    @JsonSubTypes.Type(value = TimelineEvent.NoteAdded.class, name = "note_added"),
    @JsonSubTypes.Type(value = TimelineEvent.ActionItemAdded.class, name = "action_item_added"),
    @JsonSubTypes.Type(value = TimelineEvent.Resolved.class, name = "resolved"),
    @JsonSubTypes.Type(value = TimelineEvent.MessagePinned.class, name = "message_pinned"),
    @JsonSubTypes.Type(value = TimelineEvent.ReminderSent.class, name = "reminder_sent"),
    @JsonSubTypes.Type(value = TimelineEvent.Escalated.class, name = "escalated"),
    @JsonSubTypes.Type(value = TimelineEvent.ExportRequested.class, name = "export_requested"),
    @JsonSubTypes.Type(value = TimelineEvent.DeliveryFailed.class, name = "delivery_failed"),
    @JsonSubTypes.Type(value = TimelineEvent.DiagnosticRequested.class, name = "diagnostic_requested"),
    @JsonSubTypes.Type(value = TimelineEvent.DiagnosticDecided.class, name = "diagnostic_decided"),
    @JsonSubTypes.Type(value = TimelineEvent.DiagnosticStarted.class, name = "diagnostic_started"),
    @JsonSubTypes.Type(value = TimelineEvent.DiagnosticFinished.class, name = "diagnostic_finished"),
    @JsonSubTypes.Type(value = TimelineEvent.IntegrationCalled.class, name = "integration_called"),
    @JsonSubTypes.Type(value = TimelineEvent.IntegrationSkipped.class, name = "integration_skipped"),
    @JsonSubTypes.Type(value = TimelineEvent.CustomerUpdateRequested.class, name = "customer_update_requested"),
    @JsonSubTypes.Type(value = TimelineEvent.ConversationLeft.class, name = "conversation_left"),
})
public sealed interface TimelineEvent {

    /** One line for people: the timeline view and the post-mortem. */
    String describe();

    record Declared(String title, String severity, boolean drill, String impact, String conversation) implements TimelineEvent {
        public String describe() {
            return (drill ? "[DRILL] " : "") + "Declared " + severity.toUpperCase(Locale.ROOT) + ": " + title;
        }
    }

    record Acknowledged() implements TimelineEvent {
        public String describe() {
            return "Acknowledged";
        }
    }

    record CommanderAssigned(String commanderId, String commanderName, String previousId, String previousName)
            implements TimelineEvent {
        public String describe() {
            return previousId.isEmpty() ? "Commander: " + commanderName
                    : "Command handed over from " + previousName + " to " + commanderName;
        }
    }

    record RoleAssigned(String role, String personId, String personName) implements TimelineEvent {
        public String describe() {
            return "Role " + role + ": " + personName;
        }
    }

    record UpdatePosted(String progress, String status, String impact, String next, String eta) implements TimelineEvent {
        public String describe() {
            StringBuilder s = new StringBuilder("Update: ").append(progress);
            if (!status.isEmpty()) {
                s.append(" (status: ").append(status).append(')');
            }
            if (!impact.isEmpty()) {
                s.append(" (impact: ").append(impact).append(')');
            }
            if (!next.isEmpty()) {
                s.append(" (next: ").append(next).append(')');
            }
            if (!eta.isEmpty()) {
                s.append(" (eta: ").append(eta).append(')');
            }
            return s.toString();
        }
    }

    record SeverityChanged(String from, String to) implements TimelineEvent {
        public String describe() {
            return "Severity changed from " + from.toUpperCase(Locale.ROOT) + " to " + to.toUpperCase(Locale.ROOT);
        }
    }

    record StatusChanged(String from, String to) implements TimelineEvent {
        public String describe() {
            return "Status changed from " + from + " to " + to;
        }
    }

    record NoteAdded(String text) implements TimelineEvent {
        public String describe() {
            return "Note: " + text;
        }
    }

    record ActionItemAdded(int n, String text, String owner, String due) implements TimelineEvent {
        public String describe() {
            return "Action item " + n + ": " + text + (owner.isEmpty() ? "" : " (owner " + owner + ")")
                    + (due.isEmpty() ? "" : " (due " + due + ")");
        }
    }

    record Resolved(String solution, String rootCause, String followUp) implements TimelineEvent {
        public String describe() {
            return "Resolved: " + solution + (rootCause.isEmpty() ? "" : " (root cause: " + rootCause + ")");
        }
    }

    record MessagePinned(String authorId, String authorName, String text, String permalink) implements TimelineEvent {
        public String describe() {
            return "Pinned message from " + authorName + ": " + text;
        }
    }

    /** A reminder that an update is due (kind "update"), or a follow-up reminder after resolution. */
    record ReminderSent(String kind, List<String> reminded, String reason) implements TimelineEvent {
        public ReminderSent {
            reminded = List.copyOf(reminded);
        }

        public String describe() {
            return "Reminder (" + kind + ") to " + String.join(", ", reminded) + ": " + reason;
        }
    }

    record Escalated(int step, List<String> notified, String reason) implements TimelineEvent {
        public Escalated {
            notified = List.copyOf(notified);
        }

        public String describe() {
            return "Escalated (step " + step + ") to " + String.join(", ", notified) + ": " + reason;
        }
    }

    /** The bot left the incident's conversation, {@code after} its resolution (e.g. {@code 30d}). */
    record ConversationLeft(String after) implements TimelineEvent {
        public String describe() {
            return "Left the incident's conversation, " + after + " after resolution";
        }
    }

    record ExportRequested(String format) implements TimelineEvent {
        public String describe() {
            return "Post-mortem draft exported (" + format + ")";
        }
    }

    record DeliveryFailed(String what, String error) implements TimelineEvent {
        public String describe() {
            return "Could not deliver " + what + ": " + error;
        }
    }

    /** Someone asked for an allowlisted diagnostic; {@code approval} says who must approve it (none, commander, ...). */
    record DiagnosticRequested(String run, String diagnostic, String commandLine, String approval) implements TimelineEvent {
        public String describe() {
            return "Diagnostic " + run + " requested: " + commandLine + ("none".equals(approval) ? "" : " (needs " + approval + " approval)");
        }
    }

    /** A pending run was approved, denied, or expired unapproved ({@code decision}); {@code reason} may be empty. */
    record DiagnosticDecided(String run, String decision, String reason) implements TimelineEvent {
        public String describe() {
            return "Diagnostic " + run + " " + decision + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    record DiagnosticStarted(String run) implements TimelineEvent {
        public String describe() {
            return "Diagnostic " + run + " started";
        }
    }

    /** The outcome; {@code output} is the redacted head and tail shown in chat (the full capped output is in the run record). */
    record DiagnosticFinished(String run, String status, int exitCode, boolean timedOut, long durationMillis, String output)
            implements TimelineEvent {
        public String describe() {
            return "Diagnostic " + run + ": " + status;
        }
    }

    /**
     * An integration performed a call: {@code action} as the integration names it (PagerDuty: trigger, acknowledge,
     * resolve), {@code line} what happened for people, {@code reference} what the outside returned (may be empty).
     */
    record IntegrationCalled(String integration, String action, String line, String reference) implements TimelineEvent {
        public String describe() {
            return line + (reference.isEmpty() ? "" : " (" + reference + ")");
        }
    }

    /** A call not made: in a drill, what would have been done ({@code reason} "drill"). */
    record IntegrationSkipped(String integration, String action, String summary, String reason) implements TimelineEvent {
        public String describe() {
            return ("drill".equals(reason) ? "[DRILL] would have done: " : "Not done (" + reason + "): ") + summary;
        }
    }

    /** {@code /incident statuspage <text>}: customer-facing text someone asked to publish. */
    record CustomerUpdateRequested(String text) implements TimelineEvent {
        public String describe() {
            return "Customer update requested: " + text;
        }
    }
}
