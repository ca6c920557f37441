package dev.incidentbot.bot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.Durations;
import dev.incidentbot.bot.config.UnknownKeys;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.PlatformStateStore;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.matrix.MatrixPlatform;
import dev.incidentbot.matrix.MatrixSettings;
import dev.incidentbot.slack.SlackPlatform;
import dev.incidentbot.slack.SlackSettings;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which chat platforms run, decided by the environment: Slack when its bot token and either its app-level token
 * (Socket Mode, nothing mounted) or its signing secret (HTTP at /slack/events) are set, Matrix when its homeserver and
 * credentials are; the console when neither is. Adding a platform is one more block here.
 */
public record PlatformSelection(List<ChatPlatform> platforms, Map<String, HttpServlet> mounts) {
    public static final String SLACK_PATH = "/slack/events";
    private static final Set<String> SLACK_KEYS = Set.of("private_channels", "announce_channel", "pin_emoji", "command");
    private static final Set<String> MATRIX_KEYS = Set.of("allowed_users", "allowed_servers", "command_prefixes", "pin_emoji",
            "leave_resolved_after");

    public PlatformSelection {
        platforms = List.copyOf(platforms);
        mounts = Map.copyOf(mounts);
    }

    /**
     * The chat platforms configured in {@code env}; empty when none is (the caller runs the console). Matrix keeps its
     * sync token and login in {@code db}.
     */
    public static PlatformSelection fromEnvironment(Map<String, String> env, BotConfig config, Database db) {
        return fromEnvironment(env, config, db, c -> { });
    }

    /**
     * As above; on PostgreSQL, replicas elect one consumer of the Matrix /sync stream and of Slack's Socket Mode
     * through leases that
     * {@code closeWith} is given to close (and hand over) with the application.
     */
    public static PlatformSelection fromEnvironment(Map<String, String> env, BotConfig config, Database db,
                                                    java.util.function.Consumer<AutoCloseable> closeWith) {
        List<ChatPlatform> platforms = new ArrayList<>();
        Map<String, HttpServlet> mounts = new LinkedHashMap<>();
        Optional<SlackSettings> slack = SlackSettings.fromEnvironment(env).map(s -> slackSettings(s, config.slack()));
        if (slack.isPresent()) {
            // Socket Mode: one replica holds the app's socket (elected on PostgreSQL); HTTP is served by every replica.
            SlackPlatform platform = slack.get().socketMode()
                    ? new SlackPlatform(slack.get(), java.time.Clock.systemUTC(),
                            dev.incidentbot.bot.store.LeasedConsumer.forDatabase(db, "slack-socket-mode", closeWith))
                    : new SlackPlatform(slack.get());
            platforms.add(platform);
            if (!slack.get().socketMode()) {
                mounts.put(SLACK_PATH, platform.servlet()); // Socket Mode needs no inbound HTTP
            }
        }
        Optional<MatrixSettings> matrix = MatrixSettings.fromEnvironment(env).map(m -> matrixSettings(m, config.matrix()));
        if (matrix.isPresent()) {
            platforms.add(new MatrixPlatform(matrix.get(), new PlatformStateStore(db, "matrix"),
                    dev.incidentbot.bot.store.LeasedConsumer.forDatabase(db, "matrix", closeWith)));
        }
        return new PlatformSelection(platforms, mounts);
    }

    static MatrixSettings matrixSettings(MatrixSettings fromEnv, JsonNode section) {
        MatrixSettings s = fromEnv.withAllowedUsers(strings(section.path("allowed_users")))
                .withAllowedServers(strings(section.path("allowed_servers")));
        if (section.has("command_prefixes")) {
            s = s.withCommandPrefixes(strings(section.path("command_prefixes")));
        }
        if (section.has("pin_emoji")) {
            s = s.withPinEmoji(section.path("pin_emoji").asText());
        }
        Optional<java.time.Duration> leaveAfter = Durations.parse(section.path("leave_resolved_after").asText(""));
        if (leaveAfter.isPresent()) {
            s = s.withLeaveResolvedAfter(leaveAfter.get());
        }
        return s;
    }

