package dev.incidentbot.bot.config;

import dev.incidentbot.integration.IntegrationProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** The integrations on the class path ({@link ServiceLoader}) and the top-level config keys they own. */
public final class IntegrationSections {
    private static volatile List<IntegrationProvider> providers;

    private IntegrationSections() {
    }

    public static List<IntegrationProvider> providers() {
        List<IntegrationProvider> p = providers;
        if (p == null) {
            List<IntegrationProvider> found = new ArrayList<>();
            ServiceLoader.load(IntegrationProvider.class, IntegrationSections.class.getClassLoader()).forEach(found::add);
            p = List.copyOf(found);
            providers = p;
        }
        return p;
    }

    public static Set<String> installed() {
        Set<String> keys = new LinkedHashSet<>();
        providers().forEach(p -> keys.addAll(p.configSections()));
        return keys;
    }
}
