package dev.incidentbot.integration.alertmanager;

import dev.incidentbot.integration.HttpMount;
import dev.incidentbot.integration.IncidentIntake;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /alerts/alertmanager}: authenticates, parses, and turns one notification into at most one declare or
 * one timeline entry. Notifications of one group are handled one at a time, so two deliveries of a group (a retry
 * overlapping the next flush) can never declare two incidents.
 */
public final class AlertWebhook implements HttpMount.Handler {
    public static final String PATH = "/alerts/alertmanager";
    public static final String SOURCE = "Alertmanager";
    private static final Logger LOG = LoggerFactory.getLogger(AlertWebhook.class);

    private final AlertsSettings settings;
    private final IncidentIntake intake;
    private final GroupPlanner planner;
    private final NotificationParser parser = new NotificationParser();
    // Striped, so memory stays bounded however many groups come and go; two groups sharing a stripe only wait.
    private final ReentrantLock[] stripes = java.util.stream.Stream.generate(ReentrantLock::new).limit(64)
            .toArray(ReentrantLock[]::new);

    public AlertWebhook(AlertsSettings settings, IncidentIntake intake) {
        this.settings = settings;
        this.intake = intake;
        this.planner = new GroupPlanner(settings);
    }

    @Override
    public HttpMount.Response handle(HttpMount.Request request) {
        BearerCheck.Verdict verdict = BearerCheck.check(settings.webhookToken(), request.header("authorization"));
        if (verdict == BearerCheck.Verdict.OFF) {
            return HttpMount.Response.text(404, "Not found\n");
        }
        if (verdict == BearerCheck.Verdict.UNAUTHORIZED) {
            return HttpMount.Response.text(401, "Send Authorization: Bearer <" + AlertsSettings.TOKEN_VARIABLE + ">\n");
        }
        if (!request.method().equals("POST")) {
            return HttpMount.Response.text(405, "POST an Alertmanager webhook notification (version 4) here\n");
        }
        AlertNotification group;
        try {
            group = parser.parse(request.body());
        } catch (MalformedNotification e) {
            return HttpMount.Response.text(400, "Not an Alertmanager webhook notification: " + e.getMessage() + "\n");
        }
        ReentrantLock lock = stripes[Math.floorMod(group.groupKey().hashCode(), stripes.length)];
        lock.lock();
        try {
            return HttpMount.Response.text(200, apply(group) + "\n");
        } finally {
            lock.unlock();
        }
    }

    private String apply(AlertNotification group) {
        Optional<Long> open = intake.findOpen(SOURCE, group.groupKey());
        Set<String> known = open.map(i -> intake.known(i, SOURCE)).orElse(Set.of());
        GroupAction action = planner.plan(group, open.isPresent(), known::contains);
        if (action instanceof GroupAction.Ignore ignore) {
            LOG.debug("Alertmanager notification ignored: {}", ignore.why());
            return "ignored: " + ignore.why();
        }
        if (action instanceof GroupAction.Declare d) {
            IncidentIntake.Entry first = new IncidentIntake.Entry(AlertText.entry(
                    heading(d.firing().size(), "firing", group), d.firing()), keys(d.firing()));
            long number = intake.declare(SOURCE, group.groupKey(), d.severity(), d.title(),
                    settings.announceIn(), first);
            return "declared incident " + number;
        }
        GroupAction.Append append = (GroupAction.Append) action;
        long incident = open.orElseThrow();
        if (!append.newlyFiring().isEmpty()) {
            intake.add(incident, SOURCE, new IncidentIntake.Entry(AlertText.entry(
                    heading(append.newlyFiring().size(), "firing", group), append.newlyFiring()),
                    keys(append.newlyFiring())), false);
        }
        if (!append.newlyResolved().isEmpty()) {
            intake.add(incident, SOURCE, new IncidentIntake.Entry(AlertText.entry(
                    heading(append.newlyResolved().size(), "resolved", group)
                            + " The incident stays open: resolve it when the service is really back.",
                    append.newlyResolved()), keys(append.newlyResolved())), true);
        }
        return "added to incident " + incident;
    }

    private static String heading(int count, String state, AlertNotification group) {
        return "Alertmanager: " + count + (count == 1 ? " alert " : " alerts ") + state
                + group.externalUrl().map(u -> " (" + u + ")").orElse("") + ".";
    }

    private static Set<String> keys(List<Alert> alerts) {
        Set<String> keys = new LinkedHashSet<>();
        alerts.forEach(a -> keys.add(a.stateKey()));
        return keys;
    }
}