    /**
     * Escalation targets (Matrix user ids) that {@code matrix.allowed_users} / {@code allowed_servers} leave out: they
     * may act only in the incidents the bot invites them to, and cannot declare one. Empty without a matrix section.
     */
    static List<String> matrixWarnings(BotConfig config) {
        JsonNode section = config.matrix();
        if (section == null || section.isMissingNode() || section.isEmpty()) {
            return List.of();
        }
        MatrixSettings allowed = matrixSettings(MatrixSettings.of(URI.create("http://localhost"),
                new MatrixSettings.Credentials.AccessToken("")), section);
        List<String> warnings = new ArrayList<>();
        config.severities().forEach(sev -> {
            for (int step = 0; step < sev.escalation().size(); step++) {
                for (String target : sev.escalation().get(step).targets()) {
                    if (target.matches("@[^:\\s]+:\\S+") && !allowed.allows(target)) {
                        warnings.add("matrix.allowed_users: escalation target " + target + " (" + sev.key() + " step "
                                + (step + 1) + ") is not allowed; they can act only in incidents the bot invites them "
                                + "to. Add them to matrix.allowed_users to let them declare and run commands anywhere.");
                    }
                }
            }
        });
        return warnings;
    }

    /** Problems in the {@code matrix:} section, one line each naming the key. */
    static List<String> checkMatrixSection(JsonNode section) {
        List<String> problems = new ArrayList<>();
        problems.addAll(UnknownKeys.in(section, "matrix", MATRIX_KEYS));
        for (String key : List.of("allowed_users", "allowed_servers", "command_prefixes")) {
            if (section.has(key) && !section.path(key).isArray()) {
                problems.add("matrix." + key + ": expected a list, e.g. [\"@alice:example.org\"]");
            }
        }
        for (JsonNode user : section.path("allowed_users")) {
            if (!user.asText().matches("@[^:\\s]+:\\S+")) {
                problems.add("matrix.allowed_users: \"" + user.asText() + "\" is not a Matrix user id like @alice:example.org");
            }
        }
        if (section.has("leave_resolved_after")
                && Durations.parse(section.path("leave_resolved_after").asText("")).filter(d -> !d.isZero()).isEmpty()) {
            problems.add("matrix.leave_resolved_after: \"" + section.path("leave_resolved_after").asText()
                    + "\" is not a duration; write e.g. 30d (the default) or 12h");
        }
        if (section.has("command_prefixes") && section.path("command_prefixes").isEmpty()) {
            problems.add("matrix.command_prefixes: needs at least one prefix, e.g. [\"!incident\"]");
        }
        return problems;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    static SlackSettings slackSettings(SlackSettings fromEnv, JsonNode section) {
        return fromEnv.withPrivateChannels(section.path("private_channels").asBoolean(false))
                .withAnnounceChannel(section.path("announce_channel").asText(""))
                .withPinEmoji(section.path("pin_emoji").asText("pushpin"))
                .withCommandName(section.path("command").asText("/incident"));
    }

    /** Problems in the {@code slack:} section, one line each naming the key. */
    static List<String> checkSlackSection(JsonNode section) {
        List<String> problems = new ArrayList<>();
        problems.addAll(UnknownKeys.in(section, "slack", SLACK_KEYS));
        JsonNode priv = section.path("private_channels");
        if (!priv.isMissingNode() && !priv.isBoolean()) {
            problems.add("slack.private_channels: expected true or false");
        }
        String announce = section.path("announce_channel").asText("");
        if (!announce.isEmpty() && !announce.matches("[CG][A-Z0-9]{6,}")) {
            problems.add("slack.announce_channel: expected a channel id like C0123ABCD (right-click the channel, Copy link)");
        }
        return problems;
    }
}
