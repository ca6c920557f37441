package dev.incidentbot.bench;

import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Update reminders as Slack received them, paired with when they were due, for incidents of one severity. Reminder
 * {@code k} of an incident is due at declared_at + P ({@code k = 0}) or at reminder {@code k-1}'s timeline time + P
 * (what the bot plans; a reminder is recorded at the due time it served). Its lateness is its {@code chat.postMessage}
 * arriving at the fake Web API minus that due time, so it includes the outbox's delivery.
 */
final class ReminderPosts {
    /** The reminder template's heading (templates/reminder.mustache). */
    private static final String MARK = "UPDATE DUE";

    /** Lateness per period (errors: due before {@code end} but never posted), and reminders recorded twice. */
    record Measured(List<Latencies> byPeriod, int duplicates) { }

    private ReminderPosts() {
    }

    static Measured measure(BenchDatabase db, FakeSlackWebApi fake, String severity, Duration period, int periods,
                            Instant end) {
        Map<String, Long> declared = new HashMap<>();
        for (Object[] r : db.rows("SELECT conversation_id, declared_at FROM incident WHERE severity = '" + severity
                + "' AND conversation_id IS NOT NULL", rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
            declared.put((String) r[0], (Long) r[1]);
        }
        Map<String, List<Long>> reminded = new HashMap<>();
        for (Object[] r : db.rows("SELECT i.conversation_id, t.occurred_at FROM timeline_event t JOIN incident i "
                + "ON i.id = t.incident_id WHERE t.type = 'reminder_sent' ORDER BY t.incident_id, t.seq",
                rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
            reminded.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((Long) r[1]);
        }
        Map<String, List<Instant>> posts = new HashMap<>();
        for (FakeSlackWebApi.Call call : fake.calls("chat.postMessage")) {
            if (call.params().values().stream().anyMatch(v -> v != null && v.contains(MARK))) {
                posts.computeIfAbsent(call.param("channel"), k -> new ArrayList<>()).add(call.at());
            }
        }
        return pair(declared, reminded, posts, period, periods, end.toEpochMilli() * 1000);
    }

    /**
     * Pair each incident's reminder posts (by conversation id) with their due times: declared_at ({@code declared}) or
     * the previous reminder's recorded time ({@code reminded}) plus {@code period}; one due before {@code endMicros}
     * and never posted is missing.
     */
    static Measured pair(Map<String, Long> declared, Map<String, List<Long>> reminded, Map<String, List<Instant>> posts,
                         Duration period, int periods, long endMicros) {
        List<List<Long>> lateness = new ArrayList<>();
        int[] missing = new int[periods];
        for (int p = 0; p < periods; p++) {
            lateness.add(new ArrayList<>());
        }
        int duplicates = 0;
        for (Map.Entry<String, Long> incident : declared.entrySet()) {
            List<Instant> arrived = posts.getOrDefault(incident.getKey(), List.of()).stream().sorted().toList();
            List<Long> sent = reminded.getOrDefault(incident.getKey(), List.of());
            for (int k = 1; k < sent.size(); k++) {
                // The next reminder is planned a whole period after the last; one much sooner is a duplicate.
                if (sent.get(k) - sent.get(k - 1) < period.toMillis() / 2) {
                    duplicates++;
                }
            }
            for (int k = 0; k < periods; k++) {
                if (k > 0 && k - 1 >= sent.size()) {
                    break; // the reminder before never fired: counted missing there
                }
                long dueMillis = (k == 0 ? incident.getValue() : sent.get(k - 1)) + period.toMillis();
                if (k < arrived.size()) {
                    Instant at = arrived.get(k);
                    long postMicros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
                    lateness.get(k).add((postMicros - dueMillis * 1000) * 1000);
                } else if (dueMillis * 1000 < endMicros) {
                    missing[k]++;
                }
            }
        }
        List<Latencies> byPeriod = new ArrayList<>();
        for (int p = 0; p < periods; p++) {
            byPeriod.add(new Latencies(lateness.get(p).stream().mapToLong(Long::longValue).toArray(), missing[p]));
        }
        return new Measured(byPeriod, duplicates);
    }
}
