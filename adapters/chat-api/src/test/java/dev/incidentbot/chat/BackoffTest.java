package dev.incidentbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Backoff withRandom(double value) {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> value);
    }

    @Test
    void doublesPerAttemptUpToTheCeiling() {
        Backoff longest = withRandom(1.0);
        assertThat(longest.delay(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(longest.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(longest.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(longest.delay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(longest.delay(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterTakesUpToHalfOff() {
        assertThat(withRandom(0.0).delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(withRandom(0.5).delay(2)).isEqualTo(Duration.ofMillis(1500));
        assertThat(withRandom(0.0).delay(100)).isEqualTo(Duration.ofSeconds(15));
    }
}
