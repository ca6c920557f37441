package dev.incidentbot.console;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.InboundHandler;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chat on stdin and stdout, so anyone can try the bot with no credentials and scripts can drive it.
 * Each input line is a message from the current person in the current conversation ({@code :as NAME},
 * {@code :in CONVERSATION} switch them); lines starting with {@code /incident} are commands. Every line the bot
 * prints starts with {@code [<conversation>] }; replies only the sender sees add {@code (to NAME) }.
 */
public final class ConsolePlatform implements ChatPlatform {
    public static final String PREFIX = "/incident";

    private final InputStream in;
    private final PrintStream out;
    private final Runnable settle;
    private final Runnable endOfInput;
    private final AtomicLong messageIds = new AtomicLong();
    private volatile Person person = Person.of("you");
    private volatile ConversationRef conversation = conversation("general");
    private Thread reader;

    /**
     * {@code settle} runs after each command, before the next line is read: the bot delivers what the command caused,
     * so a script reads like a person typing (the incident channel exists before the next line uses it).
     * {@code endOfInput} runs on the reader thread once stdin is exhausted.
     */
    public ConsolePlatform(InputStream in, PrintStream out, Runnable settle, Runnable endOfInput) {
        this.in = in;
        this.out = out;
        this.settle = settle;
        this.endOfInput = endOfInput;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void start(InboundHandler handler) {
        reader = new Thread(() -> read(handler), "console-input");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void stop() {
        if (reader != null) {
            reader.interrupt();
        }
    }

    private void read(InboundHandler handler) {
        long line = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            while ((text = lines.readLine()) != null) {
                line++;
                handleLine(handler, text.strip(), line);
            }
        } catch (IOException e) {
            print(conversation.id(), "* input failed: " + e.getMessage());
        }
        endOfInput.run();
    }

    private void handleLine(InboundHandler handler, String text, long line) {
        if (text.startsWith(":as ")) {
            person = Person.of(text.substring(4).strip().replaceFirst("^@", ""));
            return;
        }
        if (text.startsWith(":in ")) {
            conversation = conversation(text.substring(4).strip());
            return;
        }
        if (!(text.equals(PREFIX) || text.startsWith(PREFIX + " "))) {
            return;
        }
        Person who = person;
        ConversationRef where = conversation;
        Inbound.Command command = new Inbound.Command(text.substring(PREFIX.length()).strip(), who, where,
                new ReplyHandle(who.id() + "|" + where.id()), "");
        Ack ack = handler.handle(this, command);
        if (ack instanceof Ack.Reply reply) {
            print(where.id(), "(to " + who.displayName() + ") " + PlainTextRenderer.render(reply.message()));
        }
        settle.run();
    }

    private static ConversationRef conversation(String name) {
        String bare = name.startsWith("#") ? name.substring(1) : name;
        return new ConversationRef("#" + bare, bare);
    }

    /** Print a (possibly multi-line) message as one block, each line prefixed so scripts can grep it. */
    private void print(String conversationId, String text) {
        StringBuilder block = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            block.append('[').append(conversationId).append("] ").append(line).append('\n');
        }
        synchronized (out) {
            out.print(block);
            out.flush();
        }
    }

    @Override
    public ConversationRef createConversation(ConversationSpec spec) {
        ConversationRef created = conversation(spec.name());
        // The engine may set the topic and invite as separate steps; say only what this step did.
        print(created.id(), "* conversation created" + (spec.topic().isEmpty() ? "" : "; topic: " + spec.topic())
                + (spec.invitees().isEmpty() ? "" : "; invited: " + String.join(", ", spec.invitees())));
        return created;
    }

    @Override
    public List<String> invite(ConversationRef conversation, List<String> targets) {
        print(conversation.id(), "* invited: " + String.join(", ", targets));
        return List.of();
    }

    @Override
    public MessageRef post(ConversationRef conversation, RichMessage message, String idempotencyKey) {
        print(conversation.id(), PlainTextRenderer.render(message));
        return new MessageRef(conversation, "m" + messageIds.incrementAndGet());
    }

    @Override
    public void update(MessageRef ref, RichMessage message) {
        print(ref.conversation().id(), "* updated message " + ref.id() + ": "
                + PlainTextRenderer.render(message.header()));
    }

    @Override
    public void pin(MessageRef ref) {
        print(ref.conversation().id(), "* pinned message " + ref.id());
    }

    @Override
    public void setTopic(ConversationRef conversation, String topic) {
        print(conversation.id(), "* topic: " + topic);
    }

    @Override
    public void upload(ConversationRef conversation, String filename, byte[] content, String comment) {
        print(conversation.id(), "* uploaded " + filename + " (" + content.length + " bytes): " + comment + "\n"
                + new String(content, StandardCharsets.UTF_8).stripTrailing());
    }

    @Override
    public void reply(ReplyHandle handle, RichMessage message, boolean ephemeral) {
        String[] parts = handle.value().split("\\|", 2);
        String to = parts[0];
        String where = parts.length > 1 ? parts[1] : conversation.id();
        print(where, (ephemeral ? "(to " + to + ") " : "") + PlainTextRenderer.render(message));
    }

    @Override
    public Optional<Person> resolvePerson(String mention) {
        String bare = mention.startsWith("@") ? mention.substring(1) : "";
        return bare.matches("[\\p{L}\\p{N}._-]{1,64}") ? Optional.of(Person.of(bare)) : Optional.empty();
    }
}
