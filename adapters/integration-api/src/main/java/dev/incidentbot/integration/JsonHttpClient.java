package dev.incidentbot.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.chat.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * JSON over HTTP for the integrations' SaaS APIs: a request with the vendor's headers, the answer's body read as JSON
 * (an empty object when it is not), a network failure retryable. What a refusal means is the vendor's own
 * {@link Refusals}: each API documents its own retryable statuses and error bodies.
 */
public final class JsonHttpClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String vendor;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final Refusals refusals;

    /** {@code headers} go on every request (authentication, Accept, API version); {@code vendor} names the API in errors. */
    public JsonHttpClient(String vendor, HttpClient http, Duration timeout, Map<String, String> headers, Refusals refusals) {
        this.vendor = vendor;
        this.http = http;
        this.timeout = timeout;
        this.headers = new LinkedHashMap<>(headers);
        this.refusals = refusals;
    }

    /** The body of a successful answer; a refusal throws what the vendor's {@link Refusals} make of it. */
    public JsonNode call(String method, URI uri, Optional<JsonNode> body, String what) {
        return check(exchange(method, uri, body), what);
    }

    /** The answer whatever its status (for a caller that reads a refusal's body first); only a network failure throws. */
    public Answer exchange(String method, URI uri, Optional<JsonNode> body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
            headers.forEach(request::header);
            if (body.isPresent()) {
                request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body.get()), StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), parse(response.body()), response.headers());
        } catch (IOException e) {
            throw new DeliveryException.Retryable(vendor + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException.Retryable("interrupted while calling " + vendor, e);
        }
    }

    /** The answer's body if it is a success; otherwise throws what the vendor's {@link Refusals} make of it. */
    public JsonNode check(Answer answer, String what) {
        if (answer.succeeded()) {
            return answer.body();
        }
        throw refusals.refusal(answer, what);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** One HTTP answer: its status, its body as JSON (an empty object when it had none or not JSON), its headers. */
    public record Answer(int status, JsonNode body, HttpHeaders headers) {
        public boolean succeeded() {
            return status / 100 == 2;
        }

        /** {@code Retry-After} in seconds, when the answer has one that is a number. */
        public Optional<Duration> retryAfter() {
            return headers.firstValue("Retry-After").flatMap(Answer::seconds);
        }

        private static Optional<Duration> seconds(String header) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** How one API's refusals map to {@link DeliveryException}s: what may work later, and what never will. */
    @FunctionalInterface
    public interface Refusals {
        /** The exception for a non-2xx {@code answer} to the call described by {@code what}. */
        DeliveryException refusal(Answer answer, String what);

        /**
         * The common rule: {@code retryable} statuses are retried after the answer's Retry-After
         * ("{@code <vendor> answered <status> (<detail>)}"), the rest are permanent
         * ("{@code <vendor> <refused> <what>: <status> <detail>}"); {@code detail} is the error the body carries.
         */
        static Refusals byStatus(String vendor, IntPredicate retryable, String refused, Function<Answer, String> detail) {
            return (answer, what) -> {
                String why = detail.apply(answer);
                if (retryable.test(answer.status())) {
                    return new DeliveryException.Retryable(vendor + " answered " + answer.status() + " (" + why + ")",
                            answer.retryAfter().orElse(Duration.ZERO), null);
                }
                return new DeliveryException.Permanent(vendor + " " + refused + " " + what + ": " + answer.status() + " " + why);
            };
        }
    }
}
