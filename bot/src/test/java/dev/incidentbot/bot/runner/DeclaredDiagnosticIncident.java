package dev.incidentbot.bot.runner;

import dev.incidentbot.bot.testing.TestBot;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the diagnostics tests that run commands in an incident: before each test a bot with the test's
 * diagnostics config starts and Alice declares INC-1 (SEV1) in #general; the bot stops after.
 */
abstract class DeclaredDiagnosticIncident {
    @TempDir
    Path dir;
    TestBot bot;

    private final String config;

    /** {@code config}: the {@code diagnostics:} (and {@code runner:}) sections, as in incident-bot.yaml. */
    DeclaredDiagnosticIncident(String config) {
        this.config = config;
    }

    @BeforeEach
    void declare() {
        bot = DiagnosticBots.start(dir, config);
        bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
    }

    @AfterEach
    void stop() {
        bot.close();
    }
}
