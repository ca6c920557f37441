package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {

    @Test
    void anAppTokenChoosesSocketModeAndMakesTheSigningSecretUnnecessary() {
        SlackSettings settings = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1",
                "SLACK_APP_TOKEN", "xapp-1-A1-secret")).orElseThrow();

        assertThat(settings.socketMode()).isTrue();
        assertThat(settings.transport()).isEqualTo(new SlackTransport.SocketMode("xapp-1-A1-secret"));
        assertThat(settings.toString()).doesNotContain("xapp-1-A1-secret").doesNotContain("xoxb-1");
    }

    @Test
    void anAppTokenWinsOverASigningSecret() {
        SlackSettings settings = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1",
                "SLACK_APP_TOKEN", "xapp-1", "SLACK_SIGNING_SECRET", "s")).orElseThrow();
        assertThat(settings.socketMode()).isTrue();
    }

    @Test
    void withoutAnAppTokenSlackUsesHttpWithTheSigningSecret() {
        SlackSettings settings = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1",
                "SLACK_SIGNING_SECRET", "s3cret", "SLACK_APP_TOKEN", "  ")).orElseThrow();
        assertThat(settings.socketMode()).isFalse();
        assertThat(settings.transport()).isEqualTo(new SlackTransport.Http("s3cret"));
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(SlackSettings.fromEnvironment(Map.of("SLACK_APP_TOKEN", "xapp-1"))).isEmpty();
    }

    @Test
    void timingsThatCannotWorkAreRefused() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new SocketModeTiming(second, second, second, second, second))
                .hasMessageContaining("silenceLimit");
        assertThatThrownBy(() -> new SocketModeTiming(second, second.multipliedBy(3), second, second,
                Duration.ofSeconds(3))).hasMessageContaining("ackDeadline");
        assertThatThrownBy(() -> new SocketModeTiming(second, second.multipliedBy(3), second.multipliedBy(2), second,
                second)).hasMessageContaining("maxRetry");
    }
}
