package dev.incidentbot.bot.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration. Platform and diagnostics sections stay as raw trees for their own parsers:
 * {@code platforms} holds each installed chat platform's top-level section by its key ({@code slack}, {@code matrix};
 * a missing one is an empty object), {@code diagnostics} and {@code runner} theirs.
 * {@code integrations} holds the top-level sections the integrations own ({@code pagerduty}, {@code smtp}, ...),
 * keyed by their top-level name, only those present. {@code storageUrl} is {@code storage.url}: a PostgreSQL JDBC URL
 * for several replicas; empty means the SQLite file at {@code storagePath}.
 */
public record BotConfig(Path storagePath, int httpPort, Path templatesDir, List<SeverityLevel> severities,
                        String channelPattern, Duration postmortemDue, BusinessHours businessHours,
                        Duration deliveryTimeout, JsonNode platforms, JsonNode diagnostics,
                        JsonNode runner, JsonNode integrations, Optional<String> storageUrl) {
    public BotConfig {
        severities = List.copyOf(severities);
    }

    /** Without integration sections. */
    public BotConfig(Path storagePath, int httpPort, Path templatesDir, List<SeverityLevel> severities,
                     String channelPattern, Duration postmortemDue, BusinessHours businessHours,
                     Duration deliveryTimeout, JsonNode platforms, JsonNode diagnostics, JsonNode runner) {
        this(storagePath, httpPort, templatesDir, severities, channelPattern, postmortemDue, businessHours,
                deliveryTimeout, platforms, diagnostics, runner,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), Optional.empty());
    }

    /** The section of the platform configured under top-level {@code key}; an empty object when absent. */
    public JsonNode platformSection(String key) {
        JsonNode n = platforms.path(key);
        return n.isObject() ? n : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    public Optional<SeverityLevel> severity(String word) {
        return severities.stream().filter(s -> s.answersTo(word)).findFirst();
    }

    public SeverityLevel severityByKey(String key) {
        return severities.stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("severity " + key + " is no longer configured"));
    }

    public BotConfig withStoragePath(Path path) {
        return new BotConfig(path, httpPort, templatesDir, severities, channelPattern, postmortemDue, businessHours,
                deliveryTimeout, platforms, diagnostics, runner, integrations, storageUrl);
    }

    public BotConfig withStorageUrl(Optional<String> url) {
        return new BotConfig(storagePath, httpPort, templatesDir, severities, channelPattern, postmortemDue, businessHours,
                deliveryTimeout, platforms, diagnostics, runner, integrations, url);
    }
}
