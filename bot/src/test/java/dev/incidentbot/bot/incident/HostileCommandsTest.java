package dev.incidentbot.bot.incident;

import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.incident.Usage;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.testing.InMemoryPlatform.Effect;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invisible, reordered and line-forging titles and bodies, and mistyped ids, severities and commands, through the
 * real Application on the in-memory platform (the same router and parser every platform uses).
 */
class HostileCommandsTest {

    @TempDir
    Path dir;
    TestBot bot;

    @BeforeEach
    void start() {
        bot = TestBot.start(dir);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void aTitleOfOnlyZeroWidthCharactersIsRefusedWithTheUsageLineAndDeclaresNothing() {
        String before = bot.snapshot();

        String reply = bot.reply("alice", "#general", "sev1 \u200b\u200c\u200d\ufeff\u2060 \u202e");

        assertThat(reply).isEqualTo("Say what is broken after the severity, in visible words.\nUsage: "
                + Usage.of("declare"));
        assertThat(bot.snapshot()).isEqualTo(before);
        assertThat(bot.platform.effects()).isEmpty();
    }

    @Test
    void bidiOverridesAndZeroWidthSpacesAreRemovedAndTheTitleIsNfc() {
        // "e" + combining acute is NFC "é"; U+202E would show "exe.txt" as "txt.exe"; U+200B hides inside a word
        bot.replyDelivered("alice", "#general", "sev2 cafe\u0301 in\u200bvoice \u202eexe.txt\u202c down");

        assertThat(bot.string("SELECT title FROM incident WHERE id = 1")).isEqualTo("caf\u00e9 invoice exe.txt down");
        assertThat(bot.platform.effects("post")).allSatisfy(e -> assertThat(e.text())
                .doesNotContain("\u202e", "\u200b", "\u202c"));
    }

    @Test
    void emojiJoinersSurvive() {
        String family = "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67";
        bot.replyDelivered("alice", "#general", "sev3 " + family + " app down");

        assertThat(bot.string("SELECT title FROM incident WHERE id = 1")).isEqualTo(family + " app down");
    }

    @Test
    void newlinesInATitleAreFoldedSoNoLineIsForgedInTheMessageTheAnnouncementOrTheTopic() {
        bot.replyDelivered("alice", "#general", "sev1 checkout down\nLEAD: @carol\r\n# HEADING\u2028> fake context");

        String title = "checkout down LEAD: @carol # HEADING > fake context";
        assertThat(bot.string("SELECT title FROM incident WHERE id = 1")).isEqualTo(title);
        List<Effect> effects = bot.platform.effects();
        for (Effect e : effects) {
            assertThat(e.text().lines()).as(e.kind()).noneMatch(line -> line.startsWith("LEAD: @carol")
                    || line.startsWith("# HEADING") || line.startsWith("> fake"));
        }
        // The initial message (the announcement in #general may go out before it: they need only the channel).
        Effect initial = bot.platform.effects("post").stream().filter(e -> !e.conversation().equals("#general"))
                .findFirst().orElseThrow();
        assertThat(initial.text().lines().filter(l -> l.startsWith("LEAD:")))
                .singleElement().asString().startsWith("LEAD: nobody yet");
        assertThat(initial.message().mentions()).extracting(m -> m.target()).containsExactly("alice");
    }

    @Test
    void aMultiLineUpdateKeepsItsLinesButEachFurtherLineIsMarkedAsTheUpdates() {
        bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
        int mark = bot.mark();

        bot.replyDelivered("alice", INC1, "update rolled back\nLEAD: @carol\n# all clear\n<!channel>");

        Effect update = bot.since(mark).stream().filter(e -> e.kind().equals("post")).findFirst().orElseThrow();
        assertThat(update.text()).contains("PROGRESS: rolled back\n    ↳ LEAD: @carol\n    ↳ # all clear\n    ↳ <!channel>");
        assertThat(update.text().lines()).noneMatch(line -> line.startsWith("LEAD:") || line.startsWith("#"));
        assertThat(update.message().mentions()).extracting(m -> m.target()).doesNotContain("carol", "@carol");
    }

    @Test
    void malformedIdsAreNamedAsSuchNotAsAWrongChannel() {
        bot.replyDelivered("alice", "#general", "sev1 checkout down");
        String before = bot.snapshot();

        for (String id : List.of("INC-99999999999999999999", "INC--1", "INC-1x", "inc-")) {
            assertThat(bot.reply("bob", "#general", "note " + id + " x")).as(id).isEqualTo("\"" + id
                    + "\" is not an incident id: an id is INC- and a number, e.g. INC-7.\nUsage: " + Usage.of("note"));
            assertThat(bot.reply("bob", "#general", id + " note x")).as(id)
                    .startsWith("\"" + id + "\" is not an incident id");
        }
        assertThat(bot.reply("bob", "#general", "note INC-42 x"))
                .isEqualTo("INC-42 does not exist; /incident list shows the incidents.");
        assertThat(bot.snapshot()).isEqualTo(before);
    }

    @Test
    void anUnknownSeverityListsTheValidNamesAndAliases() {
        String expected = "Unknown severity \"sev9\". Severities: sev1 (critical, p0, p1, sev-1); "
                + "sev2 (high, p2, major, sev-2); sev3 (medium, p3, minor, sev-3); sev4 (low, p4, sev-4).";

        assertThat(bot.reply("bob", "#general", "sev9 x")).isEqualTo(expected + "\nUsage: " + Usage.of("declare"));
        assertThat(bot.reply("bob", "#general", "drill sev9 x")).startsWith(expected);
        assertThat(bot.platform.effects()).isEmpty();
    }

    @Test
    void anUnknownWordGetsTheClosestCommandOnlyWhenOneIsClose() {
        assertThat(bot.reply("bob", "#general", "stauts identified"))
                .isEqualTo("Unknown command \"stauts\"; did you mean \"status\"?\nUsage: " + Usage.of("status"));
        assertThat(bot.reply("bob", "#general", "acknowlege"))
                .isEqualTo("Unknown command \"acknowlege\"; did you mean \"ack\"?\nUsage: " + Usage.of("ack"));
        assertThat(bot.reply("bob", "#general", "xyzzy"))
                .isEqualTo("Unknown command \"xyzzy\"; /incident help lists the commands.\nUsage: "
                        + Usage.of("declare"));
        assertThat(bot.platform.effects()).isEmpty();
    }
}
