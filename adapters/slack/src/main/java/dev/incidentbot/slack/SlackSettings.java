package dev.incidentbot.slack;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the bot talks to one Slack workspace. Secrets come from the environment ({@link #fromEnvironment}); the rest
 * from the bot's YAML under {@code slack:} ({@code private_channels}, {@code announce_channel}, {@code pin_emoji},
 * {@code command}).
 *
 * @param botToken        {@code SLACK_BOT_TOKEN}, {@code xoxb-…}
 * @param transport       how Slack reaches the bot: HTTP with {@code SLACK_SIGNING_SECRET}, or Socket Mode with
 *                        {@code SLACK_APP_TOKEN}
 * @param apiUrl          Web API base ending in {@code /}, {@code SLACK_API_URL} or Slack's own
 * @param privateChannels create incident channels as private channels
 * @param announceChannel channel id where declarations are also announced, empty for none (the engine uses it)
 * @param pinEmoji        reaction name (without colons) that adds a message to the timeline
 * @param commandName     the slash command, {@code /incident}
 * @param webApiTimeout   how long one Web API call may take before it counts as a retryable failure
 */
public record SlackSettings(String botToken, SlackTransport transport, URI apiUrl, boolean privateChannels,
                            String announceChannel, String pinEmoji, String commandName, Duration webApiTimeout) {

    public static final String TOKEN_VARIABLE = "SLACK_BOT_TOKEN";
    public static final String SECRET_VARIABLE = "SLACK_SIGNING_SECRET";
    public static final String APP_TOKEN_VARIABLE = "SLACK_APP_TOKEN";
    public static final String API_URL_VARIABLE = "SLACK_API_URL";
    public static final URI DEFAULT_API_URL = URI.create("https://slack.com/api/");

    public SlackSettings {
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(announceChannel, "announceChannel");
        Objects.requireNonNull(pinEmoji, "pinEmoji");
        Objects.requireNonNull(commandName, "commandName");
        Objects.requireNonNull(webApiTimeout, "webApiTimeout");
        if (botToken.isBlank()) {
            throw new IllegalArgumentException("the bot token is required");
        }
        // slack-api-client appends the method name to this prefix verbatim.
        String url = apiUrl.toString();
        apiUrl = url.endsWith("/") ? apiUrl : URI.create(url + "/");
        pinEmoji = pinEmoji.replace(":", "");
        commandName = commandName.startsWith("/") ? commandName : "/" + commandName;
    }

    /** HTTP transport, defaults for everything but the two secrets. */
    public static SlackSettings of(String botToken, String signingSecret) {
        return of(botToken, new SlackTransport.Http(signingSecret));
    }

    /** Socket Mode with the app-level token, defaults for everything else. */
    public static SlackSettings socketMode(String botToken, String appToken) {
        return of(botToken, new SlackTransport.SocketMode(appToken));
    }

    private static SlackSettings of(String botToken, SlackTransport transport) {
        return new SlackSettings(botToken, transport, DEFAULT_API_URL, false, "", "pushpin", "/incident",
                Duration.ofSeconds(10));
    }

    /**
     * Reads {@code SLACK_BOT_TOKEN}, then {@code SLACK_APP_TOKEN} (Socket Mode) or else {@code SLACK_SIGNING_SECRET}
     * (HTTP), and the optional {@code SLACK_API_URL}. Empty unless the bot token and one of the other two are set:
     * Slack is then simply not enabled.
     */
    public static Optional<SlackSettings> fromEnvironment(Map<String, String> env) {
        String token = env.getOrDefault(TOKEN_VARIABLE, "").trim();
        String appToken = env.getOrDefault(APP_TOKEN_VARIABLE, "").trim();
        String secret = env.getOrDefault(SECRET_VARIABLE, "").trim();
        if (token.isEmpty() || (appToken.isEmpty() && secret.isEmpty())) {
            return Optional.empty();
        }
        SlackSettings settings = appToken.isEmpty() ? of(token, secret) : socketMode(token, appToken);
        String url = env.getOrDefault(API_URL_VARIABLE, "").trim();
        return Optional.of(url.isEmpty() ? settings : settings.withApiUrl(URI.create(url)));
    }

    /** True when Slack reaches the bot over a Socket Mode WebSocket rather than HTTP. */
    public boolean socketMode() {
        return transport instanceof SlackTransport.SocketMode;
    }

    /** True when {@code SLACK_API_URL} pointed somewhere else than Slack (a proxy, a fake). */
    public boolean apiUrlOverridden() {
        return !apiUrl.equals(DEFAULT_API_URL);
    }

    public SlackSettings withTransport(SlackTransport value) {
        return new SlackSettings(botToken, value, apiUrl, privateChannels, announceChannel, pinEmoji, commandName,
                webApiTimeout);
    }

    public SlackSettings withApiUrl(URI url) {
        return new SlackSettings(botToken, transport, url, privateChannels, announceChannel, pinEmoji, commandName,
                webApiTimeout);
    }

    public SlackSettings withPrivateChannels(boolean value) {
        return new SlackSettings(botToken, transport, apiUrl, value, announceChannel, pinEmoji, commandName,
                webApiTimeout);
    }

    public SlackSettings withAnnounceChannel(String channel) {
        return new SlackSettings(botToken, transport, apiUrl, privateChannels, channel, pinEmoji, commandName,
                webApiTimeout);
    }

    public SlackSettings withPinEmoji(String emoji) {
        return new SlackSettings(botToken, transport, apiUrl, privateChannels, announceChannel, emoji, commandName,
                webApiTimeout);
    }

    public SlackSettings withCommandName(String command) {
        return new SlackSettings(botToken, transport, apiUrl, privateChannels, announceChannel, pinEmoji, command,
                webApiTimeout);
    }

    public SlackSettings withWebApiTimeout(Duration timeout) {
        return new SlackSettings(botToken, transport, apiUrl, privateChannels, announceChannel, pinEmoji, commandName,
                timeout);
    }

    /** Never print the secrets. */
    @Override
    public String toString() {
        return "SlackSettings[transport=" + transport + ", apiUrl=" + apiUrl + ", privateChannels=" + privateChannels
                + ", announceChannel=" + announceChannel + ", pinEmoji=" + pinEmoji + ", commandName=" + commandName
                + ", webApiTimeout=" + webApiTimeout + "]";
    }
}
