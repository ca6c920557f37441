package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Span;
import org.junit.jupiter.api.Test;

/** Issue 13 item 7: a request that needs the commander's approval mentions the commander, so it reaches them. */
class ApprovalRequestMentionTest extends DeclaredDiagnosticIncident {
    private static final String CONFIG = """
            diagnostics:
              integrity:
                description: Pretends to check a database
                argv: ["echo", "integrity ok"]
                timeout: 5s
                approval: commander
            """;

    ApprovalRequestMentionTest() {
        super(CONFIG);
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
