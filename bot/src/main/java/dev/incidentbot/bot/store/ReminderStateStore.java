package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** How far each incident's reminders and escalations have got (see {@code reminder_state}). */
public final class ReminderStateStore {

    /**
     * {@code overdueBase} is the last update (or the declare) that the overdue escalations were counted from; a newer
     * update starts the count again.
     */
    public record State(int ackStepsDone, int overdueStepsDone, Instant lastReminderAt, Instant overdueBase,
                        int followupsDone) {
        public static final State NONE = new State(0, 0, Instant.EPOCH, Instant.EPOCH, 0);
    }

    public State find(Connection c, long incident) throws SQLException {
        return Sql.one(c, "SELECT ack_steps_done, overdue_steps_done, last_reminder_at, overdue_base, followups_done "
                        + "FROM reminder_state WHERE incident_id = ?",
                rs -> new State(rs.getInt(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getInt(5)), incident).orElse(State.NONE);
    }

    public void save(Connection c, long incident, State s) throws SQLException {
        Sql.update(c, "DELETE FROM reminder_state WHERE incident_id = ?", incident);
        Sql.update(c, "INSERT INTO reminder_state (incident_id, ack_steps_done, overdue_steps_done, last_reminder_at, "
                        + "overdue_base, followups_done) VALUES (?,?,?,?,?,?)", incident, s.ackStepsDone(),
                s.overdueStepsDone(), s.lastReminderAt().toEpochMilli(), s.overdueBase().toEpochMilli(), s.followupsDone());
    }
}
