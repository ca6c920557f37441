package dev.incidentbot.integration.alertmanager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The webhook's authentication: {@code Authorization: Bearer <ALERTMANAGER_WEBHOOK_TOKEN>}. With no token
 * configured the endpoint does not exist (404), so an unconfigured bot never accepts alerts from anyone.
 */
public final class BearerCheck {
    public enum Verdict { OFF, UNAUTHORIZED, ACCEPTED }

    private static final String SCHEME = "bearer ";

    private BearerCheck() { }

    public static Verdict check(Optional<String> expected, Optional<String> authorization) {
        if (expected.isEmpty()) {
            return Verdict.OFF;
        }
        if (authorization.isEmpty() || authorization.get().length() <= SCHEME.length()
                || !authorization.get().regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Verdict.UNAUTHORIZED;
        }
        byte[] given = authorization.get().substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time, so the token cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(given, expected.get().getBytes(StandardCharsets.UTF_8))
                ? Verdict.ACCEPTED : Verdict.UNAUTHORIZED;
    }
}
