package dev.incidentbot.bot.runner;

import java.nio.file.Path;

/** How a diagnostic is confined beyond the scrubbed process: not at all, or inside bubblewrap. */
public sealed interface Isolation permits Isolation.None, Isolation.Bubblewrap {
    String configName();

    record None() implements Isolation {
        @Override
        public String configName() {
            return "none";
        }
    }

    /** Only ever built after a probe showed {@code executable} can create a sandbox on this host. */
    record Bubblewrap(Path executable) implements Isolation {
        @Override
        public String configName() {
            return "bwrap";
        }
    }
}
