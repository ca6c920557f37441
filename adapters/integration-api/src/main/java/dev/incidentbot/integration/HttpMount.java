package dev.incidentbot.integration;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An inbound HTTP endpoint an integration serves on the bot's Jetty, e.g. {@code /alertmanager/webhook}. */
public record HttpMount(String path, Handler handler) {
    public HttpMount {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a mount path starts with /: " + path);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Response handle(Request request);
    }

    /** Header names are lower case; a header may repeat. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public Request {
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        public java.util.Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v.get(0));
        }
    }

    public record Response(int status, String contentType, String body) {
        public static Response text(int status, String body) {
            return new Response(status, "text/plain; charset=utf-8", body);
        }
    }
}
