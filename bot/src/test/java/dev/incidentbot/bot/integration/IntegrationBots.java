package dev.incidentbot.bot.integration;

import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up the integrations' end-to-end tests share ({@code @RegisterExtension}): a fresh directory per test, the
 * severities they declare with, and every bot and fake the test started, closed after it (the last started first)
 * whatever happened.
 */
final class IntegrationBots implements BeforeEachCallback, AfterEachCallback {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Path dir;

    /**
     * {@code severities:} sev1 (Critical: acknowledge within 5m, update every 15m) and sev3 (Medium: 1h, 4h), each
     * notifying {@code @oncall-primary} at once; {@code sev1Targets} (e.g. {@code pagerduty:payments}) join sev1's step.
     */
    static String severities(String... sev1Targets) {
        String targets = Stream.concat(Stream.of("@oncall-primary"), Stream.of(sev1Targets))
                .map(t -> "\"" + t + "\"").collect(Collectors.joining(", "));
        return """
                severities:
                  sev1:
                    name: Critical
                    acknowledge_within: 5m
                    update_every: 15m
                    escalation:
                      - after: 0m
                        notify: [%s]
                  sev3:
                    name: Medium
                    acknowledge_within: 1h
                    update_every: 4h
                    escalation:
                      - after: 0m
                        notify: ["@oncall-primary"]
                """.formatted(targets);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("integration-bot");
    }

    /** This test's directory; a bot started without one keeps its database here, so a restart finds it again. */
    Path dir() {
        return dir;
    }

    /** The bot on this test's directory with a test clock at {@link TestBot#START}. */
    IntegrationBot start(String yaml, Map<String, String> env) {
        return start(yaml, env, new MutableClock(TestBot.START));
    }

    IntegrationBot start(String yaml, Map<String, String> env, Clock clock) {
        return start(dir, yaml, env, clock, Optional.empty());
    }

    /** The bot on its own directory (a fresh database), with a test clock at {@link TestBot#START}. */
    IntegrationBot start(Path dataDir, String yaml, Map<String, String> env) {
        return start(dataDir, yaml, env, new MutableClock(TestBot.START), Optional.empty());
    }

    /** Like {@link #start(Path, String, Map)}, with the bot's Jetty on a free port serving the integrations' mounts. */
    IntegrationBot startServingHttp(Path dataDir, String yaml, Map<String, String> env) {
        return start(dataDir, yaml, env, new MutableClock(TestBot.START), Optional.of(0));
    }

    private IntegrationBot start(Path dataDir, String yaml, Map<String, String> env, Clock clock, Optional<Integer> httpPort) {
        return closeAfter(new IntegrationBot(dataDir, yaml, env, clock, httpPort));
    }

    /** Close {@code resource} after the test (a fake SaaS, a real Alertmanager). */
    <T extends AutoCloseable> T closeAfter(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (first != null) {
            throw first;
        }
    }
}
