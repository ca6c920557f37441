package dev.incidentbot.integration.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.integration.Integration;
import dev.incidentbot.integration.IntegrationContext;
import dev.incidentbot.integration.IntegrationProvider;
import dev.incidentbot.integration.IntegrationSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PagerDuty pages: {@code pagerduty:<service>} escalation targets, routing keys from
 * {@code PAGERDUTY_ROUTING_KEY_<SERVICE>}, severities mapped in the {@code pagerduty:} section.
 */
public final class PagerDutyProvider implements IntegrationProvider {
    public static final String NAME = "pagerduty";
    static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
    static final Set<String> PD_SEVERITIES = Set.of("critical", "error", "warning", "info");
    private static final Set<String> KEYS = Set.of("severities", "source");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configSection() {
        return "pagerduty";
    }

    @Override
    public List<String> targetSchemes() {
        return List.of("pagerduty");
    }

    @Override
    public List<String> validate(IntegrationSettings settings) {
        List<String> problems = new ArrayList<>();
        JsonNode section = settings.section("pagerduty");
        List<String> services = services(settings);
        if (section.isMissingNode()) {
            problems.add("pagerduty: missing; escalation names " + String.join(", ", settings.targetsWithScheme("pagerduty"))
                    + ", so say how severities map to PagerDuty's, e.g. pagerduty: { severities: { sev1: critical, sev2: error } }");
            return problems;
        }
        if (!section.isObject()) {
            problems.add("pagerduty: expected a mapping with severities (and optionally source)");
            return problems;
        }
        for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                problems.add("pagerduty." + k + ": unknown key (known: severities, source)");
            }
        }
        JsonNode map = section.path("severities");
        if (!map.isMissingNode() && !map.isObject()) {
            problems.add("pagerduty.severities: expected a mapping of severity key to critical, error, warning or info");
        }
        List<String> known = settings.severities().stream().map(IntegrationSettings.SeverityInfo::key).toList();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                problems.add("pagerduty.severities." + e.getKey() + ": no such severity (known: " + String.join(", ", known) + ")");
            }
            if (!PD_SEVERITIES.contains(e.getValue().asText())) {
                problems.add("pagerduty.severities." + e.getKey() + ": \"" + e.getValue().asText()
                        + "\" is not a PagerDuty severity; write critical, error, warning or info");
            }
        }
        for (IntegrationSettings.SeverityInfo s : settings.severities()) {
            boolean pages = s.escalationTargets().stream().anyMatch(t -> t.startsWith("pagerduty:"));
            if (pages && !map.has(s.key())) {
                problems.add("pagerduty.severities." + s.key() + ": missing; " + s.key()
                        + " pages PagerDuty, so say critical, error, warning or info");
            }
        }
        for (String service : services) {
            if (!service.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                problems.add("pagerduty:" + service + ": a service name is letters, digits, - or _ (it names the variable "
                        + "PAGERDUTY_ROUTING_KEY_<SERVICE>)");
                continue;
            }
            String var = routingKeyVariable(service);
            String key = settings.envValue(var).orElse("");
            if (key.isEmpty()) {
                problems.add(var + ": not set; escalation pages pagerduty:" + service
                        + ", so set it to the 32-character integration key of that PagerDuty service (Events API v2)");
            } else if (key.length() != 32) {
                problems.add(var + ": " + key.length() + " characters; a PagerDuty integration key has 32");
            }
        }
        settings.envValue("PAGERDUTY_EVENTS_URL").ifPresent(url -> {
            if (!isHttpUrl(url)) {
                problems.add("PAGERDUTY_EVENTS_URL: \"" + url + "\" is not an http(s) URL");
            }
        });
        return problems;
    }

    @Override
    public Integration create(IntegrationSettings settings, IntegrationContext context) {
        Map<String, String> severities = new LinkedHashMap<>();
        settings.section("pagerduty").path("severities").fields()
                .forEachRemaining(e -> severities.put(e.getKey(), e.getValue().asText()));
        Map<String, String> keys = new LinkedHashMap<>();
        for (String service : services(settings)) {
            keys.put(service, settings.envValue(routingKeyVariable(service)).orElseThrow());
        }
        URI url = URI.create(settings.envValue("PAGERDUTY_EVENTS_URL").orElse(DEFAULT_URL));
        String source = settings.section("pagerduty").path("source").asText("incident-bot");
        return new PagerDutyIntegration(new EventsClient(url), severities, keys, source, context.clock());
    }

    /** {@code PAGERDUTY_ROUTING_KEY_PAYMENTS_API} for service {@code payments-api}. */
    public static String routingKeyVariable(String service) {
        return "PAGERDUTY_ROUTING_KEY_" + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    static List<String> services(IntegrationSettings settings) {
        return settings.targetsWithScheme("pagerduty").stream().map(t -> t.substring("pagerduty:".length())).toList();
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = new URI(url);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
