package dev.incidentbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.platform.PlatformInstance;
import dev.incidentbot.platform.PlatformProvider;
import dev.incidentbot.platform.PlatformServices;
import dev.incidentbot.platform.PlatformSettings;
import dev.incidentbot.platform.UnknownKeys;
import jakarta.servlet.http.HttpServlet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Slack as a module: runs when {@code SLACK_BOT_TOKEN} and either {@code SLACK_APP_TOKEN} (Socket Mode, nothing
 * mounted) or {@code SLACK_SIGNING_SECRET} (HTTP at {@value #EVENTS_PATH}) are set; configured under {@code slack:}.
 */
public final class SlackPlatformProvider implements PlatformProvider {
    public static final String EVENTS_PATH = "/slack/events";
    private static final Set<String> KEYS = Set.of("private_channels", "announce_channel", "pin_emoji", "command");

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public List<String> validate(JsonNode section) {
        List<String> problems = new ArrayList<>(UnknownKeys.in(section, "slack", KEYS));
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

    @Override
    public Optional<PlatformInstance> create(PlatformSettings settings, PlatformServices services) {
        Optional<SlackSettings> slack = SlackSettings.fromEnvironment(settings.env()).map(s -> configured(s, settings.section()));
        if (slack.isEmpty()) {
            return Optional.empty();
        }
        if (slack.get().socketMode()) {
            // One replica holds the app's socket (elected on PostgreSQL); nothing is served over HTTP.
            return Optional.of(PlatformInstance.of(new SlackPlatform(slack.get(), services.clock(),
                    services.consumerLease("slack-socket-mode"))));
        }
        SlackPlatform platform = new SlackPlatform(slack.get(), services.clock());
        return Optional.of(new PlatformInstance(platform, Map.<String, HttpServlet>of(EVENTS_PATH, platform.servlet())));
    }

    /** The environment's settings with the {@code slack:} section's choices. */
    public static SlackSettings configured(SlackSettings fromEnv, JsonNode section) {
        return fromEnv.withPrivateChannels(section.path("private_channels").asBoolean(false))
                .withAnnounceChannel(section.path("announce_channel").asText(""))
                .withPinEmoji(section.path("pin_emoji").asText("pushpin"))
                .withCommandName(section.path("command").asText("/incident"));
    }
}
