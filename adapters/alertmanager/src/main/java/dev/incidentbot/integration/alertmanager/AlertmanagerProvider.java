package dev.incidentbot.integration.alertmanager;

import dev.incidentbot.integration.Integration;
import dev.incidentbot.integration.IntegrationContext;
import dev.incidentbot.integration.IntegrationProvider;
import dev.incidentbot.integration.IntegrationSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Prometheus Alertmanager in: the {@code alerts:} section, {@code ALERTMANAGER_WEBHOOK_TOKEN} from the environment. */
public final class AlertmanagerProvider implements IntegrationProvider {
    public static final String NAME = "alertmanager";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configSection() {
        return AlertsSettings.SECTION;
    }

    @Override
    public List<String> validate(IntegrationSettings settings) {
        Set<String> severities = new LinkedHashSet<>();
        settings.severities().forEach(s -> severities.add(s.key()));
        return AlertsSettings.validate(settings.section(AlertsSettings.SECTION), severities);
    }

    @Override
    public Integration create(IntegrationSettings settings, IntegrationContext context) {
        return new AlertmanagerIntegration(new AlertWebhook(
                AlertsSettings.parse(settings.section(AlertsSettings.SECTION), settings.env()), context.intake()));
    }
}
