package dev.incidentbot.bot.config;

import dev.incidentbot.platform.Durations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code incident-bot.yaml} and checks all of it before anything starts: every problem is collected, one line
 * each naming its key, so an operator fixes the file in one pass.
 */
public final class ConfigLoader {
    public static final String BUNDLED = "/config/incident-bot.yaml";
    private static final Set<String> TOP_LEVEL = Set.of("storage", "http", "templates", "severities",
            "severity_aliases", "channel_naming", "postmortem_due", "business_hours", "outbox", "diagnostics", "runner");

    /** Below this a reminder or retry loop would spin; only escalation {@code after: 0m} ("at once") may be shorter. */
    public static final Duration MIN_DURATION = ConfigValues.MIN_DURATION;
    /** Cadences shorter than this are for demos and tests, and get a warning. */
    public static final Duration WARN_BELOW = Duration.ofMinutes(1);

    // A key written twice is an error, not "the last one wins".
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final ConfigProblems problems;
    private final ConfigValues values;

    private ConfigLoader(ConfigLines lines) {
        this.problems = new ConfigProblems(lines);
        this.values = new ConfigValues(problems);
    }

    /** Load {@code file}, or the bundled default when {@code file} is empty. */
    public static BotConfig load(java.util.Optional<Path> file) {
        return load(file, config -> List.of());
    }

    /**
     * Load {@code file} (or the bundled default) and run {@code moreChecks} on it too, even when the core keys have
     * problems (unset or invalid values fall back to defaults), so every problem is reported in one pass.
     * {@code moreChecks} reports one {@code key: message} line per problem; each is shown like the core's.
     */
    public static BotConfig load(java.util.Optional<Path> file, java.util.function.Function<BotConfig, List<String>> moreChecks) {
        byte[] source = file.isPresent() ? readFile(file.get()) : readBundled();
        ConfigLoader loader = new ConfigLoader(ConfigLines.of(source));
        JsonNode root = loader.tree(source, file.map(Path::toString).orElse(BUNDLED));
        BotConfig config = loader.interpret(root);
        loader.problems.addReported(moreChecks.apply(config));
        loader.problems.throwIfAny();
        return config;
    }

    /** Parse YAML text, for tests. */
    public static BotConfig parse(String yamlText) {
        byte[] source = yamlText.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ConfigLoader loader = new ConfigLoader(ConfigLines.of(source));
        BotConfig config = loader.interpret(loader.tree(source, "config"));
        loader.problems.throwIfAny();
        return config;
    }

    private JsonNode tree(byte[] source, String name) {
        try {
            return yaml.readTree(source);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(name + ": " + yamlProblem(e)));
        } catch (IOException e) {
            throw new ConfigException(List.of(name + ": cannot read: " + firstLine(e.getMessage())));
        }
    }

    private static byte[] readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(List.of("--config " + file + ": no such file"));
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + firstLine(e.getMessage())));
        }
    }

    private static byte[] readBundled() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(BUNDLED)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("the bundled default configuration is unreadable", e);
        }
    }

    private BotConfig interpret(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            problems.add("config", "expected a mapping at the top level");
            root = JsonNodeFactory.instance.objectNode();
        }
        Set<String> integrationSections = IntegrationSections.installed();
        Set<String> known = new java.util.HashSet<>(TOP_LEVEL);
        known.addAll(integrationSections);
        Set<String> platformSections = PlatformSections.installed();
        known.addAll(platformSections);
        values.unknownKeys(root, "", known);
        values.unknownKeys(root.path("storage"), "storage", Set.of("path", "url"));
        values.unknownKeys(root.path("http"), "http", Set.of("port"));
        values.unknownKeys(root.path("templates"), "templates", Set.of("dir"));
        values.unknownKeys(root.path("channel_naming"), "channel_naming", Set.of("pattern"));
        values.unknownKeys(root.path("business_hours"), "business_hours", BusinessHoursSection.KEYS);
        values.unknownKeys(root.path("outbox"), "outbox", Set.of("delivery_timeout"));
        Path storage = Path.of(values.text(root, "storage.path", "data/incident-bot.db"));
        Optional<String> storageUrl = storageUrl(root);
        int port = values.integer(root, "http.port", 4242, 0, 65535);
        Path templates = Path.of(values.text(root, "templates.dir", "templates"));
        List<SeverityLevel> severities = new SeveritiesSection(values).read(root.path("severities"),
                root.path("severity_aliases"));
        String pattern = values.text(root, "channel_naming.pattern", "inc-{date}-{n}-{slug}");
        if (!pattern.contains("{n}")) {
            problems.add("channel_naming.pattern", "must contain {n} so every incident gets its own name");
        }
        Duration postmortem = values.duration(root, "postmortem_due", "3d");
        BusinessHours hours = new BusinessHoursSection(problems).read(root.path("business_hours"));
        Duration deliveryTimeout = values.duration(root, "outbox.delivery_timeout", "10s");
        return new BotConfig(storage, port, templates, severities, pattern, postmortem, hours, deliveryTimeout,
                sections(root, platformSections), section(root, "diagnostics"), section(root, "runner"),
                present(root, integrationSections), storageUrl);
    }

    private Optional<String> storageUrl(JsonNode root) {
        String url = values.text(root, "storage.url", "").strip();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        if (!dev.incidentbot.bot.store.StorageTarget.Postgres.isPostgresUrl(url)) {
            problems.add("storage.url", "expected a PostgreSQL JDBC URL such as jdbc:postgresql://db.example:5432/incidents "
                    + "(leave it out to use the SQLite file at storage.path)");
            return Optional.empty();
        }
        return Optional.of(url);
    }

    /** The sections of {@code keys} that {@code root} has, keyed by name; the integrations check them themselves. */
    private static JsonNode present(JsonNode root, Set<String> keys) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String key : new java.util.TreeSet<>(keys)) {
            if (root.has(key)) {
                out.set(key, root.get(key));
            }
        }
        return out;
    }

    /** Each of {@code keys} as a section, an empty object where absent. */
    private static JsonNode sections(JsonNode root, Set<String> keys) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String key : new java.util.TreeSet<>(keys)) {
            out.set(key, section(root, key));
        }
        return out;
    }

    private static JsonNode section(JsonNode root, String key) {
        JsonNode v = root.path(key);
        return v.isObject() ? v : new ObjectNode(JsonNodeFactory.instance, new HashMap<>());
    }

    private static String yamlProblem(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        java.util.regex.Matcher duplicate = java.util.regex.Pattern.compile("Duplicate field '(.*)'").matcher(message);
        String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
        if (duplicate.find()) {
            return "key \"" + duplicate.group(1) + "\" is written twice in the same mapping" + line
                    + "; keep one, the bot does not guess which one you meant";
        }
        return "not valid YAML" + line + ": " + message;
    }

    /**
     * Settings that are valid but unusual enough to say so: cadences under a minute (the fast demo config uses
     * seconds on purpose). One line each, naming the key.
     */
    public static List<String> warnings(BotConfig config) {
        List<String> out = new ArrayList<>();
        for (SeverityLevel s : config.severities()) {
            warnIfShort(out, "severities." + s.key() + ".acknowledge_within", s.acknowledgeWithin());
            warnIfShort(out, "severities." + s.key() + ".update_every", s.updateEvery());
        }
        return out;
    }

    private static void warnIfShort(List<String> out, String at, Duration d) {
        if (d.compareTo(WARN_BELOW) < 0) {
            out.add(at + ": " + Durations.format(d) + " is under a minute; reminders will come that often (fine for"
                    + " a demo or a test, rarely for real incidents)");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
