package dev.incidentbot.chat;

import java.util.Map;
import java.util.Objects;

/** The engine's immediate answer to an {@link Inbound}, which the platform sends as its acknowledgement. */
public sealed interface Ack {

    /** Acknowledge and say nothing. */
    record Silent() implements Ack { }

    /** Answer only the sender (Slack ephemeral, Matrix reply, console "(to NAME)"). */
    record Reply(RichMessage message) implements Ack {
        public Reply {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Reject a form submission, keeping the form open: input id to what is wrong with it. */
    record FormErrors(Map<String, String> errors) implements Ack {
        public FormErrors {
            errors = Map.copyOf(errors);
        }
    }

    static Ack silent() {
        return new Silent();
    }

    static Ack reply(String text) {
        return new Reply(RichMessage.text(text));
    }
}
