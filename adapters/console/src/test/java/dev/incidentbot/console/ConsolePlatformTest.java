package dev.incidentbot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The console contract scripts rely on: stdin lines in, "[conversation] ..." lines out. */
class ConsolePlatformTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final List<Inbound.Command> received = new CopyOnWriteArrayList<>();
    private final List<String> trace = new CopyOnWriteArrayList<>();
    private final AtomicInteger ended = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);

    private ConsolePlatform console(String script) {
        return new ConsolePlatform(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out,
                () -> trace.add("settle"), () -> {
                    ended.incrementAndGet();
                    done.countDown();
                });
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private void runScript(String script, java.util.function.Function<Inbound.Command, Ack> answer) throws InterruptedException {
        ConsolePlatform console = console(script);
        console.start((from, inbound) -> {
            Inbound.Command c = (Inbound.Command) inbound;
            received.add(c);
            trace.add("command " + c.text());
            return answer.apply(c);
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).as("end of input reached").isTrue();
    }

    @Test
    void linesBecomeCommandsFromTheCurrentPersonInTheCurrentConversation() throws Exception {
        runScript(String.join("\n",
                "/incident sev1 checkout down 🔥",
                "just chatting",
                "/incidents are fun",
                ":as @bob",
                ":in #inc-20261126-1-checkout",
                "  /incident commander  ",
                ":in ops",
                ":as carol",
                "/incident",
                ""), c -> Ack.silent());

        assertThat(received).extracting(Inbound.Command::text).containsExactly("sev1 checkout down 🔥", "commander", "");
        assertThat(received).extracting(c -> c.person()).containsExactly(Person.of("you"), Person.of("bob"), Person.of("carol"));
        assertThat(received).extracting(c -> c.conversation()).containsExactly(
                new ConversationRef("#general", "general"),
                new ConversationRef("#inc-20261126-1-checkout", "inc-20261126-1-checkout"),
                new ConversationRef("#ops", "ops"));
        assertThat(received).extracting(Inbound.Command::deliveryId).containsOnly("");
        // The bot settles after every command, before the next line is read; end of input is announced once.
        assertThat(trace).containsExactly("command sev1 checkout down 🔥", "settle", "command commander", "settle", "command ", "settle");
        assertThat(ended).hasValue(1);
        assertThat(lines()).as("silent acknowledgements print nothing").isEmpty();
    }

    @Test
    void answersToTheSenderArePrefixedWithConversationAndName() throws Exception {
        runScript(":as bob\n:in ops\n/incident bogus\n", c -> Ack.reply("Unknown command \"bogus\".\nUsage: /incident help"));
        assertThat(lines()).containsExactly("[#ops] (to bob) Unknown command \"bogus\".", "[#ops] Usage: /incident help");
    }

    @Test
    void everythingTheBotDoesIsPrintedWithItsConversation() {
        ConsolePlatform console = console("");
        ConversationRef conv = console.createConversation(new ConversationSpec("inc-20261126-1-db", "SEV1 · declared",
                List.of("you", "@oncall-primary"), false));
        assertThat(conv).isEqualTo(new ConversationRef("#inc-20261126-1-db", "inc-20261126-1-db"));
        RichMessage message = new RichMessage(Text.of(new Span.Strong("🚨 INCIDENT - SEV1 - db")),
                List.of(new Block.Fields(List.of(new Block.Field("STATUS", Text.plain("Declared")))),
                        new Block.Paragraph(Text.of(new Span.Plain("<!channel> lead: "), new Span.Mention("U1", "alice")))),
                List.of(Button.of("ack", "Acknowledge", "1", "/incident ack")), Text.plain("INC-1"));
        MessageRef first = console.post(conv, message, "k1");
        MessageRef second = console.post(new ConversationRef("#general", "general"), RichMessage.text("hello"), "k2");
        assertThat(first.id()).isNotEqualTo(second.id());
        console.pin(first);
        console.update(first, message);
        console.setTopic(conv, "SEV1 · acknowledged");
        console.invite(conv, List.of("carol", "@eng-lead"));
        console.upload(conv, "inc-1-postmortem.md", "# Post-Mortem\nline 2\n".getBytes(StandardCharsets.UTF_8), "draft");
        console.reply(new ReplyHandle("bob|#ops"), RichMessage.text("only you"), true);
        console.reply(new ReplyHandle("bob|#ops"), RichMessage.text("everyone"), false);

        String c = "[#inc-20261126-1-db] ";
        assertThat(lines()).containsExactly(
                c + "* conversation created; topic: SEV1 · declared; invited: you, @oncall-primary",
                c + "🚨 INCIDENT - SEV1 - db",
                c + "STATUS: Declared",
                c + "<!channel> lead: @alice",
                c + "Actions: Acknowledge: /incident ack",
                c + "INC-1",
                "[#general] hello",
                c + "* pinned message " + first.id(),
                c + "* updated message " + first.id() + ": 🚨 INCIDENT - SEV1 - db",
                c + "* topic: SEV1 · acknowledged",
                c + "* invited: carol, @eng-lead",
                c + "* uploaded inc-1-postmortem.md (21 bytes): draft",
                c + "# Post-Mortem",
                c + "line 2",
                "[#ops] (to bob) only you",
                "[#ops] everyone");
    }

    @Test
    void onlyPlainNamesAreMentions() {
        ConsolePlatform console = console("");
        assertThat(console.resolvePerson("@alice")).contains(Person.of("alice"));
        assertThat(console.resolvePerson("@jean.luc-picard_2")).contains(Person.of("jean.luc-picard_2"));
        assertThat(console.resolvePerson("alice")).isEmpty();
        assertThat(console.resolvePerson("@")).isEmpty();
        assertThat(console.resolvePerson("@room <b>")).isEmpty();
        assertThat(console.resolvePerson("@<script>")).isEmpty();
        assertThat(console.name()).isEqualTo("console");
    }
}
