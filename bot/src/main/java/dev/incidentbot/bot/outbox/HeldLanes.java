package dev.incidentbot.bot.outbox;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lanes that may not move on: a row was sent but its sending could not be recorded yet (the database refused the
 * write), or the test seam made the process "die" after a send. Sending the next row would reorder or repeat.
 */
final class HeldLanes {
    /** A delivery that happened but could not be recorded yet; its lane waits for it. */
    private record Unrecorded(OutboxRow row, Consequence after) { }

    private final Map<Long, Unrecorded> unrecorded = new ConcurrentHashMap<>();
    private final Set<String> crashed = ConcurrentHashMap.newKeySet();

    void sentNotRecorded(OutboxRow row, Consequence after) {
        unrecorded.put(row.id(), new Unrecorded(row, after));
    }

    void crashedAfterSend(OutboxRow row) {
        crashed.add(row.lane());
    }

    /** Rows of one lane may go out together ({@link IndependentRows}), so several of a lane can await recording. */
    boolean holds(String lane) {
        return crashed.contains(lane) || unrecorded.values().stream().anyMatch(u -> u.row().lane().equals(lane));
    }

    /** Try to record every sent-but-unrecorded row; returns the lanes that are free again. */
    Set<String> recordWith(OutboxRecords records) {
        Set<String> freed = new HashSet<>();
        for (Unrecorded u : List.copyOf(unrecorded.values())) {
            if (records.delivered(u.row(), u.after())) {
                unrecorded.remove(u.row().id());
                freed.add(u.row().lane());
            }
        }
        freed.removeIf(this::holds);
        return freed;
    }
}
