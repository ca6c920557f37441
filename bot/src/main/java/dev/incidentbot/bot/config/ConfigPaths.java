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

    /** One line per problem; {@code storage} is the effective database path (after --data-dir). */
    public static List<String> problems(Path storage, Path templatesDir) {
        List<String> problems = new ArrayList<>();
        storageProblem(storage.toAbsolutePath().normalize()).ifPresent(p -> problems.add("storage.path: " + p));
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
