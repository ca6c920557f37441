package dev.incidentbot.bot.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.bot.testing.TestStorage;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import dev.incidentbot.chat.testing.InMemoryPlatform.Effect;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the bot on one PostgreSQL database, each with its own pool, dispatcher and chat connection,
 * taking commands at the same time: numbers never collide, a platform's retry that lands on the other replica is
 * handled once, and each incident's messages go out once and in order whichever replica performs them.
 */
@Tag("postgresql")
class ReplicasOnPostgresTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(TestBot.START);
    final InMemoryPlatform chatA = new InMemoryPlatform();
    final InMemoryPlatform chatB = new InMemoryPlatform();
    Application a;
    Application b;

    @BeforeEach
    void start() {
        // Both on the database TestStorage gives this directory.
        a = TestBot.create(dir, TestStorage.POSTGRESQL, chatA, clock, Optional.empty(), UnaryOperator.identity());
        b = TestBot.create(dir, TestStorage.POSTGRESQL, chatB, clock, Optional.empty(), UnaryOperator.identity());
        a.start();
        b.start();
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    @Test
    void declaresAlternatedBetweenReplicasAtOnceGetDistinctNumbersAndOneConversationEach() throws Exception {
        int declares = 40;
        ExecutorService people = Executors.newFixedThreadPool(8);
        List<Future<String>> answers = new ArrayList<>();
        for (int k = 0; k < declares; k++) {
            InMemoryPlatform via = k % 2 == 0 ? chatA : chatB;
            String person = "p" + k;
            // Each replica's in-memory platform numbers its deliveries from 1: give them Slack-like unique ids.
            answers.add(people.submit(() -> text(via.push(new Inbound.Command("sev2 outage number " + person,
                    Person.of(person), new ConversationRef("#general", "general"), new ReplyHandle(person + "@#general"),
                    "Ev" + person)))));
        }
        List<Long> numbers = new ArrayList<>();
        for (Future<String> answer : answers) {
            String t = answer.get();
            assertThat(t).startsWith("Declaring INC-");
            numbers.add(Long.parseLong(t.substring("Declaring INC-".length(), t.indexOf(' ', "Declaring INC-".length()))));
        }
        people.shutdown();
        assertThat(numbers).doesNotHaveDuplicates().hasSize(declares);
        assertThat(numbers).allSatisfy(n -> assertThat(n).isBetween(1L, (long) declares));

        await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
        List<Effect> creates = Stream.concat(chatA.effects("create").stream(), chatB.effects("create").stream()).toList();
        assertThat(creates).hasSize(declares);
        assertThat(creates).extracting(Effect::conversation).doesNotHaveDuplicates();
        // Each incident's rows went out on one replica: the create first, the pin after the post it pins (the
        // initial post and the announcement need only the channel, so they may go out together).
        for (Effect create : creates) {
            InMemoryPlatform performer = chatA.effects("create").contains(create) ? chatA : chatB;
            List<String> lane = performer.effects().stream().filter(e -> e.conversation().equals(create.conversation())
                    || (e.kind().equals("post") && e.text().contains(create.conversation())))
                    .map(Effect::kind).filter(k -> List.of("create", "post", "pin").contains(k)).toList();
            assertThat(lane).as("effects for %s", create.conversation())
                    .containsExactlyInAnyOrder("create", "post", "pin", "post").startsWith("create");
            assertThat(lane.indexOf("pin")).as("pin after a post in %s", create.conversation())
                    .isGreaterThan(lane.indexOf("post"));
        }
        // Both replicas did part of the work.
        assertThat(chatA.effects("create")).isNotEmpty();
        assertThat(chatB.effects("create")).isNotEmpty();
    }

    @Test
    void aRetriedDeliveryThatLandsOnBothReplicasAtOnceIsHandledOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        List<Future<String>> answers = new ArrayList<>();
        for (InMemoryPlatform via : List.of(chatA, chatB)) {
            answers.add(replicas.submit(() -> {
                go.await();
                return text(via.push(new Inbound.Command("sev1 payments are down", Person.of("alice"),
                        new ConversationRef("#general", "general"), new ReplyHandle("alice@#general"), "Ev0RETRY")));
            }));
        }
        go.countDown();
        for (Future<String> answer : answers) {
            answer.get();
        }
        replicas.shutdown();
        await().atMost(Duration.ofSeconds(15)).until(() -> pending() == 0);
        assertThat(count("SELECT COUNT(*) FROM incident")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM processed_inbound WHERE delivery_id = 'Ev0RETRY'")).isEqualTo(1);
        assertThat(chatA.effects("create").size() + chatB.effects("create").size()).isEqualTo(1);
    }

    private long pending() {
        return count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
    }

    private long count(String sql) {
        return a.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static String text(Ack ack) {
        return ack instanceof Ack.Reply r ? PlainTextRenderer.render(r.message()) : ack.toString();
    }
}
