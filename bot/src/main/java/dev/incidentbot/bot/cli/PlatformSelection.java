package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.PlatformSections;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.LeasedConsumer;
import dev.incidentbot.bot.store.PlatformStateStore;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConsumerLease;
import dev.incidentbot.chat.PlatformState;
import dev.incidentbot.platform.PlatformInstance;
import dev.incidentbot.platform.PlatformProvider;
import dev.incidentbot.platform.PlatformServices;
import dev.incidentbot.platform.PlatformSettings;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which chat platforms run: every installed platform module ({@link PlatformProvider}) whose credentials are in the
 * environment, with what it serves over HTTP; the caller runs the console when none is. Adding a platform is adding
 * its module; nothing here names one.
 */
public record PlatformSelection(List<ChatPlatform> platforms, Map<String, HttpServlet> mounts) {

    public PlatformSelection {
        platforms = List.copyOf(platforms);
        mounts = Map.copyOf(mounts);
    }

    /** As below, for tests: nobody is handed the consumer leases to close (on SQLite there are none). */
    public static PlatformSelection fromEnvironment(Map<String, String> env, BotConfig config, Database db) {
        return fromEnvironment(env, config, db, c -> { });
    }

    /**
     * The chat platforms configured in {@code env}; empty when none is. Platforms keep their state (a sync token, a
     * login) in {@code db}; on PostgreSQL, replicas elect one consumer of an event stream through leases that
     * {@code closeWith} is given to close (and hand over) with the application.
     */
    public static PlatformSelection fromEnvironment(Map<String, String> env, BotConfig config, Database db,
                                                    Consumer<AutoCloseable> closeWith) {
        PlatformServices services = new PlatformServices() {
            @Override
            public PlatformState state(String namespace) {
                return new PlatformStateStore(db, namespace);
            }

            @Override
            public ConsumerLease consumerLease(String name) {
                return LeasedConsumer.forDatabase(db, name, closeWith);
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
        List<ChatPlatform> platforms = new ArrayList<>();
        Map<String, HttpServlet> mounts = new LinkedHashMap<>();
        for (PlatformProvider provider : PlatformSections.providers()) {
            Optional<PlatformInstance> created = provider.create(settings(provider, config, env), services);
            created.ifPresent(i -> {
                platforms.add(i.platform());
                mounts.putAll(i.mounts());
            });
        }
        return new PlatformSelection(platforms, mounts);
    }

    /** Problems in every installed platform's section, one line each naming the key. */
    static List<String> problems(BotConfig config) {
        List<String> problems = new ArrayList<>();
        PlatformSections.providers().forEach(p -> problems.addAll(p.validate(config.platformSection(p.configSection()))));
        return problems;
    }

    /** The platforms' advice for check-config (e.g. escalation targets a platform would not let act). */
    static List<String> warnings(BotConfig config, Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        PlatformSections.providers().forEach(p -> warnings.addAll(p.warnings(settings(p, config, env))));
        return warnings;
    }

    private static PlatformSettings settings(PlatformProvider provider, BotConfig config, Map<String, String> env) {
        List<PlatformSettings.EscalationTarget> targets = new ArrayList<>();
        config.severities().forEach(sev -> {
            for (int step = 0; step < sev.escalation().size(); step++) {
                for (String target : sev.escalation().get(step).targets()) {
                    targets.add(new PlatformSettings.EscalationTarget(sev.key(), step + 1, target));
                }
            }
        });
        return new PlatformSettings(config.platformSection(provider.configSection()), env, targets);
    }
}
