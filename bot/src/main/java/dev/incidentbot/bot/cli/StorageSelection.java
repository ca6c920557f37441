package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.store.StorageTarget;
import java.util.Map;
import java.util.Optional;

/**
 * Which database to use: {@code INCIDENT_BOT_STORAGE_URL} over {@code storage.url} selects PostgreSQL (the user and
 * password from {@code INCIDENT_BOT_STORAGE_USER} / {@code INCIDENT_BOT_STORAGE_PASSWORD}, or the URL's own
 * parameters); neither means the SQLite file at {@code storage.path}.
 */
public final class StorageSelection {
    public static final String URL_VARIABLE = "INCIDENT_BOT_STORAGE_URL";
    public static final String USER_VARIABLE = "INCIDENT_BOT_STORAGE_USER";
    public static final String PASSWORD_VARIABLE = "INCIDENT_BOT_STORAGE_PASSWORD";

    private StorageSelection() {
    }

    /** The target, or a one-line reason the environment's URL is unusable. */
    public static StorageTarget choose(BotConfig config, Map<String, String> env) {
        Optional<String> url = nonBlank(env.get(URL_VARIABLE)).or(config::storageUrl);
        if (url.isEmpty()) {
            return new StorageTarget.Sqlite(config.storagePath());
        }
        if (!StorageTarget.Postgres.isPostgresUrl(url.get())) {
            throw new IllegalArgumentException(URL_VARIABLE + ": expected a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://db.example:5432/incidents (unset it to use the SQLite file)");
        }
        return new StorageTarget.Postgres(url.get(), nonBlank(env.get(USER_VARIABLE)), nonBlank(env.get(PASSWORD_VARIABLE)));
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
