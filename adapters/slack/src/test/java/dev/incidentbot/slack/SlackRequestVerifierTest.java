package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.slack.SlackRequestVerifier.Verdict;
import dev.incidentbot.slack.testing.SignedSlackClient;
import dev.incidentbot.slack.testing.SlackRequestSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackRequestVerifierTest {

    private static final JsonNode VECTOR = vector();
    private static final String SECRET = VECTOR.get("signing_secret").asText();
    private static final String TS = VECTOR.get("x_slack_request_timestamp").asText();
    private static final byte[] BODY = VECTOR.get("request_body").asText().getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = VECTOR.get("x_slack_signature").asText();

    private static JsonNode vector() {
        try {
            return new ObjectMapper().readTree(SignedSlackClient.sampleBytes("signature-test-vector.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SlackRequestVerifier verifierAt(long epochSeconds) {
        return new SlackRequestVerifier(SECRET, Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
    }

    @Test
    void slacksOwnTestVectorVerifies() {
        assertThat(verifierAt(Long.parseLong(TS)).verify(TS, SIGNATURE, BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void theTestSignerSignsLikeSlack() {
        assertThat(new SlackRequestSigner(SECRET).signature(Long.parseLong(TS), BODY)).isEqualTo(SIGNATURE);
        assertThat(verifierAt(0).sign(TS, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void theSampleBodyFileIsTheSignedBody() {
        assertThat(SignedSlackClient.sampleBytes("slash_command.signing-example.form.txt")).isEqualTo(BODY);
    }

    @Test
    void fiveMinutesEitherWayIsAcceptedOneSecondMoreIsNot() {
        long ts = Long.parseLong(TS);
        assertThat(verifierAt(ts + 300).verify(TS, SIGNATURE, BODY)).isEqualTo(Verdict.VALID);
        assertThat(verifierAt(ts - 300).verify(TS, SIGNATURE, BODY)).isEqualTo(Verdict.VALID);
        assertThat(verifierAt(ts + 301).verify(TS, SIGNATURE, BODY)).isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(verifierAt(ts - 301).verify(TS, SIGNATURE, BODY)).isEqualTo(Verdict.STALE_TIMESTAMP);
    }

    @Test
    void anyChangeToBodyTimestampOrSignatureIsRefused() {
        SlackRequestVerifier verifier = verifierAt(Long.parseLong(TS));
        byte[] altered = BODY.clone();
        altered[altered.length - 1] ^= 1;
        assertThat(verifier.verify(TS, SIGNATURE, altered)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify(Long.toString(Long.parseLong(TS) + 1), SIGNATURE, BODY))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify(TS, SIGNATURE.replace('a', 'b'), BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify(TS, SIGNATURE.substring(0, 20), BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(new SlackRequestVerifier("another-secret", Clock.fixed(Instant.ofEpochSecond(Long.parseLong(TS)),
                ZoneOffset.UTC)).verify(TS, SIGNATURE, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        SlackRequestVerifier verifier = verifierAt(Long.parseLong(TS));
        assertThat(verifier.verify("", SIGNATURE, BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify(TS, "", BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify("yesterday", SIGNATURE, BODY)).isEqualTo(Verdict.BAD_TIMESTAMP);
    }

    @Test
    void nonAsciiBodiesAreHashedAsUtf8Bytes() {
        byte[] body = "{\"text\":\"Zahlung fehlgeschlagen – café ☕ 🚨\"}".getBytes(StandardCharsets.UTF_8);
        long now = 1_700_000_000L;
        String signature = new SlackRequestSigner(SECRET).signature(now, body);
        assertThat(verifierAt(now).verify(Long.toString(now), signature, body)).isEqualTo(Verdict.VALID);
    }
}
