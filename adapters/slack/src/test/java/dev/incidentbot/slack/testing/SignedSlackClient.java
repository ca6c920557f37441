package dev.incidentbot.slack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Plays Slack's side of {@code POST /slack/events}: sends slash-command, block_actions, view_submission and Events
 * API requests shaped like Slack's samples ({@link SlackPayloads}), signed as Slack signs them. Lower-level
 * {@link #send} allows unsigned or wrongly signed requests.
 */
public final class SignedSlackClient {

    public static final String TEAM_ID = FakeSlackWebApi.TEAM_ID;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String SAMPLES = "/dev/incidentbot/slack/samples/inbound/";

    private final URI endpoint;
    private final SlackRequestSigner signer;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SignedSlackClient(URI endpoint, String signingSecret) {
        this(endpoint, signingSecret, Clock.systemUTC());
    }

    /** {@code clock} supplies the {@code X-Slack-Request-Timestamp}. */
    public SignedSlackClient(URI endpoint, String signingSecret, Clock clock) {
        this.endpoint = endpoint;
        this.signer = new SlackRequestSigner(signingSecret);
        this.clock = clock;
    }

    /** A person typing {@code command text} in a channel. */
    public record SlashCommand(String command, String text, String userId, String userName, String channelId,
                               String channelName, String responseUrl, String triggerId) { }

    public HttpResponse<String> slashCommand(SlashCommand c) {
        return sendSigned(form(SlackPayloads.slashCommandFields(c)), FORM, Map.of());
    }

    /** A click on a message button, from Slack's block_actions sample with our values put in. */
    public HttpResponse<String> blockAction(String userId, String userName, String channelId, String channelName,
                                            String actionId, String value, String responseUrl, String triggerId) {
        return interactive(SlackPayloads.blockAction(userId, userName, channelId, channelName, actionId, value,
                responseUrl, triggerId));
    }

    /** A submitted modal, from Slack's view_submission sample: {@code values} maps input block id to text. */
    public HttpResponse<String> viewSubmission(String userId, String userName, String callbackId,
                                               String privateMetadata, Map<String, String> values,
                                               String inputActionId, String triggerId) {
        return interactive(SlackPayloads.viewSubmission(userId, userName, callbackId, privateMetadata, values,
                inputActionId, triggerId));
    }

    /**
     * Clicks the button labelled {@code label} in a message's Block Kit {@code blocks} (as the fake stored them),
     * sending back exactly the action_id and value the platform rendered.
     */
    public HttpResponse<String> clickButton(JsonNode blocks, String label, String userId, String userName,
                                            String channelId, String channelName, String responseUrl,
                                            String triggerId) {
        return interactive(SlackPayloads.buttonClick(blocks, label, userId, userName, channelId, channelName,
                responseUrl, triggerId));
    }

    /**
     * Submits a modal the platform opened ({@code view} as sent to {@code views.open}, see
     * {@link FakeSlackWebApi#lastOpenedView()}), typing {@code values} into its inputs by block id.
     */
    public HttpResponse<String> submitView(JsonNode view, Map<String, String> values, String userId, String userName,
                                           String triggerId) {
        return interactive(SlackPayloads.submissionOf(view, values, userId, userName, triggerId));
    }

    /** A {@code reaction_added} envelope as in Slack's Events API schema example. */
    public static ObjectNode reactionAdded(String eventId, String userId, String reaction, String channelId,
                                           String messageTs, String itemUser) {
        return SlackPayloads.reactionAdded(eventId, userId, reaction, channelId, messageTs, itemUser);
    }

    /** An Events API request; {@code retryNum} above zero adds Slack's retry headers. */
    public HttpResponse<String> event(JsonNode envelope, int retryNum) {
        Map<String, String> headers = retryNum > 0
                ? Map.of("X-Slack-Retry-Num", Integer.toString(retryNum), "X-Slack-Retry-Reason", "http_timeout")
                : Map.of();
        return sendSigned(envelope.toString().getBytes(StandardCharsets.UTF_8), "application/json", headers);
    }

    /** Signs {@code body} with the clock's current time and sends it. */
    public HttpResponse<String> sendSigned(byte[] body, String contentType, Map<String, String> headers) {
        long ts = clock.instant().getEpochSecond();
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("X-Slack-Request-Timestamp", Long.toString(ts));
        all.put("X-Slack-Signature", signer.signature(ts, body));
        return send(body, contentType, all);
    }

    /** Sends {@code body} with exactly these headers: for requests Slack would never send. */
    public HttpResponse<String> send(byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> interactive(JsonNode payload) {
        return sendSigned(form(Map.of("payload", payload.toString())), FORM, Map.of());
    }

    public static byte[] form(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A copy of one of Slack's inbound samples from the test resources. */
    public static ObjectNode sample(String name) {
        return SlackPayloads.inbound(name);
    }

    public static byte[] sampleBytes(String name) {
        try (InputStream in = SignedSlackClient.class.getResourceAsStream(SAMPLES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
