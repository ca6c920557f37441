package dev.incidentbot.slack.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request body exactly as Slack does (v0): {@code "v0=" + hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body))}
 * over the body bytes as sent. Written independently of the adapter's verifier so the two check each other.
 */
public final class SlackRequestSigner {

    private final String signingSecret;

    public SlackRequestSigner(String signingSecret) {
        this.signingSecret = signingSecret;
    }

    /** The {@code X-Slack-Signature} header value. */
    public String signature(long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestampSeconds + ":").getBytes(StandardCharsets.UTF_8));
            byte[] digest = mac.doFinal(body);
            StringBuilder hex = new StringBuilder("v0=");
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
