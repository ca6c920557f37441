package dev.incidentbot.bot.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
    private final Redactor redactor = Redactor.defaults();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Authorization: Bearer eyJhbGci.eyJzdWIi.sig_-x=|Authorization: Bearer [REDACTED]",
            "authorization: basic dXNlcjpwYXNz|authorization: basic [REDACTED]",
            "password=hunter2 next|password=[REDACTED] next",
            "DB_PASSWORD=hunter2|DB_PASSWORD=[REDACTED]",
            "passwd: hunter2|passwd: [REDACTED]",
            "client_secret=abc&x=1|client_secret=[REDACTED]&x=1",
            "{\"password\": \"hunter2\", \"user\": \"bob\"}|{\"password\": \"[REDACTED]\", \"user\": \"bob\"}",
            "api_key=abcdef|api_key=[REDACTED]",
            "id AKIAIOSFODNN7EXAMPLE end|id [REDACTED] end",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|aws_secret_access_key = [REDACTED]",
            "SLACK_BOT_TOKEN=xoxb-1234-5678-abc|SLACK_BOT_TOKEN=[REDACTED]",
            "token xoxp-1-2-3-abc in text|token [REDACTED] in text",
            "app-level xapp-1-A0B1-123-abc|app-level [REDACTED]",
            "postgres://bob:hunter2@db:5432/x|postgres://bob:[REDACTED]@db:5432/x",
    })
    void defaultPatternsCatchCommonSecrets(String input, String expected) {
        assertThat(redactor.redact(input)).isEqualTo(expected);
    }

    @Test
    void privateKeysAreMaskedWhole() {
        String key = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY-----\nafter";
        assertThat(redactor.redact(key)).isEqualTo("before\n[REDACTED]\nafter");
    }

    @Test
    void ordinaryDiagnosticOutputIsLeftAlone() {
        String output = """
                 12:00:01 up 3 days,  2:01,  0 users,  load average: 0.10, 0.20, 0.30
                Filesystem      Size  Used Avail Use% Mounted on
                # HELP sdk_auth_failures_total Authentication failures
                sdk_auth_failures_total{mode="token"} 42
                LISTEN 0 4096 127.0.0.1:4242 0.0.0.0:*
                {"status":"ok","database":"up"}
                """;
        assertThat(redactor.redact(output)).isEqualTo(output);
    }

    @Test
    void extraPatternsMaskTheirSecretGroupOrTheWholeMatch() {
        Redactor r = Redactor.withExtra(List.of(Pattern.compile("(?i)x-api-key:\\s*(?<secret>\\S+)"),
                Pattern.compile("sk_live_[A-Za-z0-9]+")));
        assertThat(r.redact("X-Api-Key: abc123 and sk_live_XYZ789")).isEqualTo("X-Api-Key: [REDACTED] and [REDACTED]");
        assertThat(r.redact("password=still")).isEqualTo("password=[REDACTED]");
    }

    @Test
    void longUnbrokenOutputIsRedactedInLinearTime() {
        // a quadratic pattern would take minutes on this; the preemptive timeout only guards against a hang
        StringBuilder sb = new StringBuilder();
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
        for (int i = 0; i < 256 * 1024; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String blob = sb.toString();
        String out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> redactor.redact(blob));
        assertThat(out).hasSameSizeAs(blob);
    }
}
