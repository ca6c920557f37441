package dev.incidentbot.bench;

import dev.incidentbot.bot.store.StorageTarget;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.FakeSocketModeServer;
import dev.incidentbot.slack.testing.SignedSlackClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Failover of the one consumer of a bot account's event stream: two replicas on PostgreSQL in Slack Socket Mode
 * against the fake Socket Mode server, the first started holding the consumer lease (and the socket). It is killed
 * with SIGKILL; at once someone types {@code /incident help}. The time is from the kill to the survivor's
 * acknowledgement of that envelope: lease expiry, the survivor's next try, its {@code apps.connections.open}, the
 * redelivery and the ack.
 */
final class ConsumerFailover {
    /** Milliseconds from the kill to the acknowledgement, and whether the second replica stayed off the socket before. */
    record Measured(double millis, boolean oneConsumerBefore) { }

    private ConsumerFailover() {
    }

    static Measured run(Path work, StorageTarget.Postgres database) throws Exception {
        Files.createDirectories(work);
        Path config = BenchConfig.quiet(SlackAckFigure.USER).write(work);
        try (FakeSlackWebApi fake = FakeSlackWebApi.start(); FakeSocketModeServer socket = FakeSocketModeServer.start()) {
            fake.serveSocketMode(socket);
            fake.addUser(SlackAckFigure.USER, "bench-user", "bench@example.org");
            String channel = fake.addChannel("incidents", SlackAckFigure.USER);
            Map<String, String> env = Map.of("SLACK_BOT_TOKEN", FakeSlackWebApi.TOKEN,
                    "SLACK_APP_TOKEN", FakeSlackWebApi.APP_TOKEN, "SLACK_API_URL", fake.apiUrl().toString(),
                    "INCIDENT_BOT_STORAGE_URL", database.url(), "INCIDENT_BOT_STORAGE_USER", "postgres");
            try (ReplicaProcess first = ReplicaProcess.start("a", work, config, env)) {
                first.awaitReady(Duration.ofSeconds(90));
                awaitConnections(socket, 1, Duration.ofSeconds(30));
                try (ReplicaProcess second = ReplicaProcess.start("b", work, config, env)) {
                    second.awaitReady(Duration.ofSeconds(90));
                    // The second replica tries the lease every second; give it a few tries to show it stays off.
                    Thread.sleep(2000);
                    boolean oneConsumer = socket.openConnections() == 1 && socket.connectionsAccepted() == 1;
                    first.kill();
                    Instant killed = Instant.now();
                    String envelope = socket.slashCommand(new SignedSlackClient.SlashCommand("/incident", "help",
                            SlackAckFigure.USER, "bench-user", channel, "incidents", fake.newResponseUrl(),
                            "trigger.failover"));
                    FakeSocketModeServer.Acknowledgement ack = socket.awaitAck(envelope, Duration.ofSeconds(60));
                    return new Measured(Duration.between(killed, ack.at()).toNanos() / 1e6, oneConsumer);
                }
            }
        }
    }

    private static void awaitConnections(FakeSocketModeServer socket, int n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (socket.openConnections() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no Socket Mode connection within " + within.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
