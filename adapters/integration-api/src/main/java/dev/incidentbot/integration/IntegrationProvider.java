package dev.incidentbot.integration;

import java.util.List;

/**
 * The service-loader entry of one integration ({@code META-INF/services/dev.incidentbot.integration.IntegrationProvider}).
 * The engine validates its config sections in check-config and at start-up, and creates it when it is configured:
 * when one of its {@link #configSections()} is present or an escalation step names one of its {@link #targetSchemes()}.
 */
public interface IntegrationProvider {
    /** A short lowercase name: "pagerduty", "email", "statuspage". Names the outbox rows and the timeline lines. */
    String name();

    /** The main top-level YAML key, e.g. {@code pagerduty}, {@code smtp}, {@code statuspage}, {@code alerts}. */
    String configSection();

    /** Every top-level key this integration owns, the main one first (e-mail: {@code smtp}, {@code stakeholders}). */
    default List<String> configSections() {
        return List.of(configSection());
    }

    /** Escalation target prefixes this integration answers for: "pagerduty" for {@code pagerduty:<service>}. */
    default List<String> targetSchemes() {
        return List.of();
    }

    /** Text templates it renders through {@link IntegrationContext#render}; check-config makes sure they load. */
    default List<String> templates() {
        return List.of();
    }

    /** One line per problem, each naming its key (e.g. {@code statuspage.page_id: missing}); empty when fine. */
    List<String> validate(IntegrationSettings settings);

    /** Called only after {@link #validate} found nothing. */
    Integration create(IntegrationSettings settings, IntegrationContext context);
}
