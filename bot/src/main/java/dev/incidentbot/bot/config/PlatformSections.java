package dev.incidentbot.bot.config;

import dev.incidentbot.platform.PlatformProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** The chat platforms on the class path ({@link ServiceLoader}) and the top-level config keys they own. */
public final class PlatformSections {
    private static volatile List<PlatformProvider> providers;

    private PlatformSections() {
    }

    public static List<PlatformProvider> providers() {
        List<PlatformProvider> p = providers;
        if (p == null) {
            List<PlatformProvider> found = new ArrayList<>();
            ServiceLoader.load(PlatformProvider.class, PlatformSections.class.getClassLoader()).forEach(found::add);
            p = List.copyOf(found);
            providers = p;
        }
        return p;
    }

    public static Set<String> installed() {
        Set<String> keys = new LinkedHashSet<>();
        providers().forEach(p -> keys.add(p.configSection()));
        return keys;
    }
}
