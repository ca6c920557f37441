package dev.incidentbot.bot.runner;

import java.nio.file.Path;

/** Whether {@code isolation: bwrap} can be honoured on this host; checked once at start-up. */
sealed interface BubblewrapAvailability permits BubblewrapAvailability.Usable, BubblewrapAvailability.Unusable {
    record Usable(Path executable) implements BubblewrapAvailability {
    }

    /** {@code reason} completes "runner.isolation: ..." for the operator. */
    record Unusable(String reason) implements BubblewrapAvailability {
    }
}
