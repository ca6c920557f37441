package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One consumer per bot account among replicas on a real PostgreSQL, and failover when the holder dies. */
@Tag("postgresql")
@Tag("realtime")
class LeasedConsumerTest {
    Database db;

    @BeforeEach
    void open() {
        db = Database.open(TestPostgres.newDatabase());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void exactlyOneReplicaConsumesAndAnotherTakesOverWithinTenSecondsOfItsDeath() throws Exception {
        LeasedConsumer a = LeasedConsumer.start(db, "matrix", Duration.ofSeconds(5));
        LeasedConsumer b = LeasedConsumer.start(db, "matrix", Duration.ofSeconds(5));
        LeasedConsumer c = LeasedConsumer.start(db, "matrix", Duration.ofSeconds(5));
        List<LeasedConsumer> all = List.of(a, b, c);
        await().atMost(Duration.ofSeconds(5)).until(() -> all.stream().filter(LeasedConsumer::held).count() == 1);

        // Watch for two consumers at once while the holder dies and another takes over.
        AtomicBoolean twoAtOnce = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (all.stream().filter(LeasedConsumer::held).count() > 1) {
                    twoAtOnce.set(true);
                }
                Thread.onSpinWait();
            }
        });
        watcher.start();
        LeasedConsumer holder = all.stream().filter(LeasedConsumer::held).findFirst().orElseThrow();
        holder.abandon(); // kill -9: no hand-over
        List<LeasedConsumer> survivors = all.stream().filter(x -> x != holder).toList();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> survivors.stream().anyMatch(LeasedConsumer::held));
        watcher.interrupt();
        watcher.join();
        assertThat(twoAtOnce).isFalse();
        assertThat(survivors.stream().filter(LeasedConsumer::held).count()).isEqualTo(1);
        survivors.forEach(LeasedConsumer::close);
    }

    @Test
    void aCleanShutdownHandsTheLeaseOverAtTheNextRenewal() {
        LeasedConsumer a = LeasedConsumer.start(db, "matrix", Duration.ofMinutes(10));
        LeasedConsumer b = LeasedConsumer.start(db, "matrix", Duration.ofMinutes(10));
        assertThat(a.held()).isTrue();
        assertThat(b.held()).isFalse();
        a.close();
        await().atMost(Duration.ofSeconds(5)).until(b::held);
        b.close();
    }

    @Test
    void sqliteHasOneProcessAndNoElection(@TempDir Path dir) {
        try (Database sqlite = Database.open(dir.resolve("bot.db"))) {
            assertThat(LeasedConsumer.forDatabase(sqlite, "matrix", x -> { }).held()).isTrue();
        }
    }
}
