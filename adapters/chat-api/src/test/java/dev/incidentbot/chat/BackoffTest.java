package dev.incidentbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Backoff withRandom(double value) {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.5, () -> value);
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

    @Test
    void aSmallerJitterKeepsEveryWaitNearItsCeiling() {
        // The outbox's: 0.3 s doubling to a minute, at least 80 % of it.
        Backoff outbox = new Backoff(Duration.ofMillis(300), Duration.ofSeconds(60), 0.2, () -> 0.0);
        assertThat(outbox.delay(0)).isEqualTo(Duration.ofMillis(240));
        assertThat(outbox.delay(20)).isEqualTo(Duration.ofSeconds(48));
        assertThat(new Backoff(Duration.ofMillis(300), Duration.ofSeconds(60), 0.2, () -> 1.0).delay(20))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aJitterOutsideZeroToOneIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 1");
    }
}
