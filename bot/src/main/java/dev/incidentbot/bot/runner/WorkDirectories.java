package dev.incidentbot.bot.runner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The private working directory of each run: created fresh, removed afterwards whatever the program left in it. */
final class WorkDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSandbox.class);

    private WorkDirectories() {
    }

    static Path create(Path root) throws IOException {
        return Files.createTempDirectory(root, "incident-bot-run-");
    }

    /** Removes the working directory even when the program left read-only directories in it; never follows links. */
    static void remove(Path root) {
        remove(root, true);
    }

    private static void remove(Path root, boolean mayRetry) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
                    try {
                        Files.setPosixFilePermissions(dir, perms);
                    } catch (UnsupportedOperationException | IOException e) {
                        // Best effort: whatever stays unwritable, the delete below reports.
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // a directory the program made unreadable: make it ours again and take it down separately
                    if (mayRetry && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
                        remove(file, false);
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not remove diagnostic working directory {}: {}", root, e.toString());
        }
    }
}
