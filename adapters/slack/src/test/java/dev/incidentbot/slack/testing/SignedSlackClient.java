package dev.incidentbot.slack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * Plays Slack's side of {@code POST /slack/events}: builds slash-command, block_actions, view_submission and Events
 * API requests shaped like Slack's samples, signs them as Slack does and sends them. Lower-level {@link #send} allows
 * unsigned or wrongly signed requests.
 */
public final class SignedSlackClient {

    public static final String TEAM_ID = FakeSlackWebApi.TEAM_ID;
    private static final ObjectMapper JSON = new ObjectMapper();
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
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "legacy-verification-token");
        fields.put("team_id", TEAM_ID);
        fields.put("team_domain", "fake");
        fields.put("channel_id", c.channelId());
        fields.put("channel_name", c.channelName());
        fields.put("user_id", c.userId());
        fields.put("user_name", c.userName());
        fields.put("command", c.command());
        fields.put("text", c.text());
        fields.put("api_app_id", "A0FAKE001");
        fields.put("response_url", c.responseUrl());
        fields.put("trigger_id", c.triggerId());
        return sendSigned(form(fields), FORM, Map.of());
    }

    /** A click on a message button, from Slack's block_actions sample with our values put in. */
    public HttpResponse<String> blockAction(String userId, String userName, String channelId, String channelName,
                                            String actionId, String value, String responseUrl, String triggerId) {
        ObjectNode payload = sample("block_actions.ephemeral-message-with-state.json");
        ((ObjectNode) payload.get("user")).put("id", userId).put("username", userName).put("name", userName)
                .put("team_id", TEAM_ID);
        ((ObjectNode) payload.get("team")).put("id", TEAM_ID);
        ((ObjectNode) payload.get("container")).put("channel_id", channelId).put("is_ephemeral", false);
        ((ObjectNode) payload.get("channel")).put("id", channelId).put("name", channelName);
        payload.put("response_url", responseUrl).put("trigger_id", triggerId);
        payload.remove("state");
        ((ObjectNode) payload.get("actions").get(0)).put("action_id", actionId).put("value", value)
                .put("block_id", "actions");
        return interactive(payload);
    }

    /** A submitted modal, from Slack's view_submission sample: {@code values} maps input block id to text. */
    public HttpResponse<String> viewSubmission(String userId, String userName, String callbackId,
                                               String privateMetadata, Map<String, String> values,
                                               String inputActionId, String triggerId) {
        ObjectNode payload = sample("view_submission.modal.json");
        ((ObjectNode) payload.get("user")).put("id", userId).put("username", userName).put("name", userName);
        payload.put("trigger_id", triggerId);
        ObjectNode view = (ObjectNode) payload.get("view");
        view.put("callback_id", callbackId).put("private_metadata", privateMetadata);
        ArrayNode blocks = view.putArray("blocks");
        ObjectNode stateValues = JSON.createObjectNode();
        values.forEach((blockId, text) -> {
            ObjectNode block = blocks.addObject().put("type", "input").put("block_id", blockId);
            block.putObject("element").put("type", "plain_text_input").put("action_id", inputActionId);
            stateValues.putObject(blockId).putObject(inputActionId).put("type", "plain_text_input").put("value", text);
        });
        view.putObject("state").set("values", stateValues);
        return interactive(payload);
    }

    /**
     * Clicks the button labelled {@code label} in a message's Block Kit {@code blocks} (as the fake stored them),
     * sending back exactly the action_id and value the platform rendered.
     */
    public HttpResponse<String> clickButton(JsonNode blocks, String label, String userId, String userName,
                                            String channelId, String channelName, String responseUrl,
                                            String triggerId) {
        for (JsonNode block : blocks) {
            for (JsonNode element : block.path("elements")) {
                if ("button".equals(element.path("type").asText())
                        && label.equals(element.path("text").path("text").asText())) {
                    return blockAction(userId, userName, channelId, channelName, element.path("action_id").asText(),
                            element.path("value").asText(), responseUrl, triggerId);
                }
            }
        }
        throw new IllegalArgumentException("no button labelled " + label + " in " + blocks);
    }

    /**
     * Submits a modal the platform opened ({@code view} as sent to {@code views.open}, see
     * {@link FakeSlackWebApi#lastOpenedView()}), typing {@code values} into its inputs by block id.
     */
    public HttpResponse<String> submitView(JsonNode view, Map<String, String> values, String userId, String userName,
                                           String triggerId) {
        String inputActionId = "";
        for (JsonNode block : view.path("blocks")) {
            if (values.containsKey(block.path("block_id").asText())) {
                inputActionId = block.path("element").path("action_id").asText();
            }
        }
        return viewSubmission(userId, userName, view.path("callback_id").asText(),
                view.path("private_metadata").asText(), values, inputActionId, triggerId);
    }

    /** A {@code reaction_added} envelope as in Slack's Events API schema example. */
    public static ObjectNode reactionAdded(String eventId, String userId, String reaction, String channelId,
                                           String messageTs, String itemUser) {
        ObjectNode envelope = JSON.createObjectNode().put("token", "legacy-verification-token").put("team_id", TEAM_ID)
                .put("api_app_id", "A0FAKE001");
        ObjectNode event = envelope.putObject("event").put("type", "reaction_added").put("user", userId)
                .put("reaction", reaction).put("item_user", itemUser);
        event.putObject("item").put("type", "message").put("channel", channelId).put("ts", messageTs);
        event.put("event_ts", messageTs);
        envelope.put("type", "event_callback").put("event_id", eventId).put("event_time", 1_700_000_000);
        envelope.putArray("authed_users").add(FakeSlackWebApi.BOT_USER_ID);
        return envelope;
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
        try (InputStream in = SignedSlackClient.class.getResourceAsStream(SAMPLES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
