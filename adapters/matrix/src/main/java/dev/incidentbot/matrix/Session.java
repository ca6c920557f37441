package dev.incidentbot.matrix;

import java.util.Objects;

/** Who a request acts as: the answer of {@code login} and, without the token, of {@code whoami}. */
public record Session(String userId, String deviceId, String accessToken) {
    public Session {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(accessToken, "accessToken");
    }
}
