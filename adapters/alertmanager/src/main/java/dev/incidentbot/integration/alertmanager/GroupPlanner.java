package dev.incidentbot.integration.alertmanager;

import java.util.List;
import java.util.function.Predicate;

/**
 * Decides what a notification does. Pure: the caller says whether the group already has an open incident and
 * which alert states its timeline already holds, so a repeated notification (Alertmanager resends the whole group
 * every repeat_interval) adds nothing twice.
 */
public final class GroupPlanner {
    private final AlertsSettings settings;

    public GroupPlanner(AlertsSettings settings) {
        this.settings = settings;
    }

    public GroupAction plan(AlertNotification group, boolean incidentOpen, Predicate<String> alreadyNoted) {
        if (incidentOpen) {
            List<Alert> firing = group.firing().stream().filter(a -> !alreadyNoted.test(a.stateKey())).toList();
            List<Alert> resolved = group.resolved().stream().filter(a -> !alreadyNoted.test(a.stateKey())).toList();
            if (firing.isEmpty() && resolved.isEmpty()) {
                return new GroupAction.Ignore("group " + group.groupKey() + ": nothing new for its open incident");
            }
            return new GroupAction.Append(firing, resolved);
        }
        if (group.firing().isEmpty()) {
            return new GroupAction.Ignore("group " + group.groupKey() + ": no firing alert and no open incident");
        }
        return settings.firstMatch(group)
                .<GroupAction>map(rule -> new GroupAction.Declare(rule.declare(), AlertText.title(group), group.firing()))
                .orElseGet(() -> new GroupAction.Ignore("group " + group.groupKey() + ": no rule matches labels "
                        + group.commonLabels()));
    }
}
