package dev.incidentbot.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Slack's v0 request signature: {@code v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))} over the
 * body bytes exactly as received, with the timestamp within five minutes of now in either direction. Used instead
 * of Bolt's verifier, which hashes with the platform charset, accepts future timestamps and compares in
 * non-constant time.
 */
public final class SlackRequestVerifier {

    /** Why a request was refused, for the log (never for the caller: a 401 says nothing more). */
    public enum Verdict { VALID, MISSING_HEADERS, BAD_TIMESTAMP, STALE_TIMESTAMP, BAD_SIGNATURE }

    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final String VERSION = "v0";

    private final SecretKeySpec key;
    private final Clock clock;

    public SlackRequestVerifier(String signingSecret, Clock clock) {
        this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** {@code timestamp} and {@code signature} are the raw header values, empty when absent. */
    public Verdict verify(String timestamp, String signature, byte[] body) {
        if (timestamp.isEmpty() || signature.isEmpty()) {
            return Verdict.MISSING_HEADERS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > MAX_SKEW.toSeconds()) {
            return Verdict.STALE_TIMESTAMP;
        }
        byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /** The header value Slack would send for this timestamp and body. */
    String sign(String timestamp, byte[] body) {
        Mac mac = newMac();
        mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
        mac.update(body);
        return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal());
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
