package dev.incidentbot.bot.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Where the bot keeps its state: the embedded SQLite file (one process) or a PostgreSQL database (replicas). */
public sealed interface StorageTarget {

    /** For messages: the file, or the JDBC URL without credentials. */
    String describe();

    record Sqlite(Path file) implements StorageTarget {
        @Override
        public String describe() {
            return file.toString();
        }
    }

    /** A PostgreSQL JDBC URL; user and password may also be inside the URL as parameters. */
    record Postgres(String url, Optional<String> user, Optional<String> password) implements StorageTarget {
        public static final String PREFIX = "jdbc:postgresql://";

        public Postgres {
            if (!isPostgresUrl(url)) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
            }
        }

        public static boolean isPostgresUrl(String url) {
            return url.toLowerCase(Locale.ROOT).startsWith(PREFIX) && url.length() > PREFIX.length();
        }

        @Override
        public String describe() {
            int query = url.indexOf('?');
            // Never print a password given as a URL parameter.
            return query < 0 ? url : url.substring(0, query);
        }
    }
}
