package dev.incidentbot.bot.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the files the configuration names can be what they must be, checked without creating anything: the
 * database file (or the directory it will be created in) must be writable and not sit under a regular file; the
 * templates folder, when it exists, must be a folder.
 */
public final class ConfigPaths {

    private ConfigPaths() {
    }

    /**
     * One line per problem; {@code sqliteFile} is the effective database file (after --data-dir), empty when the
     * database is a server (storage.url).
     */
    public static List<String> problems(Optional<Path> sqliteFile, Path templatesDir) {
        List<String> problems = new ArrayList<>();
        sqliteFile.flatMap(db -> storageProblem(db.toAbsolutePath().normalize()))
                .ifPresent(p -> problems.add("storage.path: " + p));
        if (Files.exists(templatesDir) && !Files.isDirectory(templatesDir)) {
            problems.add("templates.dir: " + templatesDir + " is a file, not a folder of templates");
        }
        return problems;
    }

    private static Optional<String> storageProblem(Path db) {
        if (Files.isDirectory(db)) {
            return Optional.of(db + " is a folder; name the database file, e.g. " + db.resolve("incident-bot.db"));
        }
        if (Files.exists(db)) {
            return Files.isRegularFile(db) && Files.isWritable(db) ? Optional.empty()
                    : Optional.of(db + " exists but is not a writable file");
        }
        Path existing = db.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of("no part of " + db + " exists");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(db + " is under " + existing + ", which is a file, so the database cannot be created");
        }
        if (!Files.isWritable(existing)) {
            return Optional.of("cannot create " + db + ": " + existing + " is not writable");
        }
        return Optional.empty();
    }
}
