package dev.incidentbot.integration.statuspage;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The customer status page on Atlassian Statuspage: the {@code statuspage:} section says which severities open a public
 * incident and which component each marks; the API key comes from {@code STATUSPAGE_API_KEY}.
 */
public final class StatuspageProvider implements IntegrationProvider {
    public static final String NAME = "statuspage";
    static final String DEFAULT_URL = "https://api.statuspage.io/v1";
    /** Component statuses as the Statuspage API names them. */
    static final Set<String> COMPONENT_STATUSES = Set.of("operational", "under_maintenance", "degraded_performance",
            "partial_outage", "major_outage");
    private static final Set<String> KEYS = Set.of("page_id", "severities", "components", "component_status", "post_updates");
    static final List<String> TEMPLATES = List.of("statuspage-title", "statuspage-opened", "statuspage-update",
            "statuspage-resolved");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configSection() {
        return "statuspage";
    }

    @Override
    public List<String> templates() {
        return TEMPLATES;
    }

    @Override
    public List<String> validate(IntegrationSettings settings) {
        List<String> problems = new ArrayList<>();
        JsonNode s = settings.section("statuspage");
        if (!s.isObject()) {
            problems.add("statuspage: expected a mapping with page_id, severities and optionally components");
            return problems;
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                problems.add("statuspage." + k + ": unknown key (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        String page = s.path("page_id").asText("");
        if (page.isBlank()) {
            problems.add("statuspage.page_id: missing; the id of your page (Statuspage > API info), e.g. page_id: abc123");
        } else if (!page.matches("[A-Za-z0-9]{1,64}")) {
            problems.add("statuspage.page_id: \"" + page + "\" is not a page id (letters and digits)");
        }
        List<String> known = settings.severities().stream().map(IntegrationSettings.SeverityInfo::key).toList();
        JsonNode sevs = s.path("severities");
        if (!sevs.isMissingNode() && !sevs.isArray()) {
            problems.add("statuspage.severities: expected a list of severity keys, e.g. [sev1, sev2]");
        }
        for (JsonNode v : sevs) {
            if (!known.contains(v.asText())) {
                problems.add("statuspage.severities: \"" + v.asText() + "\" is not a severity (known: " + String.join(", ", known) + ")");
            }
        }
        for (String map : List.of("components", "component_status")) {
            JsonNode m = s.path(map);
            if (!m.isMissingNode() && !m.isObject()) {
                problems.add("statuspage." + map + ": expected a mapping of severity key to "
                        + (map.equals("components") ? "component id, e.g. { sev1: cmp1 }" : "a component status, e.g. { sev2: partial_outage }"));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!known.contains(e.getKey())) {
                    problems.add("statuspage." + map + "." + e.getKey() + ": not a severity (known: " + String.join(", ", known) + ")");
                }
                if (map.equals("component_status") && !COMPONENT_STATUSES.contains(e.getValue().asText())) {
                    problems.add("statuspage.component_status." + e.getKey() + ": \"" + e.getValue().asText()
                            + "\" is not a component status; write one of " + String.join(", ", new java.util.TreeSet<>(COMPONENT_STATUSES)));
                }
                if (map.equals("components") && !e.getValue().asText().matches("[A-Za-z0-9]{1,64}")) {
                    problems.add("statuspage.components." + e.getKey() + ": \"" + e.getValue().asText() + "\" is not a component id");
                }
            }
        }
        JsonNode post = s.path("post_updates");
        if (!post.isMissingNode() && !post.isBoolean()) {
            problems.add("statuspage.post_updates: expected true or false");
        }
        if (settings.envValue("STATUSPAGE_API_KEY").isEmpty()) {
            problems.add("STATUSPAGE_API_KEY: not set; the statuspage: section needs an API key (Statuspage > your avatar > API info)");
        }
        settings.envValue("STATUSPAGE_API_URL").ifPresent(url -> {
            try {
                URI u = new URI(url);
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    problems.add("STATUSPAGE_API_URL: \"" + url + "\" is not an http(s) URL");
                }
            } catch (URISyntaxException e) {
                problems.add("STATUSPAGE_API_URL: \"" + url + "\" is not an http(s) URL");
            }
        });
        return problems;
    }

    @Override
    public Integration create(IntegrationSettings settings, IntegrationContext context) {
        JsonNode s = settings.section("statuspage");
        Set<String> severities = new LinkedHashSet<>();
        s.path("severities").forEach(v -> severities.add(v.asText()));
        Map<String, String> components = new LinkedHashMap<>();
        s.path("components").fields().forEachRemaining(e -> components.put(e.getKey(), e.getValue().asText()));
        Map<String, String> componentStatus = new LinkedHashMap<>();
        s.path("component_status").fields().forEachRemaining(e -> componentStatus.put(e.getKey(), e.getValue().asText()));
        String base = settings.envValue("STATUSPAGE_API_URL").orElse(DEFAULT_URL);
        StatuspageClient client = new StatuspageClient(URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base),
                s.path("page_id").asText(), settings.envValue("STATUSPAGE_API_KEY").orElseThrow());
        return new StatuspageIntegration(client, new PublicText(context), severities, components, componentStatus,
                s.path("post_updates").asBoolean(false), context.clock());
    }
}
