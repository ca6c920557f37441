package dev.incidentbot.bot.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per SQLite file: an OS lock on a file beside the database ({@code incident-bot.db.lock}), holding the
 * pid of the process that has it. The OS releases it when the process dies, even by kill -9, so a stale file never
 * blocks a restart. Several processes on one database belong to PostgreSQL.
 */
public final class DatabaseLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DatabaseLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The process holding the lock: another bot serving the same database. */
    public static final class InUse extends RuntimeException {
        InUse(String message) {
            super(message);
        }
    }

    public static Path lockFileOf(Path database) {
        return database.toAbsolutePath().resolveSibling(database.getFileName() + ".lock");
    }

    /** Take the lock for {@code database}, or throw {@link InUse} naming the file and, where known, the holder's pid. */
    public static DatabaseLock acquire(Path database) {
        Path file = lockFileOf(database);
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(file);
                channel.close();
                throw new InUse("incident-bot: " + database.toAbsolutePath() + " is in use by another incident-bot ("
                        + (holder.isEmpty() ? "pid unknown" : "pid " + holder) + "); stop it, or give this one another --data-dir.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DatabaseLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? pid : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
