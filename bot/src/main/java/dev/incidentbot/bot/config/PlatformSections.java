package dev.incidentbot.bot.config;

import dev.incidentbot.platform.PlatformProvider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The chat platforms on the class path ({@link java.util.ServiceLoader}) and the top-level config keys they own. */
public final class PlatformSections {
    private PlatformSections() {
    }

    public static List<PlatformProvider> providers() {
        return InstalledModules.of(PlatformProvider.class);
    }

    public static Set<String> installed() {
        Set<String> keys = new LinkedHashSet<>();
        providers().forEach(p -> keys.add(p.configSection()));
        return keys;
    }
}
