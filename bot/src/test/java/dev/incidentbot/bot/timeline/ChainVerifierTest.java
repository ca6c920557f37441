package dev.incidentbot.bot.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.store.ChainVerifier;
import dev.incidentbot.bot.testing.TestBot;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline's hash chain: intact after real use, and a tampered row is named. */
class ChainVerifierTest {
    @TempDir
    Path dir;
    TestBot bot;

    @BeforeEach
    void incidents() {
        bot = TestBot.start(dir);
        bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
        bot.replyDelivered("alice", "#general", "sev2 search is slow");
        bot.replyDelivered("bob", TestBot.INC1, "commander");
        bot.reply("bob", TestBot.INC1, "note first note");
        bot.reply("bob", TestBot.INC1, "note second note");
        bot.replyDelivered("bob", TestBot.INC1, "resolve rolled back");
        bot.reply("carol", "#general", "INC-2 note unrelated");
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private ChainVerifier.Verdict verify(long incident) {
        return bot.app.database().read(c -> new ChainVerifier().verify(c, incident));
    }

    @Test
    void anUntouchedChainVerifies() {
        ChainVerifier.Verdict v = verify(1);
        assertThat(v.intact()).isTrue();
        assertThat(v.events()).isEqualTo(6);
        assertThat(v.head()).isEqualTo(bot.string("SELECT hash FROM timeline_event WHERE incident_id = 1 AND seq = 6"));
        assertThat(bot.string("SELECT prev_hash FROM timeline_event WHERE incident_id = 1 AND seq = 1")).isEqualTo(HashChain.GENESIS);
        assertThat(verify(2).intact()).isTrue();
        assertThat(verify(2).events()).isEqualTo(2);
    }

    @Test
    void anEditedPayloadIsNamed() {
        assertThat(bot.execute("UPDATE timeline_event SET payload = replace(payload, 'first', 'harmless') "
                + "WHERE incident_id = 1 AND seq = 4")).isEqualTo(1);
        ChainVerifier.Verdict v = verify(1);
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).contains(4);
        assertThat(v.reason()).contains("event 4").contains("changed");
        assertThat(verify(2).intact()).as("other incidents are unaffected").isTrue();
    }

    @Test
    void anEditedActorOrTimeIsNamed() {
        bot.execute("UPDATE timeline_event SET actor_name = 'mallory' WHERE incident_id = 1 AND seq = 3");
        assertThat(verify(1).brokenAt()).contains(3);
    }

    @Test
    void aRecomputedHashStillBreaksTheLinkAfterIt() {
        // A careful forger rewrites event 2 and its hash; event 3 still points at the old hash.
        TimelineEntry e2 = bot.app.database().read(c -> new dev.incidentbot.bot.store.TimelineStore().last(c, 1, 5).get(0));
        assertThat(e2.seq()).isEqualTo(2);
        String forged = HashChain.hash(e2.prevHash(), 1, 2, e2.type(), "mallory", "mallory", e2.at().toEpochMilli(), e2.payload());
        bot.execute("UPDATE timeline_event SET actor_id = 'mallory', actor_name = 'mallory', hash = ? WHERE incident_id = 1 AND seq = 2", forged);
        ChainVerifier.Verdict v = verify(1);
        assertThat(v.brokenAt()).contains(3);
        assertThat(v.reason()).contains("does not link");
    }

    @Test
    void aDeletedEventIsNamed() {
        bot.execute("DELETE FROM timeline_event WHERE incident_id = 1 AND seq = 2");
        ChainVerifier.Verdict v = verify(1);
        assertThat(v.brokenAt()).contains(2);
        assertThat(v.reason()).contains("missing");
    }
}
