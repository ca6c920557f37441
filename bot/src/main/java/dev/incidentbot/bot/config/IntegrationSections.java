package dev.incidentbot.bot.config;

import dev.incidentbot.integration.IntegrationProvider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The integrations on the class path ({@link java.util.ServiceLoader}) and the top-level config keys they own. */
public final class IntegrationSections {
    private IntegrationSections() {
    }

    public static List<IntegrationProvider> providers() {
        return InstalledModules.of(IntegrationProvider.class);
    }

    public static Set<String> installed() {
        Set<String> keys = new LinkedHashSet<>();
        providers().forEach(p -> keys.addAll(p.configSections()));
        return keys;
    }
}
