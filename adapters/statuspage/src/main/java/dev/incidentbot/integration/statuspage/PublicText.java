package dev.incidentbot.integration.statuspage;

import dev.incidentbot.integration.IncidentFacts;
import dev.incidentbot.integration.IntegrationContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The words customers read, from the {@code statuspage-*} templates. The model holds public fields only (title,
 * severity name, public status, impact, eta): the commander, notes, diagnostics and progress never reach a template.
 */
final class PublicText {
    private final IntegrationContext context;

    PublicText(IntegrationContext context) {
        this.context = context;
    }

    String title(IncidentFacts f) {
        return context.render("statuspage-title", model(f, "", ""));
    }

    String opened(IncidentFacts f) {
        return context.render("statuspage-opened", model(f, "", ""));
    }

    String update(IncidentFacts f, String impact, String eta) {
        return context.render("statuspage-update", model(f, impact, eta));
    }

    String resolved(IncidentFacts f) {
        return context.render("statuspage-resolved", model(f, "", ""));
    }

    private static Map<String, Object> model(IncidentFacts f, String impact, String eta) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", f.title());
        m.put("severity_name", f.severityName());
        m.put("status", StatuspageIntegration.publicStatus(f.status()));
        m.put("status_label", label(StatuspageIntegration.publicStatus(f.status())));
        m.put("impact", impact.isEmpty() ? f.impact() : impact);
        m.put("eta", eta);
        return m;
    }

    private static String label(String status) {
        return status.isEmpty() ? "" : Character.toUpperCase(status.charAt(0)) + status.substring(1);
    }
}
