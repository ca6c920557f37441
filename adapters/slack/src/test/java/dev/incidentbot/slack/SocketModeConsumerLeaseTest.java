package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ConsumerLease;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.FakeSocketModeServer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Replicas and Socket Mode: only the replica holding the consumer lease keeps a socket open; a standby stays ready to
 * send and connects when the lease comes to it, and lets go of its socket when the lease passes on.
 */
@Tag("realtime")
class SocketModeConsumerLeaseTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicBoolean held = new AtomicBoolean(false);
    private final ConsumerLease lease = held::get;
    private FakeSlackWebApi fake;
    private FakeSocketModeServer socket;
    private SlackPlatform platform;

    @BeforeEach
    void start() {
        fake = FakeSlackWebApi.start();
        socket = FakeSocketModeServer.start();
        fake.serveSocketMode(socket);
        SlackSettings settings = SlackSettings.socketMode(FakeSlackWebApi.TOKEN, FakeSlackWebApi.APP_TOKEN)
                .withApiUrl(fake.apiUrl())
                .withTransport(new SlackTransport.SocketMode(FakeSlackWebApi.APP_TOKEN, SlackSocketModeTest.FAST))
                .withWebApiTimeout(Duration.ofSeconds(5));
        platform = new SlackPlatform(settings, Clock.systemUTC(), lease);
        platform.start((from, inbound) -> Ack.silent());
    }

    @AfterEach
    void stop() {
        platform.stop();
        socket.close();
        fake.close();
    }

    @Test
    void onlyTheLeaseHolderKeepsASocketAndAStandbyTakesOverWhenTheLeaseComesToIt() {
        // Standby: ready to send, and no socket for a while (several lease checks).
        assertThat(platform.isReady()).isTrue();
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> socket.openConnections() == 0);

        held.set(true);
        await().atMost(WAIT).until(() -> socket.openConnections() == 1 && platform.isReady());

        // The lease passed to another replica: the socket is let go, the platform stays ready to send.
        held.set(false);
        await().atMost(WAIT).until(() -> socket.openConnections() == 0);
        assertThat(platform.isReady()).isTrue();
        int accepted = socket.connectionsAccepted();
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> socket.connectionsAccepted() == accepted);
    }
}
