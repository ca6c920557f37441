package dev.incidentbot.bot.store;

import dev.incidentbot.bot.timeline.HashChain;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Recomputes an incident's hash chain from the stored events and says where, if anywhere, it breaks. */
public final class ChainVerifier {

    /** The outcome: {@code brokenAt} is the first event whose stored hash or link does not match. */
    public record Verdict(int events, String head, Optional<Integer> brokenAt, String reason) {
        public boolean intact() {
            return brokenAt.isEmpty();
        }
    }

    public Verdict verify(Connection c, long incident) throws SQLException {
        String[] prev = {HashChain.GENESIS};
        int[] count = {0};
        int[] expectedSeq = {1};
        Integer[] broken = {null};
        String[] reason = {""};
        new TimelineStore().forEach(c, incident, e -> {
            count[0]++;
            if (broken[0] != null) {
                return;
            }
            if (e.seq() != expectedSeq[0]) {
                broken[0] = expectedSeq[0];
                reason[0] = "event " + expectedSeq[0] + " is missing";
            } else if (!e.prevHash().equals(prev[0])) {
                broken[0] = e.seq();
                reason[0] = "event " + e.seq() + " does not link to the event before it";
            } else if (!HashChain.hash(e).equals(e.hash())) {
                broken[0] = e.seq();
                reason[0] = "event " + e.seq() + " was changed after it was written";
            }
            prev[0] = e.hash();
            expectedSeq[0]++;
        });
        return new Verdict(count[0], prev[0], Optional.ofNullable(broken[0]), reason[0]);
    }
}
