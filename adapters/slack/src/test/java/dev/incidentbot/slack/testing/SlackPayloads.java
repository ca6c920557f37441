package dev.incidentbot.slack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Slack sends when someone types a slash command, clicks a button, submits a modal or adds a reaction, built
 * from Slack's samples in the test resources ({@code dev/incidentbot/slack/samples}). The same payloads travel as
 * signed HTTP requests ({@link SignedSlackClient}) or inside Socket Mode envelopes ({@link FakeSocketModeServer}).
 */
public final class SlackPayloads {

    public static final String TEAM_ID = FakeSlackWebApi.TEAM_ID;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLES = "/dev/incidentbot/slack/samples/";

    private SlackPayloads() {
    }

    /** The slash command's fields, in Slack's order (HTTP sends them as a form, Socket Mode as a JSON object). */
    public static Map<String, String> slashCommandFields(SignedSlackClient.SlashCommand c) {
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
        return fields;
    }

    /** A click on a message button, from Slack's block_actions sample with our values put in. */
    public static ObjectNode blockAction(String userId, String userName, String channelId, String channelName,
                                         String actionId, String value, String responseUrl, String triggerId) {
        ObjectNode payload = inbound("block_actions.ephemeral-message-with-state.json");
        ((ObjectNode) payload.get("user")).put("id", userId).put("username", userName).put("name", userName)
                .put("team_id", TEAM_ID);
        ((ObjectNode) payload.get("team")).put("id", TEAM_ID);
        ((ObjectNode) payload.get("container")).put("channel_id", channelId).put("is_ephemeral", false);
        ((ObjectNode) payload.get("channel")).put("id", channelId).put("name", channelName);
        payload.put("response_url", responseUrl).put("trigger_id", triggerId);
        payload.remove("state");
        ((ObjectNode) payload.get("actions").get(0)).put("action_id", actionId).put("value", value)
                .put("block_id", "actions");
        return payload;
    }

    /**
     * A click on the button labelled {@code label} in a message's Block Kit {@code blocks} (as the fake stored them),
     * carrying exactly the action_id and value the platform rendered.
     */
    public static ObjectNode buttonClick(JsonNode blocks, String label, String userId, String userName,
                                         String channelId, String channelName, String responseUrl, String triggerId) {
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

    /** A submitted modal, from Slack's view_submission sample: {@code values} maps input block id to text. */
    public static ObjectNode viewSubmission(String userId, String userName, String callbackId, String privateMetadata,
                                            Map<String, String> values, String inputActionId, String triggerId) {
        ObjectNode payload = inbound("view_submission.modal.json");
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
        return payload;
    }

    /**
     * The submission of a modal the platform opened ({@code view} as sent to {@code views.open}, see
     * {@link FakeSlackWebApi#lastOpenedView()}), with {@code values} typed into its inputs by block id.
     */
    public static ObjectNode submissionOf(JsonNode view, Map<String, String> values, String userId, String userName,
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

    /** A copy of one of Slack's inbound samples from the test resources. */
    public static ObjectNode inbound(String name) {
        return sample("inbound/" + name);
    }

    /** A copy of a sample under {@code dev/incidentbot/slack/samples/}, e.g. {@code socket_mode/hello.json}. */
    public static ObjectNode sample(String path) {
        try (InputStream in = SlackPayloads.class.getResourceAsStream(SAMPLES + path)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + path);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
