package dev.incidentbot.slack;

import java.util.Objects;

/**
 * How Slack's side reaches the bot: signed HTTP requests to {@code POST /slack/events}, or envelopes over a Socket
 * Mode WebSocket that the bot opens itself (no public URL needed). The Web API is called over HTTPS either way.
 */
public sealed interface SlackTransport {

    /** Slack POSTs to the bot's public address; each request is verified with the app's signing secret. */
    record Http(String signingSecret) implements SlackTransport {
        public Http {
            Objects.requireNonNull(signingSecret, "signingSecret");
            if (signingSecret.isBlank()) {
                throw new IllegalArgumentException("the HTTP transport needs the signing secret");
            }
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
