package dev.incidentbot.bot.testing;

import dev.incidentbot.bot.store.StorageTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The two databases the engine's tests run on; a test class takes one as its parameter. */
public enum TestStorage {
    SQLITE,
    POSTGRESQL;

    private static final Map<Path, StorageTarget.Postgres> DATABASES = new ConcurrentHashMap<>();

    /**
     * Where a bot whose SQLite file would be {@code sqliteFile} keeps its state: that file, or a PostgreSQL database
     * of its own, the same one each time it is asked (so a restarted bot finds what the first one wrote).
     */
    public StorageTarget target(Path sqliteFile) {
        if (this == SQLITE) {
            return new StorageTarget.Sqlite(sqliteFile);
        }
        return DATABASES.computeIfAbsent(sqliteFile.toAbsolutePath(), f -> TestPostgres.newDatabase());
    }
}
