package dev.incidentbot.bot.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.testing.TestPostgres;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Outbox lanes leased between replicas on a real PostgreSQL: one holder at a time, takeover after a lease runs out. */
@Tag("postgresql")
@Tag("realtime")
class LeasedLanesTest {
    private static final Instant NOW = Instant.parse("2037-11-26T10:00:00Z");
    Database db;
    OutboxStore outbox;

    @BeforeEach
    void open() {
        db = Database.open(TestPostgres.newDatabase());
        outbox = new OutboxStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private OutboxRow row(String lane) {
        Delivery d = new Delivery.Reply(new ReplyHandle("alice@#general"), RichMessage.text("hello"), false);
        long id = db.inTransaction(c -> outbox.enqueue(c, lane, "memory", 0, d, NOW));
        return new OutboxRow(id, lane, "memory", 0, d, 0);
    }

    @Test
    void aLaneHeldByOneReplicaIsNotPerformedByAnotherUntilTheHolderStopsRenewing() {
        OutboxRow first = row("incident-1");
        LeasedLanes a = new LeasedLanes(db, "replica-a", Duration.ofSeconds(5));
        LeasedLanes b = new LeasedLanes(db, "replica-b", Duration.ofSeconds(5));

        assertThat(a.claim(List.of(first))).containsExactly(first);
        assertThat(b.claim(List.of(first))).isEmpty();
        // A lane nobody holds goes to whoever asks.
        OutboxRow other = row("incident-2");
        assertThat(b.claim(List.of(first, other))).containsExactly(other);

        // Replica a dies (stops renewing): once its lease ran out, b takes the lane over.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> b.claim(List.of(first)).equals(List.of(first)));
        // And a, back from a pause, no longer gets it.
        assertThat(a.claim(List.of(first))).isEmpty();
    }

    @Test
    void aHeadAnotherReplicaDeliveredSinceItWasReadIsNotPerformedAgain() {
        OutboxRow head = row("incident-1");
        LeasedLanes a = new LeasedLanes(db, "replica-a", Duration.ofSeconds(30));
        LeasedLanes b = new LeasedLanes(db, "replica-b", Duration.ofSeconds(30));
        assertThat(a.claim(List.of(head))).containsExactly(head);
        db.inTransaction(c -> {
            outbox.markDelivered(c, head.id(), NOW);
            return null;
        });
        // a shuts down cleanly and hands its lanes back; b still has the head it read before the delivery.
        a.close();
        assertThat(b.claim(List.of(head))).isEmpty();
    }

    @Test
    void aCleanShutdownHandsTheLanesOverAtOnce() {
        OutboxRow head = row("incident-1");
        LeasedLanes a = new LeasedLanes(db, "replica-a", Duration.ofMinutes(10));
        LeasedLanes b = new LeasedLanes(db, "replica-b", Duration.ofMinutes(10));
        assertThat(a.claim(List.of(head))).containsExactly(head);
        assertThat(b.claim(List.of(head))).isEmpty();
        a.close();
        assertThat(b.claim(List.of(head))).containsExactly(head);
    }
}
