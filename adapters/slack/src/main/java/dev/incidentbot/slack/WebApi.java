package dev.incidentbot.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import dev.incidentbot.chat.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * One place where Slack's answers become the port's contract: rate limits, 5xx, timeouts and network errors are
 * {@link DeliveryException.Retryable} (with Retry-After when Slack sent one), every other error is
 * {@link DeliveryException.Permanent}. Nothing here retries or sleeps; the engine's outbox does.
 */
final class WebApi {

    /** Error codes that mean "try again later" although Slack answered HTTP 200. */
    private static final Set<String> RETRYABLE_ERRORS = Set.of("ratelimited", "rate_limited", "internal_error",
            "fatal_error", "service_unavailable", "request_timeout");
    /** Error codes that mean the token itself is unusable. */
    static final Set<String> AUTH_ERRORS = Set.of("not_authed", "invalid_auth", "account_inactive", "token_revoked",
            "token_expired", "no_permission", "missing_scope");

    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T run(MethodsClient client) throws IOException, SlackApiException;
    }

    private final MethodsClient methods;
    private final HttpClient http;
    private final Duration timeout;
    private volatile boolean authRejected;

    WebApi(Slack slack, String token, Duration timeout) {
        this.methods = new SharedGsonMethodsClient(slack.getHttpClient(), token);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** True once Slack rejected the token: the platform is then not ready. */
    boolean authRejected() {
        return authRejected;
    }

    /**
     * Calls {@code method}; returns its response when it is {@code ok} or its error is in {@code acceptedErrors}
     * (e.g. {@code already_pinned}, which is success for us). Any other error is thrown as a DeliveryException.
     */
    <T extends SlackApiTextResponse> T call(String method, Set<String> acceptedErrors, Call<T> call) {
        T response = answer(method, call);
        if (response.isOk() || acceptedErrors.contains(response.getError())) {
            return response;
        }
        throw failure(method, response.getError());
    }

    <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
        return call(method, Set.of(), call);
    }

    /**
     * Calls {@code method} and returns its response also when it carries a method-specific error for the caller to
     * interpret ({@code name_taken}, {@code users_not_found}); transport, rate-limit and token failures still throw.
     */
    <T extends SlackApiTextResponse> T answer(String method, Call<T> call) {
        T response = send(method, call);
        if (!response.isOk()) {
            String error = response.getError() == null ? "unknown_error" : response.getError();
            if (RETRYABLE_ERRORS.contains(error) || AUTH_ERRORS.contains(error)) {
                throw failure(method, error);
            }
        }
        return response;
    }

    private <T extends SlackApiTextResponse> T send(String method, Call<T> call) {
        try {
            T response = call.run(methods);
            if (response == null) {
                throw new DeliveryException.Retryable(method + ": empty response", null);
            }
            return response;
        } catch (SlackApiException e) {
            throw httpFailure(method, e);
        } catch (IOException e) {
            throw new DeliveryException.Retryable(method + ": " + e, e);
        } catch (DeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            // A body that is not Slack's JSON (a proxy's error page) is a transient infrastructure failure.
            throw new DeliveryException.Retryable(method + ": unreadable response: " + e, e);
        }
    }

    DeliveryException failure(String method, String error) {
        String code = error == null ? "unknown_error" : error;
        if (RETRYABLE_ERRORS.contains(code)) {
            return new DeliveryException.Retryable(method + ": " + code, null);
        }
        if (AUTH_ERRORS.contains(code) && !code.equals("missing_scope") && !code.equals("no_permission")) {
            authRejected = true;
        }
        return new DeliveryException.Permanent(method + ": " + code);
    }

    private static DeliveryException httpFailure(String method, SlackApiException e) {
        int status = e.getResponse() == null ? 0 : e.getResponse().code();
        if (status == 429) {
            Duration retryAfter = retryAfter(e.getResponse().header("Retry-After"));
            return new DeliveryException.Retryable(method + ": ratelimited, retry after " + retryAfter, retryAfter, e);
        }
        if (status >= 500 || status == 408 || status == 0) {
            return new DeliveryException.Retryable(method + ": HTTP " + status, e);
        }
        return new DeliveryException.Permanent(method + ": HTTP " + status, e);
    }

    static Duration retryAfter(String header) {
        if (header == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    /** POSTs a JSON body to a response_url; returns the HTTP status, or throws Retryable on network failure. */
    int postJson(URI url, String json) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return send("response_url", request);
    }

    /** POSTs file bytes to an upload_url from files.getUploadURLExternal. */
    void postBytes(URI url, byte[] content) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        int status = send("upload_url", request);
        if (status != 200) {
            // A fresh upload_url comes with the next attempt, so any failure here is worth retrying.
            throw new DeliveryException.Retryable("upload_url: HTTP " + status, null);
        }
    }

    private int send(String what, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new DeliveryException.Retryable(what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException.Retryable(what + ": interrupted", e);
        }
    }
}
