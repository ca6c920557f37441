package dev.incidentbot.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.platform.Durations;
import dev.incidentbot.platform.PlatformInstance;
import dev.incidentbot.platform.PlatformProvider;
import dev.incidentbot.platform.PlatformServices;
import dev.incidentbot.platform.PlatformSettings;
import dev.incidentbot.platform.UnknownKeys;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Matrix as a module: runs when {@code MATRIX_HOMESERVER_URL} and its credentials are set; configured under
 * {@code matrix:}. Its sync token and login live in the bot's database; on PostgreSQL one replica consumes /sync.
 */
public final class MatrixPlatformProvider implements PlatformProvider {
    private static final Set<String> KEYS = Set.of("allowed_users", "allowed_servers", "command_prefixes", "pin_emoji",
            "leave_resolved_after");
    private static final String USER_ID = "@[^:\\s]+:\\S+";

    @Override
    public String name() {
        return "matrix";
    }

    @Override
    public List<String> validate(JsonNode section) {
        List<String> problems = new ArrayList<>(UnknownKeys.in(section, "matrix", KEYS));
        for (String key : List.of("allowed_users", "allowed_servers", "command_prefixes")) {
            if (section.has(key) && !section.path(key).isArray()) {
                problems.add("matrix." + key + ": expected a list, e.g. [\"@alice:example.org\"]");
            }
        }
        for (JsonNode user : section.path("allowed_users")) {
            if (!user.asText().matches(USER_ID)) {
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

    /**
     * Escalation targets (Matrix user ids) that {@code matrix.allowed_users} / {@code allowed_servers} leave out: they
     * may act only in the incidents the bot invites them to, and cannot declare one. None without a matrix section.
     */
    @Override
    public List<String> warnings(PlatformSettings settings) {
        if (settings.section().isMissingNode() || settings.section().isEmpty()) {
            return List.of();
        }
        MatrixSettings allowed = configured(MatrixSettings.of(URI.create("http://localhost"),
                new MatrixSettings.Credentials.AccessToken("")), settings.section());
        return settings.escalationTargets().stream()
                .filter(t -> t.target().matches(USER_ID) && !allowed.allows(t.target()))
                .map(t -> "matrix.allowed_users: escalation target " + t.target() + " (" + t.severity() + " step "
                        + t.step() + ") is not allowed; they can act only in incidents the bot invites them "
                        + "to. Add them to matrix.allowed_users to let them declare and run commands anywhere.")
                .toList();
    }

    @Override
    public Optional<PlatformInstance> create(PlatformSettings settings, PlatformServices services) {
        return MatrixSettings.fromEnvironment(settings.env()).map(m -> PlatformInstance.of(new MatrixPlatform(
                configured(m, settings.section()), services.state("matrix"), services.consumerLease("matrix"))));
    }

    /** The environment's settings with the {@code matrix:} section's choices. */
    public static MatrixSettings configured(MatrixSettings fromEnv, JsonNode section) {
        MatrixSettings s = fromEnv.withAllowedUsers(strings(section.path("allowed_users")))
                .withAllowedServers(strings(section.path("allowed_servers")));
        if (section.has("command_prefixes")) {
            s = s.withCommandPrefixes(strings(section.path("command_prefixes")));
        }
        if (section.has("pin_emoji")) {
            s = s.withPinEmoji(section.path("pin_emoji").asText());
        }
        Optional<Duration> leaveAfter = Durations.parse(section.path("leave_resolved_after").asText(""));
        if (leaveAfter.isPresent()) {
            s = s.withLeaveResolvedAfter(leaveAfter.get());
        }
        return s;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
