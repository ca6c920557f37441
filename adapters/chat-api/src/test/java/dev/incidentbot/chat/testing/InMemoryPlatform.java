package dev.incidentbot.chat.testing;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.InboundHandler;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test backend: push a command as a person, read what the bot did. Every side effect is recorded as an
 * {@link Effect} in order; {@link #failNext} makes the next deliveries fail as a flaky platform would.
 */
public final class InMemoryPlatform implements ChatPlatform {

    /** One side effect the bot performed on this platform. */
    public record Effect(String kind, String conversation, String text, RichMessage message) { }

    private final String name;
    private final List<Effect> effects = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile DeliveryException nextFailure = new DeliveryException.Retryable("simulated outage", null);
    private volatile InboundHandler handler;

    public InMemoryPlatform() {
        this("memory");
    }

    public InMemoryPlatform(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(InboundHandler handler) {
        this.handler = handler;
    }

    @Override
    public void stop() {
    }

    /** Type {@code /incident <text>} as {@code person} in {@code conversation}; returns the bot's acknowledgement. */
    public Ack command(String person, String conversation, String text) {
        ConversationRef conv = new ConversationRef(conversation, conversation);
        return handler.handle(this, new Inbound.Command(text, Person.of(person), conv,
                new ReplyHandle(person + "@" + conversation), "cmd-" + ids.incrementAndGet()));
    }

    public Ack push(Inbound inbound) {
        return handler.handle(this, inbound);
    }

    /** The next {@code count} deliveries fail with {@code failure}. */
    public void failNext(int count, DeliveryException failure) {
        this.nextFailure = failure;
        failures.set(count);
    }

    public void failNext(int count) {
        failNext(count, new DeliveryException.Retryable("simulated outage", Duration.ZERO, null));
    }

    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    /** Plain-text renderings of the messages posted to {@code conversation}, in order. */
    public List<String> postsIn(String conversation) {
        List<String> out = new ArrayList<>();
        for (Effect e : effects) {
            if (e.kind().equals("post") && e.conversation().equals(conversation)) {
                out.add(e.text());
            }
        }
        return out;
    }

    public List<String> posts() {
        return effects.stream().filter(e -> e.kind().equals("post")).map(Effect::text).toList();
    }

    public List<Effect> effects(String kind) {
        return effects.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    private void maybeFail() {
        if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw nextFailure;
        }
    }

    private void record(String kind, String conversation, String text, RichMessage message) {
        effects.add(new Effect(kind, conversation, text, message));
    }

    @Override
    public ConversationRef createConversation(ConversationSpec spec) {
        maybeFail();
        String id = "#" + spec.name();
        record("create", id, spec.topic() + " | invited " + String.join(", ", spec.invitees()), null);
        return new ConversationRef(id, spec.name());
    }

    @Override
    public List<String> invite(ConversationRef conversation, List<String> targets) {
        maybeFail();
        record("invite", conversation.id(), String.join(", ", targets), null);
        return List.of();
    }

    @Override
    public MessageRef post(ConversationRef conversation, RichMessage message, String idempotencyKey) {
        maybeFail();
        record("post", conversation.id(), PlainTextRenderer.render(message), message);
        return new MessageRef(conversation, "m" + ids.incrementAndGet());
    }

    @Override
    public void update(MessageRef ref, RichMessage message) {
        maybeFail();
        record("update", ref.conversation().id(), PlainTextRenderer.render(message), message);
    }

    /** A link as a real platform's deep link would be, so what integrations do with it shows in tests. */
    @Override
    public Optional<java.net.URI> conversationLink(ConversationRef conversation) {
        return Optional.of(java.net.URI.create("https://chat.example/" + java.net.URLEncoder.encode(conversation.id(),
                java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void pin(MessageRef ref) {
        maybeFail();
        record("pin", ref.conversation().id(), ref.id(), null);
    }

    @Override
    public void setTopic(ConversationRef conversation, String topic) {
        maybeFail();
        record("topic", conversation.id(), topic, null);
    }

    @Override
    public void upload(ConversationRef conversation, String filename, byte[] content, String comment) {
        maybeFail();
        record("upload", conversation.id(), filename + "\n" + new String(content, java.nio.charset.StandardCharsets.UTF_8), null);
    }

    @Override
    public void reply(ReplyHandle handle, RichMessage message, boolean ephemeral) {
        maybeFail();
        record("reply", handle.value(), PlainTextRenderer.render(message), message);
    }

    @Override
    public Optional<Person> resolvePerson(String mention) {
        if (mention.startsWith("@") && mention.length() > 1) {
            return Optional.of(Person.of(mention.substring(1)));
        }
        return Optional.empty();
    }
}
