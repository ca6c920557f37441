package dev.incidentbot.bot.store;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test seam that fills the disk without root: SQLite's {@code PRAGMA max_page_count} makes a write that needs a new
 * page fail with SQLITE_FULL, exactly as a full file system does. Applied to every connection the engine checks out.
 */
public final class PageCap {
    private final AtomicLong pages = new AtomicLong(0);

    /** No cap (the production default). */
    public static PageCap none() {
        return new PageCap();
    }

    /** Stop the database growing beyond its current size: the next write needing a page fails as on a full disk. */
    public void fillDisk() {
        pages.set(1);
    }

    /** Space returns. */
    public void freeSpace() {
        pages.set(Integer.MAX_VALUE);
    }

    OptionalLong pages() {
        long p = pages.get();
        return p == 0 ? OptionalLong.empty() : OptionalLong.of(p);
    }
}
