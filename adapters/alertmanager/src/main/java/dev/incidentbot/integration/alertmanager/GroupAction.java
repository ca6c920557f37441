package dev.incidentbot.integration.alertmanager;

import java.util.List;

/** What one webhook notification means for incidents: a closed set, decided by {@link GroupPlanner}. */
public sealed interface GroupAction {
    /** Nothing to do; {@code why} goes to the debug log. */
    record Ignore(String why) implements GroupAction { }

    /** No incident is open for the group and a rule matched: declare one at {@code severity}. */
    record Declare(String severity, String title, List<Alert> firing) implements GroupAction {
        public Declare {
            firing = List.copyOf(firing);
        }
    }

    /** The group's incident is open: note what is new on its timeline; resolved alerts are told to the commander. */
    record Append(List<Alert> newlyFiring, List<Alert> newlyResolved) implements GroupAction {
        public Append {
            newlyFiring = List.copyOf(newlyFiring);
            newlyResolved = List.copyOf(newlyResolved);
        }
    }
}
