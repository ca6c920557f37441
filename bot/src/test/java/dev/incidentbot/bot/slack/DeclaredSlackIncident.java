package dev.incidentbot.bot.slack;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the Slack tests that work on one incident: before each test Alice declares it in #general through
 * the {@link SlackBot}, and the test starts once its channel exists and the outbox is drained; the bot stops after.
 */
abstract class DeclaredSlackIncident {
    @TempDir
    Path dir;
    SlackBot bot;
    /** The incident's channel id. */
    String channel;

    private final String declaration;

    /** {@code declaration}: what Alice types after /incident, e.g. {@code sev2 search is slow}. */
    DeclaredSlackIncident(String declaration) {
        this.declaration = declaration;
    }

    @BeforeEach
    void declare() {
        bot = new SlackBot(dir);
        bot.inGeneral(declaration);
        channel = bot.awaitChannel(1).id();
        bot.awaitDrained();
    }

    @AfterEach
    void stop() {
        bot.close();
    }
}
