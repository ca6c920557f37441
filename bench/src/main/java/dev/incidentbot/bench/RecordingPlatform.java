package dev.incidentbot.bench;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.InboundHandler;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * An in-memory chat platform that answers at once and keeps only what the figures read: when each message was posted
 * where. The tests' InMemoryPlatform keeps every effect in a copy-on-write list, which costs O(n) per effect; at the
 * tens of thousands of effects a benchmark makes, that list, not the engine, would be what gets measured.
 */
public final class RecordingPlatform implements ChatPlatform {
    private final Map<String, List<Instant>> postsByConversation = new ConcurrentHashMap<>();
    private final AtomicLong effects = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private volatile InboundHandler handler;
    private volatile BiConsumer<ConversationRef, RichMessage> onPost = (conversation, message) -> { };

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void start(InboundHandler handler) {
        this.handler = handler;
    }

    @Override
    public void stop() {
    }

    /** Types {@code /incident <text>} as {@code person} in {@code conversation}; returns the bot's acknowledgement. */
    public Ack command(String person, String conversation, String text) {
        return handler.handle(this, new Inbound.Command(text, Person.of(person),
                new ConversationRef(conversation, conversation), new ReplyHandle(person), "cmd-" + ids.incrementAndGet()));
    }

    /** Also hand every posted message to {@code listener}, on the delivering thread. */
    public void onPost(BiConsumer<ConversationRef, RichMessage> listener) {
        this.onPost = listener;
    }

    /** Posting times per conversation id, in delivery order. */
    public Map<String, List<Instant>> posts() {
        return postsByConversation;
    }

    public long effects() {
        return effects.get();
    }

    @Override
    public ConversationRef createConversation(ConversationSpec spec) {
        effects.incrementAndGet();
        return new ConversationRef("#" + spec.name(), spec.name());
    }

    @Override
    public List<String> invite(ConversationRef conversation, List<String> targets) {
        effects.incrementAndGet();
        return List.of();
    }

    @Override
    public MessageRef post(ConversationRef conversation, RichMessage message, String idempotencyKey) {
        Instant at = Instant.now();
        effects.incrementAndGet();
        List<Instant> times = postsByConversation.computeIfAbsent(conversation.id(), c -> new ArrayList<>());
        synchronized (times) {
            times.add(at);
        }
        onPost.accept(conversation, message);
        return new MessageRef(conversation, "m" + ids.incrementAndGet());
    }

    @Override
    public void update(MessageRef ref, RichMessage message) {
        effects.incrementAndGet();
    }

    @Override
    public void pin(MessageRef ref) {
        effects.incrementAndGet();
    }

    @Override
    public void setTopic(ConversationRef conversation, String topic) {
        effects.incrementAndGet();
    }

    @Override
    public void upload(ConversationRef conversation, String filename, byte[] content, String comment) {
        effects.incrementAndGet();
    }

    @Override
    public void reply(ReplyHandle handle, RichMessage message, boolean ephemeral) {
        effects.incrementAndGet();
    }

    @Override
    public Optional<Person> resolvePerson(String mention) {
        return mention.startsWith("@") && mention.length() > 1 ? Optional.of(Person.of(mention.substring(1)))
                : Optional.empty();
    }
}
