package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.store.ReminderStateStore;
import java.sql.Connection;
import java.sql.SQLException;

/** How far each incident's reminders have got ({@link ReminderStateStore}), in one unit of work. */
public final class ReminderStates {
    private final ReminderStateStore states = new ReminderStateStore();
    private final Connection c;

    ReminderStates(Connection c) {
        this.c = c;
    }

    public ReminderStateStore.State find(long incident) throws SQLException {
        return states.find(c, incident);
    }

    public void save(long incident, ReminderStateStore.State state) throws SQLException {
        states.save(c, incident, state);
    }
}
