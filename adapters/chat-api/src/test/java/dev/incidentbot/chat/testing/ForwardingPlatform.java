package dev.incidentbot.chat.testing;

import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.InboundHandler;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import java.util.List;
import java.util.Optional;

/**
 * A test platform that hands every call of the port to {@code delegate} (the port's defaults stay the port's): extend
 * it and override the one behaviour a test changes (not ready yet, a side effect after each post).
 */
public abstract class ForwardingPlatform implements ChatPlatform {
    protected final ChatPlatform delegate;

    protected ForwardingPlatform(ChatPlatform delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void start(InboundHandler handler) {
        delegate.start(handler);
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public ConversationRef createConversation(ConversationSpec spec) {
        return delegate.createConversation(spec);
    }

    @Override
    public List<String> invite(ConversationRef conversation, List<String> targets) {
        return delegate.invite(conversation, targets);
    }

    @Override
    public MessageRef post(ConversationRef conversation, RichMessage message, String idempotencyKey) {
        return delegate.post(conversation, message, idempotencyKey);
    }

    @Override
    public void update(MessageRef ref, RichMessage message) {
        delegate.update(ref, message);
    }

    @Override
    public void pin(MessageRef ref) {
        delegate.pin(ref);
    }

    @Override
    public void setTopic(ConversationRef conversation, String topic) {
        delegate.setTopic(conversation, topic);
    }

    @Override
    public void upload(ConversationRef conversation, String filename, byte[] content, String comment) {
        delegate.upload(conversation, filename, content, comment);
    }

    @Override
    public void reply(ReplyHandle handle, RichMessage message, boolean ephemeral) {
        delegate.reply(handle, message, ephemeral);
    }

    @Override
    public Optional<Person> resolvePerson(String mention) {
        return delegate.resolvePerson(mention);
    }
}
