package dev.incidentbot.bot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.slack.SlackPlatform;
import dev.incidentbot.slack.SlackSettings;
import jakarta.servlet.http.HttpServlet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which chat platforms run, decided by the environment: Slack when its token and signing secret are set, Matrix when
 * its homeserver and credentials are; the console when neither is. Adding a platform is one more block here.
 */
public record PlatformSelection(List<ChatPlatform> platforms, Map<String, HttpServlet> mounts) {
    public static final String SLACK_PATH = "/slack/events";
    private static final Set<String> SLACK_KEYS = Set.of("private_channels", "announce_channel", "pin_emoji", "command");

    public PlatformSelection {
        platforms = List.copyOf(platforms);
        mounts = Map.copyOf(mounts);
    }

    /** The chat platforms configured in {@code env}; empty when none is (the caller runs the console). */
    public static PlatformSelection fromEnvironment(Map<String, String> env, BotConfig config) {
        List<ChatPlatform> platforms = new ArrayList<>();
        Map<String, HttpServlet> mounts = new LinkedHashMap<>();
        Optional<SlackSettings> slack = SlackSettings.fromEnvironment(env).map(s -> slackSettings(s, config.slack()));
        if (slack.isPresent()) {
            SlackPlatform platform = new SlackPlatform(slack.get());
            platforms.add(platform);
            mounts.put(SLACK_PATH, platform.servlet());
        }
        return new PlatformSelection(platforms, mounts);
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
        for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!SLACK_KEYS.contains(key)) {
                problems.add("slack." + key + ": unknown key (known: " + String.join(", ", SLACK_KEYS.stream().sorted().toList()) + ")");
            }
        }
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
