package dev.incidentbot.chat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The port every chat platform implements. Small and synchronous: the engine's outbox dispatcher calls these from its
 * own threads and handles {@link DeliveryException}s; the platform never retries on its own.
 * Implementations know chat, and nothing of incidents.
 */
public interface ChatPlatform {

    /** Stable short name stored with every incident and outbox row: {@code console}, {@code slack}, {@code matrix}. */
    String name();

    /** Connect and start handing inbound events to {@code handler}. */
    void start(InboundHandler handler);

    void stop();

    /** True while the platform can deliver (connected, authenticated). */
    default boolean isReady() {
        return true;
    }

    ConversationRef createConversation(ConversationSpec spec);

    /**
     * Create as one {@link Attempt}: platforms that can tell their own earlier creation (Slack: the key in the
     * channel's purpose) adopt it rather than create a second conversation.
     */
    default ConversationRef createConversation(ConversationSpec spec, Attempt attempt) {
        return createConversation(spec);
    }

    /** Invite mention targets; people already present are not an error. Returns who could not be invited. */
    List<String> invite(ConversationRef conversation, List<String> targets);

    /**
     * Invite with a {@code reason} the invitees see ({@code INC-7 SEV1: checkout down — you are on call}); platforms
     * that can also tell them directly (Matrix: a direct room the bot keeps with each person) do so.
     */
    default List<String> invite(ConversationRef conversation, List<String> targets, String reason) {
        return invite(conversation, targets);
    }

    /**
     * Post a message. {@code idempotencyKey} is the same on every retry of one logical send, so platforms that can
     * (Matrix transaction ids) never post twice.
     */
    MessageRef post(ConversationRef conversation, RichMessage message, String idempotencyKey);

    /**
     * Post as one {@link Attempt} of a logical send. Platforms whose API deduplicates by key (Matrix) need nothing
     * more; the others (Slack) override this to look for an earlier try's message before posting again.
     */
    default MessageRef post(ConversationRef conversation, RichMessage message, Attempt attempt) {
        return post(conversation, message, attempt.key());
    }

    /**
     * A link that opens {@code conversation} for people outside the chat (a ticket, a page, a status page); empty
     * where the platform has none. No network call.
     */
    default Optional<java.net.URI> conversationLink(ConversationRef conversation) {
        return Optional.empty();
    }

    void update(MessageRef ref, RichMessage message);

    void pin(MessageRef ref);

    void setTopic(ConversationRef conversation, String topic);

    void upload(ConversationRef conversation, String filename, byte[] content, String comment);

    /**
     * Upload as one {@link Attempt} of a logical send. Platforms whose API deduplicates by key (Matrix) need nothing
     * more; the others (Slack) override this to look for an earlier try's file before uploading again.
     */
    default void upload(ConversationRef conversation, String filename, byte[] content, String comment, Attempt attempt) {
        upload(conversation, filename, content, comment);
    }

    /** Answer the person behind {@code handle}; {@code ephemeral} asks for only them to see it where possible. */
    void reply(ReplyHandle handle, RichMessage message, boolean ephemeral);

    /**
     * Turn a mention typed in a command ({@code @alice}, {@code <@U123|alice>}, {@code @alice:example.org}) into a
     * person, without network calls. Empty if the text is not a mention on this platform.
     */
    Optional<Person> resolvePerson(String mention);

    /**
     * People matching a short handle typed without an id or server ({@code @bob}): by handle or localpart, then by
     * display name, preferring members of {@code where}. May call the platform (cached where it can); empty when
     * nobody matches, several when it is ambiguous. Never called inside the engine's database transaction.
     */
    default List<Person> findPeople(ConversationRef where, String handle) {
        return List.of();
    }

    /** How people type the bot's command on this platform ({@code /incident}, {@code !incident}), for help and usage texts. */
    default String commandPrefix() {
        return "/incident";
    }

    /** Rename a conversation (a resolved incident's gets a {@code [resolved]} prefix) where the platform allows it. */
    default void renameConversation(ConversationRef conversation, String name) {
    }

    /** Leave a conversation the bot is done with, where leaving is a thing (Matrix rooms). */
    default void leaveConversation(ConversationRef conversation) {
    }

    /** How long after resolution the bot leaves an incident's conversation; empty: it stays. */
    default Optional<java.time.Duration> leaveResolvedAfter() {
        return Optional.empty();
    }

    /** A conversation where every declaration is also announced (Slack's announce_channel), if configured. */
    default Optional<ConversationRef> announceConversation() {
        return Optional.empty();
    }

    /** Promote or demote the incident commander where the platform has such a notion (Matrix power levels). */
    default void setModerator(ConversationRef conversation, Person person, boolean moderator) {
    }
}
