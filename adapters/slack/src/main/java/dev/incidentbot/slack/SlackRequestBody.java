package dev.incidentbot.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape check a verified body passes before Bolt sees it: strict UTF-8 (Bolt would turn bad bytes into U+FFFD
 * and store them), a form whose percent-escapes decode to UTF-8, and JSON that is an object with a {@code type}
 * wherever Slack always sends one. Bolt throws on anything else, which would be a 500.
 */
final class SlackRequestBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackRequestBody() {
    }

    /** The body as text, or why it is not a request Slack could have sent (a one-line answer for a 400). */
    static Result check(byte[] body, String contentType) {
        Optional<String> text = utf8(body);
        if (text.isEmpty()) {
            return new Result.Refused(400, "request body is not UTF-8");
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return form(text.get());
        }
        if (type.startsWith("application/json")) {
            return typedJson(text.get(), "body").<Result>map(why -> new Result.Refused(400, why))
                    .orElse(new Result.Accepted(text.get()));
        }
        return new Result.Refused(415, "Content-Type must be application/x-www-form-urlencoded or application/json");
    }

    sealed interface Result {
        record Accepted(String text) implements Result { }

        record Refused(int status, String reason) implements Result { }
    }

    private static Result form(String text) {
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            Optional<String> decodedName = percentDecoded(name);
            Optional<String> decodedValue = percentDecoded(value);
            if (decodedName.isEmpty() || decodedValue.isEmpty()) {
                return new Result.Refused(400, "form field is not percent-encoded UTF-8");
            }
            if (decodedName.get().equals("payload")) {
                Optional<String> why = typedJson(decodedValue.get(), "payload");
                if (why.isPresent()) {
                    return new Result.Refused(400, why.get());
                }
            }
        }
        return new Result.Accepted(text);
    }

    /** Empty when {@code text} is a JSON object with a string {@code type}; otherwise what is wrong with it. */
    private static Optional<String> typedJson(String text, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.of(what + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            return Optional.of(what + " is not a JSON object");
        }
        if (!node.path("type").isTextual()) {
            return Optional.of(what + " has no \"type\"");
        }
        return Optional.empty();
    }

    /** x-www-form-urlencoded decoding that refuses bad escapes and bytes that are not UTF-8. */
    static Optional<String> percentDecoded(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                return Optional.empty(); // a form body is ASCII; anything else was not encoded
            } else {
                bytes.write(c);
            }
        }
        return utf8(bytes.toByteArray());
    }

    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
