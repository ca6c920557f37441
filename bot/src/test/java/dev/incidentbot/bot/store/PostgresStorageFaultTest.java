package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL that refuses writes is told by its cause, as SQLite's faults are: a read-only server (a standby after a
 * failover), a server that cannot be reached. Against the real server the tests start.
 */
class PostgresStorageFaultTest {

    @Test
    void aReadOnlyTransactionIsToldAsReadOnlyAndNothingWasRecorded() {
        try (Database db = Database.open(TestPostgres.newDatabase())) {
            StoreException e = catchThrowableOfType(() -> db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION READ ONLY");
                    s.execute("INSERT INTO platform_state (platform, state_key, state_value) VALUES ('t', 'k', 'v')");
                }
                return null;
            }), StoreException.class);
            assertThat(e.fault()).isEqualTo(StorageFault.READ_ONLY);
            assertThat(e.answer()).isEqualTo("The bot cannot write to its database: the database is read-only. "
                    + "Nothing was recorded; try again once it is writable.");
            assertThat(db.probeWrite()).isTrue();
        }
    }

    @Test
    void aServerThatCannotBeReachedIsToldSoAndWritesWorkAgainWhenItIsBack() throws SQLException {
        StorageTarget.Postgres target = TestPostgres.newDatabase();
        String name = target.url().substring(target.url().lastIndexOf('/') + 1);
        try (Database db = Database.open(target)) {
            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            StoreException e = catchThrowableOfType(() -> db.inTransaction(c -> null), StoreException.class);
            assertThat(e.fault()).isEqualTo(StorageFault.UNREACHABLE);
            assertThat(e.answer()).startsWith("The bot cannot write to its database: the database server cannot be "
                    + "reached. Nothing was recorded");
            assertThat(db.health().writable()).isFalse();

            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            // Pooled connections the server closed fail once each and are evicted; the dispatcher probes every second.
            await().atMost(Duration.ofSeconds(20)).until(db::probeWrite);
            assertThat(db.health().writable()).isTrue();
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.server().url("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
