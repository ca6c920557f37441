package dev.incidentbot.integration;

import java.time.Clock;
import java.util.Map;

/** What the engine lends an integration. */
public interface IntegrationContext {
    /** The engine's one clock (a test clock in tests). */
    Clock clock();

    /**
     * Render the operator-editable template {@code templates/<name>.mustache} (or the bundled copy) as plain text:
     * no escaping, values as given. Throws {@link IllegalArgumentException} when no such template exists.
     */
    String render(String templateName, Map<String, ?> model);

    /** For inbound integrations: declare incidents and add to their timelines. */
    IncidentIntake intake();
}
