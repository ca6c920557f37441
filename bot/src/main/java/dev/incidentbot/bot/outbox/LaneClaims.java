package dev.incidentbot.bot.outbox;

import java.util.List;

/**
 * Which outbox lanes this process may perform now. One process on SQLite may perform every lane; replicas on
 * PostgreSQL lease lanes, so each lane (one incident's messages, in order) is performed by one replica at a time.
 */
public interface LaneClaims extends AutoCloseable {

    /**
     * Of the lanes' due first rows, those this process may perform now: their lane is held here (newly claimed,
     * renewed or taken over from a dead holder) and the row is still pending (another replica may have delivered it
     * since it was read). Called on every round of the dispatcher, also with nothing due, so leases stay renewed.
     */
    List<OutboxRow> claim(List<OutboxRow> dueHeads);

    /** Give up every lane held, so another replica can take them at once (a clean shutdown). */
    @Override
    void close();

    /** The single process: every lane is its own. */
    LaneClaims EVERY_LANE = new LaneClaims() {
        @Override
        public List<OutboxRow> claim(List<OutboxRow> dueHeads) {
            return dueHeads;
        }

        @Override
        public void close() {
        }
    };
}
