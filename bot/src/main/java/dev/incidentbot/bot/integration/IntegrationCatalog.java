package dev.incidentbot.bot.integration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.EscalationStep;
import dev.incidentbot.bot.config.IntegrationSections;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.template.TextTemplates;
import dev.incidentbot.integration.IntegrationContext;
import dev.incidentbot.integration.IntegrationProvider;
import dev.incidentbot.integration.IntegrationSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The integrations on the class path, found with {@link ServiceLoader}. An integration is active when the config has
 * one of its sections or an escalation step names one of its target schemes; only active ones are validated and made.
 */
public final class IntegrationCatalog {
    private static volatile IntegrationCatalog installed;

    private final List<IntegrationProvider> providers;

    public IntegrationCatalog(List<IntegrationProvider> providers) {
        Map<String, String> owner = new HashMap<>();
        for (IntegrationProvider p : providers) {
            for (String key : concat(p.configSections(), p.targetSchemes().stream().map(s -> "scheme " + s).toList())) {
                String before = owner.putIfAbsent(key, p.name());
                if (before != null) {
                    throw new IllegalStateException("integrations " + before + " and " + p.name() + " both claim " + key);
                }
            }
        }
        this.providers = List.copyOf(providers);
    }

    /** The providers on the class path (loaded once). */
    public static IntegrationCatalog installed() {
        IntegrationCatalog c = installed;
        if (c == null) {
            c = new IntegrationCatalog(IntegrationSections.providers());
            installed = c;
        }
        return c;
    }

    public List<IntegrationProvider> providers() {
        return providers;
    }

    /** Problems with integration targets and the active integrations' sections, one line each. */
    public List<String> validate(BotConfig config, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Set<String> schemes = new TreeSet<>();
        providers.forEach(p -> schemes.addAll(p.targetSchemes()));
        for (SeverityLevel s : config.severities()) {
            int n = 0;
            for (EscalationStep step : s.escalation()) {
                for (String t : step.targets()) {
                    String scheme = EscalationStep.scheme(t);
                    if (!scheme.isEmpty() && !schemes.contains(scheme)) {
                        problems.add("severities." + s.key() + ".escalation[" + n + "].notify: \"" + t
                                + "\" names no integration (known: " + (schemes.isEmpty() ? "none" : String.join(", ", schemes)
                                + ", e.g. pagerduty:<service>") + "); chat targets start with @");
                    }
                }
                n++;
            }
        }
        IntegrationSettings settings = settings(config, env);
        TextTemplates templates = new TextTemplates(config.templatesDir());
        for (IntegrationProvider p : active(config)) {
            problems.addAll(p.validate(settings));
            p.templates().forEach(t -> templates.problem(t).ifPresent(problems::add));
        }
        return problems;
    }

    /** The providers this configuration uses. */
    public List<IntegrationProvider> active(BotConfig config) {
        Set<String> usedSchemes = new LinkedHashSet<>();
        config.severities().forEach(s -> s.escalation().forEach(step -> step.targets().forEach(t -> {
            String scheme = EscalationStep.scheme(t);
            if (!scheme.isEmpty()) {
                usedSchemes.add(scheme);
            }
        })));
        return providers.stream().filter(p -> p.configSections().stream().anyMatch(config.integrations()::has)
                || p.targetSchemes().stream().anyMatch(usedSchemes::contains)).toList();
    }

    /** Create the active integrations; call {@link #validate} first. */
    public ActiveIntegrations create(BotConfig config, Map<String, String> env, IntegrationContext context) {
        List<String> problems = validate(config, env);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("integration configuration: " + String.join("; ", problems));
        }
        IntegrationSettings settings = settings(config, env);
        Map<String, dev.incidentbot.integration.Integration> made = new LinkedHashMap<>();
        for (IntegrationProvider p : active(config)) {
            made.put(p.name(), p.create(settings, context));
        }
        return new ActiveIntegrations(made);
    }

    static IntegrationSettings settings(BotConfig config, Map<String, String> env) {
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        config.integrations().fields().forEachRemaining(e -> sections.put(e.getKey(), e.getValue()));
        List<IntegrationSettings.SeverityInfo> severities = config.severities().stream()
                .map(s -> new IntegrationSettings.SeverityInfo(s.key(), s.name(),
                        s.escalation().stream().flatMap(step -> step.targets().stream()).distinct().toList()))
                .toList();
        return new IntegrationSettings(sections, env, severities);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
