package dev.incidentbot.bot.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.listeners.SchedulerListenerSupport;

/** Scheduling and cancelling touch only the changed incident's own triggers, never the others'. */
class ReplanIsolationTest {
    private static final String CONFIG = """
            severities:
              sev1:
                name: sev1
                acknowledge_within: 1h
                update_every: 1h
                escalation:
                  - after: 0m
                    notify: ["@oncall-primary"]
              sev2:
                name: sev2
                acknowledge_within: 2h
                update_every: 2h
                escalation:
                  - after: 0m
                    notify: ["@oncall-primary"]
            """;
    private static final int INCIDENTS = 12;

    @TempDir
    Path dir;
    private ReminderBot bot;

    @AfterEach
    void close() {
        if (bot != null) {
            bot.close();
        }
    }

    /** Trigger rows as "group/name@next" strings, for incidents other than {@code except}. */
    private List<String> rowsExcept(Set<String> except) {
        List<String> out = new ArrayList<>();
        for (Object[] row : bot.triggerRows()) {
            if (!except.contains((String) row[1])) {
                out.add(row[1] + "/" + row[0] + "@" + row[2] + " " + row[3]);
            }
        }
        return out;
    }

    @Test
    void replanningOneIncidentAmongManyLeavesTheOthersTriggersUntouched() throws Exception {
        bot = new ReminderBot(dir, CONFIG);
        for (int n = 1; n <= INCIDENTS; n++) {
            bot.command("dana", "sev1 incident number " + n);
        }
        // One trigger per incident and kind, grouped per incident.
        assertThat(bot.triggerRows()).hasSize(2 * INCIDENTS);
        assertThat(bot.triggerRows().stream().map(r -> (String) r[1]).distinct()).hasSize(INCIDENTS);

        Scheduler quartz = bot.quartz();
        List<String> touched = new CopyOnWriteArrayList<>();
        quartz.getListenerManager().addSchedulerListener(new SchedulerListenerSupport() {
            @Override
            public void jobScheduled(Trigger trigger) {
                touched.add(trigger.getKey().getGroup());
            }

            @Override
            public void jobUnscheduled(TriggerKey key) {
                touched.add(key.getGroup());
            }
        });
        Set<String> changed = Set.of("incident-3", "incident-7", "incident-9", "incident-12");
        List<String> others = rowsExcept(changed);
        List<String> before7 = rowsExcept(Set.of()).stream().filter(r -> r.startsWith("incident-7/")).toList();

        bot.command("alice", "ack INC-3");
        bot.command("alice", "update INC-7 found the bad deploy");
        bot.command("alice", "sev INC-9 sev2");
        bot.command("alice", "resolve INC-12 rolled back");

        assertThat(touched).isNotEmpty();
        assertThat(Set.copyOf(touched)).isSubsetOf(changed);
        assertThat(rowsExcept(changed)).isEqualTo(others);
        // ... and the changed ones did change.
        assertThat(bot.triggers(3)).containsOnlyKeys("update");
        assertThat(rowsExcept(Set.of()).stream().filter(r -> r.startsWith("incident-7/")).toList()).isNotEqualTo(before7);
        assertThat(bot.triggers(12)).containsOnlyKeys("follow_up");
        assertThat(bot.triggers(9).get("update")).isEqualTo(bot.incident(9).declaredAt().plusSeconds(7200));
        assertThat(touched.stream().collect(Collectors.toSet())).containsAll(changed);
    }
}
