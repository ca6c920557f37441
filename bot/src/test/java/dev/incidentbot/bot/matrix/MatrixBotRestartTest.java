package dev.incidentbot.bot.matrix;

import static dev.incidentbot.bot.matrix.MatrixBot.WAIT;
import static dev.incidentbot.bot.matrix.MatrixBot.awaitReply;
import static dev.incidentbot.bot.matrix.MatrixBot.isReplyTo;
import static dev.incidentbot.bot.matrix.MatrixBot.roomWithBot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.matrix.testing.Responder;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The bot stopped and started again on the same SQLite file: what was typed meanwhile is handled, once. */
@ExtendWith(TestHomeserver.Extension.class)
@Tag("synapse")
class MatrixBotRestartTest {

    @Test
    void aCommandTypedWhileTheBotIsDownIsHandledExactlyOnceAfterItsRestart(TestHomeserver hs, @TempDir Path dir) {
        Responder alice = hs.alice();
        String room;
        try (MatrixBot first = MatrixBot.start(hs, dir)) {
            room = roomWithBot(hs, alice);
            awaitReply(hs, alice, room, alice.say(room, "!incident list"));
        }

        String title = "Payments queue stuck " + UUID.randomUUID().toString().substring(0, 6);
        String missed = alice.say(room, "!incident sev3 " + title);

        try (MatrixBot second = MatrixBot.start(hs, dir)) {
            assertThat(awaitReply(hs, alice, room, missed).text("body")).contains("Declaring INC-1 (SEV3 Medium): " + title);
            await().atMost(WAIT).until(() -> second.incidentsTitled(title).size() == 1);
            String incidentRoom = second.awaitIncidentRoom(1);
            alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId()) && e.text("body").contains("INC-1 SEV3 declared"));
            // Something after it, so the batch holding it is surely behind us.
            awaitReply(hs, alice, room, alice.say(room, "!incident list"));
            assertThat(second.metrics()).contains("commands_total{command=\"Declare\",outcome=\"applied\"} 1.0")
                    .doesNotContain("outcome=\"duplicate\"");
            await().atMost(WAIT).until(second::outboxEmpty);
            assertThat(incidentRoom).startsWith("!");
        }

        // And a further restart does not see it again: not even as a duplicate for the engine to drop.
        try (MatrixBot third = MatrixBot.start(hs, dir)) {
            awaitReply(hs, alice, room, alice.say(room, "!incident list"));
            assertThat(third.metrics()).doesNotContain("command=\"Declare\"");
            assertThat(third.incidentsTitled(title)).containsExactly(1L);
            assertThat(third.failures()).isEmpty();
        }
        assertThat(alice.events(room, e -> isReplyTo(hs, e, missed))).hasSize(1);
        assertThat(alice.events(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("INC-1 SEV3 declared"))).hasSize(1);
    }
}
