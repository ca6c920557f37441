package dev.incidentbot.slack;

import java.time.Duration;
import java.util.Objects;

/**
 * How Slack's side reaches the bot: signed HTTP requests to {@code POST /slack/events}, or envelopes over a Socket
 * Mode WebSocket that the bot opens itself (no public URL needed). The Web API is called over HTTPS either way.
 */
public sealed interface SlackTransport {

    /**
     * Slack POSTs to the bot's public address; each request is verified with the app's signing secret.
     * {@code bodyReadDeadline}: how long a request body may take to arrive before the sender is cut off with 408.
     */
    record Http(String signingSecret, Duration bodyReadDeadline) implements SlackTransport {
        /** Slack sends the whole body at once and gives up after 3 s; a body still arriving after 2 s is not Slack. */
        public static final Duration DEFAULT_BODY_READ_DEADLINE = Duration.ofSeconds(2);

        public Http {
            Objects.requireNonNull(signingSecret, "signingSecret");
            Objects.requireNonNull(bodyReadDeadline, "bodyReadDeadline");
            if (signingSecret.isBlank()) {
                throw new IllegalArgumentException("the HTTP transport needs the signing secret");
            }
        }

        public Http(String signingSecret) {
            this(signingSecret, DEFAULT_BODY_READ_DEADLINE);
        }

        @Override
        public String toString() {
            return "Http";
        }
    }

    /**
     * The bot connects out to Slack with an app-level token ({@code xapp-…}, scope {@code connections:write}) and
     * receives everything over that WebSocket.
     */
    record SocketMode(String appToken, SocketModeTiming timing) implements SlackTransport {
        public SocketMode {
            Objects.requireNonNull(appToken, "appToken");
            Objects.requireNonNull(timing, "timing");
            if (appToken.isBlank()) {
                throw new IllegalArgumentException("Socket Mode needs the app-level token");
            }
        }

        public SocketMode(String appToken) {
            this(appToken, SocketModeTiming.DEFAULT);
        }

        @Override
        public String toString() {
            return "SocketMode[" + timing + "]";
        }
    }
}
