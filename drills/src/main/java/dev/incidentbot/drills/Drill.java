package dev.incidentbot.drills;

import java.nio.file.Path;

/** A fault injected into the real bot, measured. */
interface Drill {
    String name();

    String target();

    /** Run in {@code work} (a fresh folder); {@code quick} only proves the drill still runs. */
    DrillRow run(Path work, boolean quick) throws Exception;
}
