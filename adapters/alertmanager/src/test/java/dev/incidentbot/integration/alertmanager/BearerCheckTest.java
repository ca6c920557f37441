package dev.incidentbot.integration.alertmanager;

import static dev.incidentbot.integration.alertmanager.BearerCheck.Verdict.ACCEPTED;
import static dev.incidentbot.integration.alertmanager.BearerCheck.Verdict.OFF;
import static dev.incidentbot.integration.alertmanager.BearerCheck.Verdict.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerCheckTest {
    private static final Optional<String> TOKEN = Optional.of("s3cret-token");

    @Test
    void withoutAConfiguredTokenTheEndpointIsOffWhateverIsSent() {
        assertThat(BearerCheck.check(Optional.empty(), Optional.of("Bearer s3cret-token"))).isEqualTo(OFF);
        assertThat(BearerCheck.check(Optional.empty(), Optional.empty())).isEqualTo(OFF);
    }

    @Test
    void onlyTheExactTokenAsBearerIsAccepted() {
        assertThat(BearerCheck.check(TOKEN, Optional.of("Bearer s3cret-token"))).isEqualTo(ACCEPTED);
        assertThat(BearerCheck.check(TOKEN, Optional.of("bearer s3cret-token"))).as("scheme is case-insensitive").isEqualTo(ACCEPTED);
        assertThat(BearerCheck.check(TOKEN, Optional.empty())).isEqualTo(UNAUTHORIZED);
        assertThat(BearerCheck.check(TOKEN, Optional.of("Bearer s3cret-tokeN"))).isEqualTo(UNAUTHORIZED);
        assertThat(BearerCheck.check(TOKEN, Optional.of("Bearer s3cret"))).isEqualTo(UNAUTHORIZED);
        assertThat(BearerCheck.check(TOKEN, Optional.of("Basic s3cret-token"))).isEqualTo(UNAUTHORIZED);
        assertThat(BearerCheck.check(TOKEN, Optional.of("Bearer "))).isEqualTo(UNAUTHORIZED);
        assertThat(BearerCheck.check(TOKEN, Optional.of("s3cret-token"))).isEqualTo(UNAUTHORIZED);
    }
}
