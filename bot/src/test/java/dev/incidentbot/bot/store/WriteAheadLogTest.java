package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations leave hundreds of KB in SQLite's write-ahead log, which SQLite folds back only at 4 MB: on a small
 * data disk the bot filled it by itself before any incident (found by the disk-full drill on a 2 MB tmpfs).
 */
class WriteAheadLogTest {
    @TempDir
    Path dir;

    @Test
    void afterOpeningTheSchemaIsInTheFileAndTheLogIsEmpty() throws Exception {
        Path file = dir.resolve("incident-bot.db");
        try (Database db = Database.open(new StorageTarget.Sqlite(file))) {
            Path wal = dir.resolve("incident-bot.db-wal");
            assertThat(Files.exists(wal) ? Files.size(wal) : 0L).isZero();
            assertThat(Files.size(file)).isGreaterThan(100_000L);
        }
    }
}
