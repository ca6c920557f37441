package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.Span;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 item 7: a request that needs the commander's approval mentions the commander, so it reaches them. */
class ApprovalRequestMentionTest {
    private static final String CONFIG = """
            diagnostics:
              integrity:
                description: Pretends to check a database
                argv: ["echo", "integrity ok"]
                timeout: 5s
                approval: commander
            """;

    @TempDir
    Path dir;
    TestBot bot;

    @BeforeEach
    void start() {
        bot = DiagnosticBots.start(dir, CONFIG);
        bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void theCommanderWhoMustApproveIsMentionedInTheRequest() {
        bot.replyDelivered("carol", INC1, "commander");
        int mark = bot.mark();

        bot.replyDelivered("alice", INC1, "run integrity");

        var request = bot.since(mark).stream().filter(e -> e.text().contains("asks to run R1")).findFirst().orElseThrow();
        assertThat(request.text()).contains("It needs approval by @carol: /incident approve R1");
        assertThat(request.message().mentions()).extracting(Span.Mention::target).contains("carol");
    }

    @Test
    void withoutACommanderTheRequestSaysNobodyHasTakenCommandYet() {
        int mark = bot.mark();

        bot.replyDelivered("alice", INC1, "run integrity");

        assertThat(bot.since(mark)).filteredOn(e -> e.text().contains("asks to run R1")).singleElement()
                .satisfies(e -> assertThat(e.text()).contains("approval by the commander (nobody has taken command yet)"));
    }
}
