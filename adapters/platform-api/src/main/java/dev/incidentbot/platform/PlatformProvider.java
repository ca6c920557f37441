package dev.incidentbot.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The service-loader entry of one chat platform ({@code META-INF/services/dev.incidentbot.platform.PlatformProvider}).
 * The engine checks its config section in check-config and at start-up, and runs it when the environment holds its
 * credentials; it never names the platform. With none configured, the bot runs the console.
 */
public interface PlatformProvider {
    /** The platform's name, as {@link dev.incidentbot.chat.ChatPlatform#name()} says it: "slack", "matrix". */
    String name();

    /** Its top-level YAML key, e.g. {@code slack}. */
    default String configSection() {
        return name();
    }

    /** One line per problem in its section, each naming its key ({@code slack.announce_channel: ...}); empty when fine. */
    List<String> validate(JsonNode section);

    /** Advice for check-config that does not stop the bot (e.g. an escalation target the platform would refuse). */
    default List<String> warnings(PlatformSettings settings) {
        return List.of();
    }

    /**
     * The platform with what it serves over HTTP, or empty when the environment holds no credentials for it. Called
     * only after {@link #validate} found nothing; a malformed credential throws
     * {@link dev.incidentbot.chat.PlatformConfigurationException} naming the variable.
     */
    Optional<PlatformInstance> create(PlatformSettings settings, PlatformServices services);
}
