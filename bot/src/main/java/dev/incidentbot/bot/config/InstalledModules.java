package dev.incidentbot.bot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** The modules on the class path that provide {@code T} ({@link ServiceLoader}), looked up once per type. */
final class InstalledModules {
    private static final Map<Class<?>, List<?>> FOUND = new ConcurrentHashMap<>();

    private InstalledModules() {
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> of(Class<T> type) {
        return (List<T>) FOUND.computeIfAbsent(type, t -> {
            List<T> found = new ArrayList<>();
            ServiceLoader.load(type, InstalledModules.class.getClassLoader()).forEach(found::add);
            return List.copyOf(found);
        });
    }
}
