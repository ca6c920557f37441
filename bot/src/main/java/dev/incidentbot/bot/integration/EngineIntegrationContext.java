package dev.incidentbot.bot.integration;

import dev.incidentbot.bot.template.TextTemplates;
import dev.incidentbot.integration.IncidentIntake;
import dev.incidentbot.integration.IntegrationContext;
import java.time.Clock;
import java.util.Map;

/** What the engine lends its integrations: its clock, the operator's text templates, the intake. */
public record EngineIntegrationContext(Clock clock, TextTemplates templates, IncidentIntake intake) implements IntegrationContext {
    @Override
    public String render(String templateName, Map<String, ?> model) {
        return templates.render(templateName, model);
    }
}
