package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.chat.PlatformState;
import dev.incidentbot.chat.testing.InMemoryPlatformState;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas of the bot on one Matrix account against a real Synapse: only the holder of the consumer lease runs
 * /sync; when it dies and the lease passes, the other resumes from the stored next_batch, so what was typed in between
 * is handled once, by the survivor.
 */
@ExtendWith(TestHomeserver.Extension.class)
@Tag("synapse")
@Tag("realtime")
class MatrixConsumerLeaseTest {
    private final TestHomeserver hs;

    MatrixConsumerLeaseTest(TestHomeserver hs) {
        this.hs = hs;
    }

    private long count(RecordingHandler handler, String text) {
        return handler.commands().stream().filter(c -> c.text().equals(text)).count();
    }

    @Test
    void onlyTheLeaseHolderSyncsAndTheStandbyResumesWhereItStoppedWhenTheLeasePasses() {
        PlatformState shared = new InMemoryPlatformState(); // the database both replicas use
        AtomicBoolean aHolds = new AtomicBoolean(true);
        AtomicBoolean bHolds = new AtomicBoolean(false);
        RecordingHandler toA = new RecordingHandler();
        RecordingHandler toB = new RecordingHandler();
        MatrixPlatform a = new MatrixPlatform(hs.botSettings(), shared, aHolds::get);
        MatrixPlatform b = new MatrixPlatform(hs.botSettings(), shared, bHolds::get);
        try {
            a.start(toA);
            b.start(toB);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.isReady() && b.isReady());
            String room = hs.alice().roomWith(hs.bot().userId());
            await().atMost(Duration.ofSeconds(20)).until(() -> hs.alice().membership(room, hs.bot().userId()).equals("join"));

            hs.alice().say(room, "!incident sev2 seen by the holder");
            toA.awaitCommand("sev2 seen by the holder");

            // a dies (its lease is no longer renewed); something is typed before anyone consumes again.
            a.stop();
            aHolds.set(false);
            hs.alice().say(room, "!incident sev1 typed during the failover");
            bHolds.set(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(toB, "sev1 typed during the failover") == 1);

            hs.alice().say(room, "!incident marker after failover");
            toB.awaitCommand("marker after failover");
            assertThat(count(toB, "sev1 typed during the failover")).isEqualTo(1);
            assertThat(count(toB, "sev2 seen by the holder")).isZero();
            assertThat(count(toA, "sev1 typed during the failover")).isZero();
            assertThat(toA.commands()).extracting(c -> c.text()).containsExactly("sev2 seen by the holder");
        } finally {
            a.stop();
            b.stop();
        }
    }
}
