package dev.incidentbot.platform;

import dev.incidentbot.chat.ChatPlatform;
import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import java.util.Objects;

/** A created platform and the HTTP paths it serves on the bot's Jetty (Slack over HTTP: {@code /slack/events}). */
public record PlatformInstance(ChatPlatform platform, Map<String, HttpServlet> mounts) {
    public PlatformInstance {
        Objects.requireNonNull(platform, "platform");
        mounts = Map.copyOf(mounts);
    }

    public static PlatformInstance of(ChatPlatform platform) {
        return new PlatformInstance(platform, Map.of());
    }
}
