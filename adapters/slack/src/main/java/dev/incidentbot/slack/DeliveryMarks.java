package dev.incidentbot.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.Message;
import dev.incidentbot.chat.ConversationRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What makes a Slack side effect recognisable after a crash or a lost answer, since Slack has no idempotency keys: a
 * channel carries its send's key in its purpose, a message carries it in its {@code metadata}
 * (https://api.slack.com/metadata/using). A retry whose earlier try may have landed looks for these first.
 */
final class DeliveryMarks {
    static final String EVENT_TYPE = "incident_bot_delivery";
    /** How far back a retry looks for its message: the unrecorded send is among the channel's latest messages. */
    static final int HISTORY_WINDOW = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebApi api;
    private final String botUserId;

    DeliveryMarks(WebApi api, String botUserId) {
        this.api = api;
        this.botUserId = botUserId;
    }

    static String purpose(String key) {
        return "Incident channel opened by incident-bot (ref " + key + ")";
    }

    static String metadata(String key) {
        try {
            return JSON.writeValueAsString(Map.of("event_type", EVENT_TYPE, "event_payload", Map.of("key", key)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The channel named {@code name} that this bot created for the send {@code key}: created by the bot's user, not
     * archived, and with the key in its purpose, or no purpose yet (the purpose is set right after the create, so an
     * empty one is a create interrupted before it). A channel anyone else made is never adopted.
     */
    Optional<Conversation> ownChannel(String name, String key) {
        String cursor = "";
        do {
            String page = cursor;
            ConversationsListResponse response = api.call("conversations.list", client -> client.conversationsList(req -> req
                    .types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL))
                    .excludeArchived(true).limit(1000).cursor(page.isEmpty() ? null : page)));
            for (Conversation c : Optional.ofNullable(response.getChannels()).orElse(List.of())) {
                if (name.equals(c.getName()) && botUserId.equals(c.getCreator()) && !c.isArchived()) {
                    String purpose = c.getPurpose() == null || c.getPurpose().getValue() == null ? "" : c.getPurpose().getValue();
                    return purpose.isEmpty() || purpose.contains("(ref " + key + ")") ? Optional.of(c) : Optional.empty();
                }
            }
            cursor = response.getResponseMetadata() == null || response.getResponseMetadata().getNextCursor() == null
                    ? "" : response.getResponseMetadata().getNextCursor();
        } while (!cursor.isEmpty());
        return Optional.empty();
    }

    /** The ts of the message posted for {@code key} among the channel's latest messages, if that post landed. */
    Optional<String> posted(ConversationRef channel, String key) {
        ConversationsHistoryResponse response = api.call("conversations.history", client -> client.conversationsHistory(req -> req
                .channel(channel.id()).limit(HISTORY_WINDOW).includeAllMetadata(true)));
        for (Message m : Optional.ofNullable(response.getMessages()).orElse(List.of())) {
            Message.Metadata metadata = m.getMetadata();
            if (metadata != null && EVENT_TYPE.equals(metadata.getEventType()) && metadata.getEventPayload() != null
                    && key.equals(String.valueOf(metadata.getEventPayload().get("key")))) {
                return Optional.of(m.getTs());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the bot shared a file named {@code filename} of {@code size} bytes among the channel's latest messages.
     * Uploads carry no metadata, so name and size stand in for the key: the same file again is not a new one.
     */
    boolean uploaded(ConversationRef channel, String filename, long size) {
        ConversationsHistoryResponse response = api.call("conversations.history", client -> client.conversationsHistory(req -> req
                .channel(channel.id()).limit(HISTORY_WINDOW)));
        return Optional.ofNullable(response.getMessages()).orElse(List.of()).stream()
                .filter(m -> botUserId.equals(m.getUser()))
                .flatMap(m -> Optional.ofNullable(m.getFiles()).orElse(List.of()).stream())
                .anyMatch(f -> filename.equals(f.getName()) && f.getSize() != null && f.getSize() == size);
    }
}
