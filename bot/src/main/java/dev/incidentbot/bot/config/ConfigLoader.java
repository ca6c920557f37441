package dev.incidentbot.bot.config;

import dev.incidentbot.platform.Durations;
import dev.incidentbot.platform.UnknownKeys;
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
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final Set<String> SEVERITY_KEYS = Set.of("name", "definition", "aliases", "acknowledge_within",
            "update_every", "update_grace", "business_hours_only", "escalation");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY,
            "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);

    /** Below this a reminder or retry loop would spin; only escalation {@code after: 0m} ("at once") may be shorter. */
    public static final Duration MIN_DURATION = Duration.ofSeconds(1);
    /** Cadences shorter than this are for demos and tests, and get a warning. */
    public static final Duration WARN_BELOW = Duration.ofMinutes(1);

    // A key written twice is an error, not "the last one wins".
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final ConfigProblems problems;

    private ConfigLoader(ConfigLines lines) {
        this.problems = new ConfigProblems(lines);
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
        unknownKeys(root, "", known);
        unknownKeys(root.path("storage"), "storage", Set.of("path", "url"));
        unknownKeys(root.path("http"), "http", Set.of("port"));
        unknownKeys(root.path("templates"), "templates", Set.of("dir"));
        unknownKeys(root.path("channel_naming"), "channel_naming", Set.of("pattern"));
        unknownKeys(root.path("business_hours"), "business_hours", Set.of("days", "start", "end", "time_zone"));
        unknownKeys(root.path("outbox"), "outbox", Set.of("delivery_timeout"));
        Path storage = Path.of(text(root, "storage.path", "data/incident-bot.db"));
        Optional<String> storageUrl = storageUrl(root);
        int port = integer(root, "http.port", 4242, 0, 65535);
        Path templates = Path.of(text(root, "templates.dir", "templates"));
        List<SeverityLevel> severities = severities(root.path("severities"));
        aliases(root.path("severity_aliases"), severities);
        String pattern = text(root, "channel_naming.pattern", "inc-{date}-{n}-{slug}");
        if (!pattern.contains("{n}")) {
            problems.add("channel_naming.pattern", "must contain {n} so every incident gets its own name");
        }
        Duration postmortem = duration(root, "postmortem_due", "3d");
        BusinessHours hours = businessHours(root.path("business_hours"));
        Duration deliveryTimeout = duration(root, "outbox.delivery_timeout", "10s");
        return new BotConfig(storage, port, templates, severities, pattern, postmortem, hours, deliveryTimeout,
                sections(root, platformSections), section(root, "diagnostics"), section(root, "runner"),
                present(root, integrationSections), storageUrl);
    }

    private Optional<String> storageUrl(JsonNode root) {
        String url = text(root, "storage.url", "").strip();
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

    private List<SeverityLevel> severities(JsonNode node) {
        List<SeverityLevel> out = new ArrayList<>();
        if (!node.isObject() || node.isEmpty()) {
            problems.add("severities", "at least one severity is required (e.g. sev1 with acknowledge_within and update_every)");
            return out;
        }
        Set<String> words = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String at = "severities." + key;
            JsonNode s = e.getValue();
            if (!key.matches("[a-z0-9][a-z0-9_-]{0,30}")) {
                problems.add(at, "severity keys are lowercase letters, digits, - or _ (e.g. sev1)");
            }
            if (!s.isObject()) {
                problems.add(at, "expected a mapping with acknowledge_within, update_every, escalation");
                continue;
            }
            unknownKeys(s, at, SEVERITY_KEYS);
            String name = s.path("name").isValueNode() ? s.path("name").asText("").strip() : "";
            if (name.isEmpty()) {
                problems.add(at + ".name", "missing; the name people see next to " + key + ", e.g. name: Critical");
                name = key;
            }
            List<String> aliases = new ArrayList<>();
            JsonNode aliasNode = s.path("aliases");
            if (!aliasNode.isMissingNode() && !aliasNode.isArray()) {
                problems.add(at + ".aliases", "expected a list, e.g. [p0, critical]");
            }
            for (JsonNode a : aliasNode) {
                aliases.add(a.asText().toLowerCase(Locale.ROOT));
            }
            for (String word : new LinkedHashSet<>(concat(key, name.toLowerCase(Locale.ROOT), aliases))) {
                if (!words.add(word)) {
                    problems.add(at, Quoted.value(word) + " already names another severity");
                }
            }
            Duration ack = requiredDuration(s, at, "acknowledge_within");
            Duration every = requiredDuration(s, at, "update_every");
            Duration grace = s.has("update_grace") ? requiredDuration(s, at, "update_grace", Duration.ZERO)
                    : every.dividedBy(3);
            List<EscalationStep> steps = new ArrayList<>();
            JsonNode esc = s.path("escalation");
            if (!esc.isMissingNode() && !esc.isArray()) {
                problems.add(at + ".escalation", "expected a list of {after, notify}");
            }
            int i = 0;
            for (JsonNode step : esc) {
                String stepAt = at + ".escalation[" + i++ + "]";
                unknownKeys(step, stepAt, Set.of("after", "notify"));
                // after: 0m means "at once": a one-off, not a loop
                Duration after = step.has("after") ? requiredDuration(step, stepAt, "after", Duration.ZERO)
                        : Duration.ZERO;
                List<String> notify = new ArrayList<>();
                JsonNode n = step.path("notify");
                if (n.isTextual()) {
                    notify.add(n.asText());
                } else {
                    n.forEach(x -> notify.add(x.asText()));
                }
                if (notify.isEmpty()) {
                    problems.add(stepAt + ".notify", "missing; say whom to notify, e.g. notify: [\"@oncall-primary\"]");
                }
                steps.add(new EscalationStep(after, notify));
            }
            out.add(new SeverityLevel(key, name, s.path("definition").asText(""), aliases, ack, every, grace,
                    bool(s, at, "business_hours_only", false), steps));
        }
        return out;
    }

    private void aliases(JsonNode node, List<SeverityLevel> severities) {
        if (node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            problems.add("severity_aliases", "expected a mapping of alias to severity key, e.g. p0: sev1");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String target = e.getValue().asText();
            int index = -1;
            for (int i = 0; i < severities.size(); i++) {
                if (severities.get(i).key().equals(target)) {
                    index = i;
                }
            }
            if (index < 0) {
                problems.add("severity_aliases." + e.getKey(), "unknown severity key " + Quoted.value(target) + " (known: "
                        + String.join(", ", severities.stream().map(SeverityLevel::key).toList()) + ")");
                continue;
            }
            String alias = e.getKey().toLowerCase(Locale.ROOT);
            java.util.Optional<SeverityLevel> taken = severities.stream().filter(x -> x.answersTo(alias)).findFirst();
            if (taken.isPresent() && !taken.get().key().equals(target)) {
                problems.add("severity_aliases." + e.getKey(), Quoted.value(alias) + " already names " + taken.get().key());
                continue;
            }
            SeverityLevel s = severities.get(index);
            List<String> more = new ArrayList<>(s.aliases());
            more.add(e.getKey().toLowerCase(Locale.ROOT));
            severities.set(index, new SeverityLevel(s.key(), s.name(), s.definition(), more, s.acknowledgeWithin(),
                    s.updateEvery(), s.updateGrace(), s.businessHoursOnly(), s.escalation()));
        }
    }

    private BusinessHours businessHours(JsonNode node) {
        BusinessHours d = BusinessHours.weekdaysNineToFive();
        if (node.isMissingNode()) {
            return d;
        }
        Set<DayOfWeek> days = new LinkedHashSet<>();
        if (node.has("days")) {
            for (JsonNode day : node.path("days")) {
                DayOfWeek w = DAYS.get(day.asText().toLowerCase(Locale.ROOT).substring(0, Math.min(3, day.asText().length())));
                if (w == null) {
                    problems.add("business_hours.days", Quoted.value(day.asText()) + " is not a day (mon, tue, ... sun)");
                } else {
                    days.add(w);
                }
            }
        } else {
            days.addAll(d.days());
        }
        LocalTime start = time(node, "start", d.start());
        LocalTime end = time(node, "end", d.end());
        if (!end.isAfter(start)) {
            problems.add("business_hours.end", "must be after start");
        }
        ZoneId zone = d.zone();
        if (node.has("time_zone")) {
            try {
                zone = ZoneId.of(node.path("time_zone").asText());
            } catch (DateTimeException e) {
                problems.add("business_hours.time_zone", "unknown time zone " + Quoted.value(node.path("time_zone").asText()) + " (e.g. Europe/Berlin)");
            }
        }
        return new BusinessHours(days, start, end, zone);
    }

    private LocalTime time(JsonNode node, String key, LocalTime fallback) {
        if (!node.has(key)) {
            return fallback;
        }
        try {
            return LocalTime.parse(node.path(key).asText());
        } catch (DateTimeParseException e) {
            problems.add("business_hours." + key, "expected HH:MM, got " + Quoted.value(node.path(key).asText()));
            return fallback;
        }
    }

    private Duration requiredDuration(JsonNode node, String at, String key) {
        return requiredDuration(node, at, key, MIN_DURATION);
    }

    /** {@code min}: the shortest value that makes sense here; shorter is a problem saying why. */
    private Duration requiredDuration(JsonNode node, String at, String key, Duration min) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            problems.add(at + "." + key, "missing; a duration like 90s, 15m, 4h or 1d");
            return Duration.ofMinutes(1);
        }
        Duration d = Durations.parse(v.asText()).orElseGet(() -> {
            problems.notADuration(at + "." + key, v.asText());
            return Duration.ofMinutes(1);
        });
        return atLeast(at + "." + key, d, min);
    }

    private Duration duration(JsonNode root, String dotted, String fallback) {
        String value = text(root, dotted, fallback);
        Duration d = Durations.parse(value).orElseGet(() -> {
            problems.notADuration(dotted, value);
            return Durations.parse(fallback).orElseThrow();
        });
        return atLeast(dotted, d, MIN_DURATION);
    }

    private Duration atLeast(String at, Duration d, Duration min) {
        if (d.compareTo(min) < 0) {
            problems.add(at, Durations.format(d) + " is too short: the bot would repeat it without pause;"
                    + " at least " + Durations.format(min));
            return Duration.ofMinutes(1);
        }
        return d;
    }

    private boolean bool(JsonNode node, String at, String key, boolean fallback) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problems.notABoolean(at + "." + key, v.asText());
            return fallback;
        }
        return v.booleanValue();
    }

    private String text(JsonNode root, String dotted, String fallback) {
        JsonNode v = at(root, dotted);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            problems.add(dotted, "expected a single value");
            return fallback;
        }
        return v.asText();
    }

    private int integer(JsonNode root, String dotted, int fallback, int min, int max) {
        JsonNode v = at(root, dotted);
        if (v.isMissingNode()) {
            return fallback;
        }
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            problems.notAWholeNumber(dotted, v.asText(), min, max);
            return fallback;
        }
        return v.asInt();
    }

    /** One problem per key of the mapping {@code node} (at {@code at}) that is not in {@code known}. */
    private void unknownKeys(JsonNode node, String at, Set<String> known) {
        problems.addReported(UnknownKeys.in(node, at, known));
    }

    private static JsonNode at(JsonNode root, String dotted) {
        JsonNode v = root;
        for (String part : dotted.split("\\.")) {
            v = v.path(part);
        }
        return v;
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

    private static List<String> concat(String a, String b, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(a);
        if (!b.equals(a)) {
            all.add(b);
        }
        all.addAll(rest);
        return all;
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
