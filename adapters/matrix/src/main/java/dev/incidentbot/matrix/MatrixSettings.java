package dev.incidentbot.matrix;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Matrix platform connects and whom it listens to. {@code allowedUsers} (MXIDs) and {@code allowedServers}
 * (server names) together say who may invite the bot and send it commands; both empty allows everyone.
 */
public record MatrixSettings(URI homeserver, Credentials credentials, List<String> allowedUsers,
                             List<String> allowedServers, List<String> commandPrefixes, String pinEmoji,
                             Duration leaveResolvedAfter) {

    /** How long after resolution the bot leaves an incident's room, unless configured. */
    public static final Duration DEFAULT_LEAVE_RESOLVED_AFTER = Duration.ofDays(30);

    public static final List<String> DEFAULT_COMMAND_PREFIXES = List.of("!incident", "/incident");
    public static final String DEFAULT_PIN_EMOJI = "\uD83D\uDCCC"; // 📌

    public MatrixSettings {
        Objects.requireNonNull(homeserver, "homeserver");
        Objects.requireNonNull(credentials, "credentials");
        allowedUsers = List.copyOf(allowedUsers);
        allowedServers = List.copyOf(allowedServers);
        commandPrefixes = List.copyOf(commandPrefixes);
        if (commandPrefixes.isEmpty() || commandPrefixes.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("command prefixes must be non-blank and at least one");
        }
        Objects.requireNonNull(pinEmoji, "pinEmoji");
        Objects.requireNonNull(leaveResolvedAfter, "leaveResolvedAfter");
    }

    /** How the bot proves who it is: a ready access token, or a password to log in with once. */
    public sealed interface Credentials {
        record AccessToken(String token) implements Credentials {
            public AccessToken {
                Objects.requireNonNull(token, "token");
            }

            @Override
            public String toString() {
                return "AccessToken[***]";
            }
        }

        record Password(String userId, String password) implements Credentials {
            public Password {
                Objects.requireNonNull(userId, "userId");
                Objects.requireNonNull(password, "password");
            }

            @Override
            public String toString() {
                return "Password[" + userId + ", ***]";
            }
        }
    }

    public static MatrixSettings of(URI homeserver, Credentials credentials) {
        return new MatrixSettings(homeserver, credentials, List.of(), List.of(), DEFAULT_COMMAND_PREFIXES,
                DEFAULT_PIN_EMOJI, DEFAULT_LEAVE_RESOLVED_AFTER);
    }

    /**
     * Settings from {@code MATRIX_HOMESERVER_URL} and either {@code MATRIX_ACCESS_TOKEN} or {@code MATRIX_USER_ID} +
     * {@code MATRIX_PASSWORD} (the token wins when both are set); empty when Matrix is not configured.
     */
    public static Optional<MatrixSettings> fromEnvironment(Map<String, String> env) {
        String url = env.getOrDefault("MATRIX_HOMESERVER_URL", "").trim();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String token = env.getOrDefault("MATRIX_ACCESS_TOKEN", "").trim();
        String user = env.getOrDefault("MATRIX_USER_ID", "").trim();
        String password = env.getOrDefault("MATRIX_PASSWORD", "");
        Credentials credentials;
        if (!token.isEmpty()) {
            credentials = new Credentials.AccessToken(token);
        } else if (!user.isEmpty() && !password.isEmpty()) {
            credentials = new Credentials.Password(user, password);
        } else {
            return Optional.empty();
        }
        return Optional.of(of(URI.create(url), credentials));
    }

    public MatrixSettings withAllowedUsers(List<String> users) {
        return new MatrixSettings(homeserver, credentials, users, allowedServers, commandPrefixes, pinEmoji,
                leaveResolvedAfter);
    }

    public MatrixSettings withAllowedServers(List<String> servers) {
        return new MatrixSettings(homeserver, credentials, allowedUsers, servers, commandPrefixes, pinEmoji,
                leaveResolvedAfter);
    }

    public MatrixSettings withCommandPrefixes(List<String> prefixes) {
        return new MatrixSettings(homeserver, credentials, allowedUsers, allowedServers, prefixes, pinEmoji,
                leaveResolvedAfter);
    }

    public MatrixSettings withPinEmoji(String emoji) {
        return new MatrixSettings(homeserver, credentials, allowedUsers, allowedServers, commandPrefixes, emoji,
                leaveResolvedAfter);
    }

    public MatrixSettings withLeaveResolvedAfter(Duration after) {
        return new MatrixSettings(homeserver, credentials, allowedUsers, allowedServers, commandPrefixes, pinEmoji,
                after);
    }

    /** Whether {@code userId} may invite the bot and send it commands. */
    public boolean allows(String userId) {
        if (allowedUsers.isEmpty() && allowedServers.isEmpty()) {
            return true;
        }
        if (allowedUsers.contains(userId)) {
            return true;
        }
        int colon = userId.indexOf(':');
        return colon > 0 && allowedServers.contains(userId.substring(colon + 1));
    }
}
