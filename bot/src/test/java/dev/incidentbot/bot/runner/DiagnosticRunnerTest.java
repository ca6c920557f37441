package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.TestConfigs.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits, queueing and events, with real processes that each wait for their own gate file. */
@Tag("processes")
class DiagnosticRunnerTest {
    private static final DiagnosticCatalog CATALOG = TestConfigs.valid("""
            diagnostics:
              gated:
                description: waits until its gate file exists
                argv: ["sh", "-c", "while [ ! -e \\"$0\\" ]; do sleep 0.01; done; echo opened", "{gate}"]
                params:
                  gate: { pattern: "^/[A-Za-z0-9/._-]+$" }
                timeout: 20s
                approval: none
            """).catalog();

    @TempDir
    Path dir;

    /** Records every event as "kind:runId", and the most runs seen between started and finished at once. */
    private static final class Recorder implements RunListener {
        final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        @Override
        public void queued(RunRequest request, int ahead) {
            events.add("queued:" + request.runId() + ":" + ahead);
        }

        @Override
        public void started(RunRequest request) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            events.add("started:" + request.runId());
        }

        @Override
        public void finished(RunRequest request, RunResult result) {
            inFlight.decrementAndGet();
            events.add("finished:" + request.runId());
        }

        List<String> started() {
            return events.stream().filter(e -> e.startsWith("started:")).map(e -> e.substring(8)).toList();
        }
    }

    private DiagnosticRunner runner(int global, int perIncident, RunListener listener) {
        RunnerSettings settings = RunnerSettings.defaults().withLimits(global, perIncident);
        return new DiagnosticRunner(settings, new ProcessSandbox(settings, Map.of(), List.of(), dir,
                Clock.systemUTC()), listener);
    }

    private RunRequest gated(String runId, String incident) {
        return new RunRequest(runId, incident, ready(CATALOG, "gated", "gate=" + gate(runId)));
    }

    private Path gate(String runId) {
        return dir.resolve("gate-" + runId);
    }

    private void open(String runId) throws Exception {
        Files.createFile(gate(runId));
    }

    @Test
    void beyondTheGlobalLimitRequestsWaitInArrivalOrderAndNoneIsDropped() throws Exception {
        Recorder recorder = new Recorder();
        try (DiagnosticRunner runner = runner(2, 2, recorder)) {
            List<CompletableFuture<RunResult>> futures = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                futures.add(runner.submit(gated("r" + i, "INC-" + i)));
            }
            assertThat(runner.running()).isEqualTo(2);
            assertThat(runner.waiting()).isEqualTo(3);
            assertThat(recorder.events).contains("queued:r3:0", "queued:r4:1", "queued:r5:2");
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.started().size() == 2);
            assertThat(recorder.started()).containsExactlyInAnyOrder("r1", "r2");

            open("r1");
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.started().contains("r3"));
            assertThat(recorder.started()).doesNotContain("r4", "r5");
            assertThat(runner.running()).isEqualTo(2);
            assertThat(runner.waiting()).isEqualTo(2);

            open("r2");
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.started().contains("r4"));
            assertThat(recorder.started()).doesNotContain("r5");

            for (String id : List.of("r3", "r4", "r5")) {
                open(id);
            }
            for (CompletableFuture<RunResult> f : futures) {
                RunResult r = f.get(10, TimeUnit.SECONDS);
                assertThat(r.exitCode()).hasValue(0);
                assertThat(r.stdout().text()).isEqualTo("opened\n");
            }
            assertThat(recorder.mostInFlight.get()).isEqualTo(2);
            assertThat(runner.running()).isZero();
            assertThat(runner.waiting()).isZero();
        }
    }

    @Test
    void thePerIncidentLimitHoldsBackOnlyThatIncident() throws Exception {
        Recorder recorder = new Recorder();
        try (DiagnosticRunner runner = runner(3, 1, recorder)) {
            CompletableFuture<RunResult> a1 = runner.submit(gated("a1", "INC-A"));
            CompletableFuture<RunResult> a2 = runner.submit(gated("a2", "INC-A"));
            CompletableFuture<RunResult> b1 = runner.submit(gated("b1", "INC-B"));
            // b1 arrived after a2 but is not stuck behind it
            assertThat(runner.running()).isEqualTo(2);
            assertThat(runner.waiting()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.started().size() == 2);
            assertThat(recorder.started()).containsExactlyInAnyOrder("a1", "b1");

            open("a1");
            assertThat(a1.get(10, TimeUnit.SECONDS).exitCode()).hasValue(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.started().contains("a2"));
            open("a2");
            open("b1");
            assertThat(a2.get(10, TimeUnit.SECONDS).exitCode()).hasValue(0);
            assertThat(b1.get(10, TimeUnit.SECONDS).exitCode()).hasValue(0);
        }
    }

    @Test
    void eventsComeInOrderAndFinishedPrecedesTheFuture() throws Exception {
        Recorder recorder = new Recorder();
        try (DiagnosticRunner runner = runner(1, 1, recorder)) {
            CompletableFuture<RunResult> first = runner.submit(gated("first", "INC-1"));
            CompletableFuture<RunResult> second = runner.submit(gated("second", "INC-1"));
            second.thenRun(() -> recorder.events.add("completed:second"));
            open("first");
            open("second");
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.events.contains("completed:second"));
            List<String> forSecond = recorder.events.stream().filter(e -> e.contains(":second")).toList();
            assertThat(forSecond).containsExactly("queued:second:0", "started:second", "finished:second",
                    "completed:second");
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheRun() throws Exception {
        RunListener broken = new RunListener() {
            @Override
            public void started(RunRequest request) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (DiagnosticRunner runner = runner(1, 1, broken)) {
            open("x");
            assertThat(runner.submit(gated("x", "INC-1")).get(10, TimeUnit.SECONDS).exitCode()).hasValue(0);
        }
    }

    @Test
    void closingCancelsWaitingRunsAndKillsRunningOnes() throws Exception {
        Recorder recorder = new Recorder();
        DiagnosticRunner runner = runner(1, 1, recorder);
        CompletableFuture<RunResult> running = runner.submit(gated("running", "INC-1"));
        CompletableFuture<RunResult> waiting = runner.submit(gated("waiting", "INC-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.started().contains("running"));
        runner.close();
        RunResult killed = running.get(10, TimeUnit.SECONDS);
        assertThat(killed.outcome()).isInstanceOf(Outcome.Cancelled.class);
        assertThat(killed.exitCode()).isEmpty();
        RunResult neverRan = waiting.get(10, TimeUnit.SECONDS);
        assertThat(neverRan.outcome()).isEqualTo(new Outcome.Cancelled("the runner shut down"));
        assertThat(recorder.events).contains("finished:running", "finished:waiting").doesNotContain("started:waiting");
        assertThat(runner.submit(gated("late", "INC-1")).get(1, TimeUnit.SECONDS).outcome())
                .isEqualTo(new Outcome.Cancelled("the runner is shut down"));
        assertThat(ProcessSandboxTest.processesWithArgument(gate("running").toString())).isEmpty();
    }
}
