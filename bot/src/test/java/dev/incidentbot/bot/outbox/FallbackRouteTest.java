package dev.incidentbot.bot.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.DeliveryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An incident whose channel could not be created continues where it was declared, and says so. */
class FallbackRouteTest {
    @TempDir
    Path dir;

    @Test
    void messagesGoWhereTheIncidentWasDeclaredWithALineSayingWhy() {
        try (TestBot bot = TestBot.start(dir)) {
            bot.platform.failNext(1, new DeliveryException.Permanent("conversations.create: restricted_action"));
            bot.replyDelivered("alice", "#general", "sev2 checkout API returns 500s");

            String answer = bot.replyDelivered("bob", "#general", "INC-1 update rolled back the deploy");

            assertThat(answer).startsWith("Update posted to INC-1 in #general, where it was declared: its own channel "
                    + "could not be created. Next one due");
            assertThat(bot.platform.postsIn("#general")).anySatisfy(p -> assertThat(p).contains("rolled back the deploy")
                    .contains("(INC-1's own channel could not be created (conversations.create: restricted_action), "
                            + "so it continues here.)"));
            assertThat(bot.platform.effects("topic")).as("#general's topic is not the incident's").isEmpty();
            assertThat(bot.platform.effects("invite")).isEmpty();
            assertThat(bot.platform.effects("pin")).as("the initial message, posted in #general, is pinned").hasSize(1);
            assertThat(bot.platform.effects("update")).as("and kept up to date there").isNotEmpty();
            assertThat(bot.timelineTypes(1)).containsOnlyOnce("delivery_failed");
        }
    }

    @Test
    void whileTheChannelIsStillComingTheAnswerDoesNotClaimAFallback() {
        try (TestBot bot = TestBot.start(dir)) {
            bot.replyDelivered("alice", "#general", "sev2 checkout API returns 500s");
            assertThat(bot.reply("bob", "#general", "INC-1 update looking")).startsWith("Update posted to INC-1. Next one due");
            bot.awaitDelivered();
            assertThat(bot.platform.postsIn(TestBot.INC1)).anySatisfy(p -> assertThat(p).contains("looking"));
        }
    }
}
