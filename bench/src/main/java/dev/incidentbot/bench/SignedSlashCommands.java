package dev.incidentbot.bench;

import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.SignedSlackClient;
import dev.incidentbot.slack.testing.SlackRequestSigner;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slash-command requests shaped and signed as Slack sends them (the test-jar's signer, independent of the adapter's
 * verifier). Each request is signed when it is sent, with the current time, as Slack does.
 */
public final class SignedSlashCommands {
    public static final String FORM = "application/x-www-form-urlencoded";

    private final SlackRequestSigner signer;

    public SignedSlashCommands(String signingSecret) {
        this.signer = new SlackRequestSigner(signingSecret);
    }

    /** The form body of {@code /incident text} typed by {@code userId} in {@code channelId}. */
    public static byte[] body(String text, String userId, String channelId, String responseUrl, String triggerId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "legacy-verification-token");
        fields.put("team_id", FakeSlackWebApi.TEAM_ID);
        fields.put("team_domain", "bench");
        fields.put("channel_id", channelId);
        fields.put("channel_name", "incidents");
        fields.put("user_id", userId);
        fields.put("user_name", "bench-user");
        fields.put("command", "/incident");
        fields.put("text", text);
        fields.put("api_app_id", "A0FAKE001");
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", triggerId);
        return SignedSlackClient.form(fields);
    }

    /** Slack's two signature headers for {@code body}, signed now. */
    public Map<String, String> headers(byte[] body) {
        long ts = Instant.now().getEpochSecond();
        return Map.of("X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature", signer.signature(ts, body));
    }
}
