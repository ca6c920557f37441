package dev.incidentbot.bot.outbox;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.integration.OutboundCall;
import java.util.List;

/**
 * One chat side effect a use case wants performed, stored as an outbox row in the use case's own transaction and
 * performed later by the {@link OutboxDispatcher}. Messages are rendered when the row is written, so a retry posts
 * exactly what the timeline recorded.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Delivery.CreateConversation.class, name = "create_conversation"),
    @JsonSubTypes.Type(value = Delivery.Invite.class, name = "invite"),
    @JsonSubTypes.Type(value = Delivery.Post.class, name = "post"),
    @JsonSubTypes.Type(value = Delivery.Announce.class, name = "announce"),
    @JsonSubTypes.Type(value = Delivery.Update.class, name = "update"),
    @JsonSubTypes.Type(value = Delivery.Pin.class, name = "pin"),
    @JsonSubTypes.Type(value = Delivery.SetTopic.class, name = "set_topic"),
    @JsonSubTypes.Type(value = Delivery.Upload.class, name = "upload"),
    @JsonSubTypes.Type(value = Delivery.Reply.class, name = "reply"),
    @JsonSubTypes.Type(value = Delivery.SetModerator.class, name = "set_moderator"),
    @JsonSubTypes.Type(value = Delivery.Call.class, name = "integration_call"),
    @JsonSubTypes.Type(value = Delivery.Rename.class, name = "rename"),
    @JsonSubTypes.Type(value = Delivery.Leave.class, name = "leave"),
})
public sealed interface Delivery {

    /** A short description for logs and the "could not deliver" timeline event. */
    String describe();

    /** Perform this delivery's kind: a new kind does not compile until every visitor (the dispatcher) handles it. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of delivery (Java 17 has no pattern switch). */
    interface Visitor<R> {
        R createConversation(CreateConversation delivery);

        R invite(Invite delivery);

        R post(Post delivery);

        R announce(Announce delivery);

        R update(Update delivery);

        R pin(Pin delivery);

        R setTopic(SetTopic delivery);

        R upload(Upload delivery);

        R reply(Reply delivery);

        R setModerator(SetModerator delivery);

        R call(Call delivery);

        R rename(Rename delivery);

        R leave(Leave delivery);
    }

    record CreateConversation(ConversationSpec spec) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.createConversation(this);
        }

        public String describe() {
            return "conversation " + spec.name();
        }
    }

    /** {@code reason}, when not empty, tells the invitees why (rows written before it existed have none). */
    record Invite(List<String> targets, String reason) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.invite(this);
        }

        public Invite {
            targets = List.copyOf(targets);
            reason = reason == null ? "" : reason;
        }

        public Invite(List<String> targets) {
            this(targets, "");
        }

        public String describe() {
            return "invitation of " + String.join(", ", targets);
        }
    }

    /** Post to {@code target}; when {@code refKey} is not empty, remember the message under that key. */
    record Post(Target target, RichMessage message, String refKey) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.post(this);
        }

        public String describe() {
            return "message" + (refKey.isEmpty() ? "" : " " + refKey);
        }
    }

    /** Post {@code message} in {@code where} with a link to the incident conversation appended (known only once created). */
    record Announce(ConversationRef where, RichMessage message) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.announce(this);
        }

        public String describe() {
            return "announcement in " + where.name();
        }
    }

    record Update(String refKey, RichMessage message) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.update(this);
        }

        public String describe() {
            return "update of message " + refKey;
        }
    }

    record Pin(String refKey) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.pin(this);
        }

        public String describe() {
            return "pin of message " + refKey;
        }
    }

    record SetTopic(String topic) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.setTopic(this);
        }

        public String describe() {
            return "topic";
        }
    }

    record Upload(Target target, String filename, String content, String comment) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.upload(this);
        }

        public String describe() {
            return "upload of " + filename;
        }
    }

    record Reply(ReplyHandle handle, RichMessage message, boolean ephemeral) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.reply(this);
        }

        public String describe() {
            return "reply";
        }
    }

    record SetModerator(Person person, boolean moderator) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.setModerator(this);
        }

        public String describe() {
            return (moderator ? "promotion of " : "demotion of ") + person.displayName();
        }
    }

    /**
     * A call to an integration (PagerDuty, e-mail, the status page...), performed by that integration, not a chat
     * platform. Its rows carry {@link #platformOf} as platform and their own lane per incident and integration, so a
     * PagerDuty outage never holds up chat.
     */
    record Call(OutboundCall call) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.call(this);
        }

        public static final String PLATFORM_PREFIX = "integration:";

        public String describe() {
            return call.summary();
        }

        public static String platformOf(String integration) {
            return PLATFORM_PREFIX + integration;
        }

        public static String laneOf(long incident, String integration) {
            return OutboxStore.laneOf(incident) + "/" + integration;
        }
    }

    /** Rename the incident's conversation. */
    record Rename(String name) implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rename(this);
        }

        public String describe() {
            return "rename to " + name;
        }
    }

    /** The bot leaves the incident's conversation. */
    record Leave() implements Delivery {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.leave(this);
        }

        public String describe() {
            return "leaving the conversation";
        }
    }

    /** Where a message goes: the incident's own conversation (known once created) or a given one. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "to")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Target.IncidentConversation.class, name = "incident"),
        @JsonSubTypes.Type(value = Target.Conversation.class, name = "conversation"),
    })
    sealed interface Target {
        record IncidentConversation() implements Target { }

        record Conversation(ConversationRef ref) implements Target { }

        static Target incident() {
            return new IncidentConversation();
        }

        static Target conversation(ConversationRef ref) {
            return new Conversation(ref);
        }
    }
}
