package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.TestConfigs.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes through the sandbox, without OS isolation. */
@Tag("processes")
class ProcessSandboxTest {
    @TempDir
    Path work;

    private static final DiagnosticCatalog CATALOG = TestConfigs.valid("""
            diagnostics:
              streams:
                description: writes to both streams and fails
                argv: ["sh", "-c", "echo out; echo err >&2; exit 3"]
                timeout: 5s
              stdin:
                description: reads stdin to its end
                argv: ["cat"]
                timeout: 5s
              env:
                description: prints its environment
                argv: ["env"]
                env: [DIAG_VISIBLE, DIAG_NOT_SET]
                timeout: 5s
              workdir:
                description: looks at and litters its working directory
                argv: ["sh", "-c", "pwd; ls -A; touch f; mkdir -p d/e; touch d/e/g; chmod 000 d/e; chmod 500 d"]
                timeout: 5s
              sleepers:
                description: forks background sleepers, one in a session of its own, and waits
                argv: ["sh", "-c", "sleep 100.0101 & echo $!; setsid sleep 100.0102 & echo $!; sleep 100.0103"]
                timeout: 300ms
              leaves-one-behind:
                description: exits at once, leaving a background sleeper holding stdout
                argv: ["sh", "-c", "sleep 100.0104 & echo $!"]
                timeout: 5s
              daemons:
                description: daemonizes sleepers that keep stdout, then waits
                argv: ["sh", "-c", "(setsid sleep 100.0111 &); (setsid sleep 100.0112 &); sleep 100.0113"]
                timeout: 300ms
              daemon-and-exit:
                description: daemonizes a sleeper that keeps stdout and exits soon after
                argv: ["sh", "-c", "(setsid sleep 100.0121 &); sleep 0.2"]
                timeout: 5s
              flood:
                description: writes ten million bytes
                argv: ["sh", "-c", "yes | head -c 10000000"]
                timeout: 10s
              secrets:
                description: prints secrets
                argv: ["sh", "-c", "echo 'Authorization: Bearer eyJhbGciOi.abc-123'; echo 'db password=hunter2'; echo 'key AKIAIOSFODNN7EXAMPLE'; echo 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; echo 'slack xoxb-1234-5678-abcdefghij and xapp-1-A0-123-abc'; echo 'client_secret: s3cr3tvalue' >&2"]
                timeout: 5s
              say:
                description: echoes its text
                argv: ["echo", "{text}"]
                params:
                  text: { pattern: "^[ -~]{1,100}$" }
                timeout: 5s
            """).catalog();

    private ProcessSandbox sandbox(Map<String, String> environment) {
        return new ProcessSandbox(RunnerSettings.defaults(), environment, List.of(), work, Clock.systemUTC());
    }

    @Test
    void anAllowlistedCommandsOutputComesBackWithItsExitCode() {
        RunResult r = sandbox(Map.of()).run(ready(CATALOG, "streams"));
        assertThat(r.outcome()).isEqualTo(new Outcome.Exited(3));
        assertThat(r.exitCode()).hasValue(3);
        assertThat(r.timedOut()).isFalse();
        assertThat(r.stdout().text()).isEqualTo("out\n");
        assertThat(r.stderr().text()).isEqualTo("err\n");
        assertThat(r.argv()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.chatSummary()).isEqualTo("$ sh -c 'echo out; echo err >&2; exit 3'\nout\n\n--- stderr ---\nerr\n\n["
                + r.statusLine() + "]");
    }

    @Test
    void theDefaultReadOnlyDiagnosticsRunHere() {
        DiagnosticCatalog defaults = TestConfigs.valid(TestConfigs.resource("/runner/default-diagnostics.yaml"))
                .catalog();
        ProcessSandbox sandbox = sandbox(Map.of());
        RunResult uptime = sandbox.run(ready(defaults, "uptime"));
        assertThat(uptime.exitCode()).hasValue(0);
        assertThat(uptime.stdout().text()).contains("load average");
        RunResult disk = sandbox.run(ready(defaults, "disk"));
        assertThat(disk.exitCode()).hasValue(0);
        assertThat(disk.stdout().text()).contains("Filesystem");
        RunResult memory = sandbox.run(ready(defaults, "memory"));
        assertThat(memory.exitCode()).hasValue(0);
        assertThat(memory.stdout().text()).contains("Mem:");
    }

    @Test
    void stdinIsClosed() {
        RunResult r = sandbox(Map.of()).run(ready(CATALOG, "stdin"));
        assertThat(r.outcome()).isEqualTo(new Outcome.Exited(0));
        assertThat(r.stdout().text()).isEmpty();
    }

    @Test
    void theEnvironmentHoldsOnlyPathLangAndTheListedVariables() {
        Map<String, String> bot = Map.of("LANG", "C.UTF-8", "DIAG_VISIBLE", "yes", "SLACK_BOT_TOKEN", "xoxb-1-2-3",
                "HOME", "/root", "DATABASE_URL", "postgres://u:p@db/x");
        RunResult r = sandbox(bot).run(ready(CATALOG, "env"));
        assertThat(r.exitCode()).hasValue(0);
        assertThat(r.stdout().text().lines()).containsExactlyInAnyOrder("PATH=" + RunnerSettings.DEFAULT_PATH,
                "LANG=C.UTF-8", "DIAG_VISIBLE=yes");
    }

    @Test
    void eachRunGetsAFreshWorkingDirectoryThatIsRemovedAfterwards() {
        ProcessSandbox sandbox = sandbox(Map.of());
        RunResult first = sandbox.run(ready(CATALOG, "workdir"));
        RunResult second = sandbox.run(ready(CATALOG, "workdir"));
        assertThat(first.exitCode()).hasValue(0);
        List<String> firstLines = first.stdout().text().lines().toList();
        List<String> secondLines = second.stdout().text().lines().toList();
        assertThat(firstLines).hasSize(1); // pwd only: ls -A printed nothing, the directory was empty
        assertThat(secondLines).hasSize(1);
        assertThat(firstLines.get(0)).startsWith(work.resolve("incident-bot-run-").toString())
                .isNotEqualTo(secondLines.get(0));
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aTimeoutKillsTheWholeTreeIncludingChildrenInTheirOwnSession() {
        RunResult r = sandbox(Map.of()).run(ready(CATALOG, "sleepers"));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.outcome()).isEqualTo(new Outcome.TimedOut(Duration.ofMillis(300)));
        assertThat(r.exitCode()).isEmpty();
        assertThat(r.statusLine()).startsWith("timed out after 300ms, killed");
        assertThat(r.duration()).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
        List<Long> children = r.stdout().text().lines().map(Long::parseLong).toList();
        assertThat(children).hasSize(2);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(children).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
            assertThat(processesWithArgument("100.010")).isEmpty();
        });
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void backgroundLeftoversAreKilledWhenTheProgramExits() {
        RunResult r = sandbox(Map.of()).run(ready(CATALOG, "leaves-one-behind"));
        assertThat(r.outcome()).isEqualTo(new Outcome.Exited(0));
        assertThat(r.strayProcessesKilled()).isEqualTo(1);
        assertThat(r.statusLine()).contains("killed 1 leftover process");
        // the sleeper held stdout open: without the kill the run would have waited for it
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(5));
        long child = Long.parseLong(r.stdout().text().strip());
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(alive(child)).isFalse());
    }

    @Test
    void orphansThatLeftTheSessionButKeptOurOutputAreKilledToo() {
        // each subshell exits at once, so its setsid child is orphaned in a session of its own, likely before the
        // first look at the tree; it still holds our stdout pipe, which is how it is found
        RunResult timedOut = sandbox(Map.of()).run(ready(CATALOG, "daemons"));
        assertThat(timedOut.timedOut()).isTrue();
        RunResult exited = sandbox(Map.of()).run(ready(CATALOG, "daemon-and-exit"));
        assertThat(exited.outcome()).isEqualTo(new Outcome.Exited(0));
        assertThat(exited.strayProcessesKilled()).isEqualTo(1);
        assertThat(exited.duration()).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(processesWithArgument("100.011")).isEmpty();
            assertThat(processesWithArgument("100.012")).isEmpty();
        });
    }

    @Test
    void outputOverTheCapIsTruncatedWithAMarkerWhileMemoryStaysBounded() {
        RunResult r = sandbox(Map.of()).run(ready(CATALOG, "flood"));
        assertThat(r.exitCode()).hasValue(0);
        CapturedOutput out = r.stdout();
        assertThat(out.totalBytes()).isEqualTo(10_000_000);
        assertThat(out.truncated()).isTrue();
        assertThat(out.keptBytes()).isLessThanOrEqualTo(RunnerSettings.DEFAULT_OUTPUT_CAP);
        assertThat(out.text().length()).isLessThan((int) RunnerSettings.DEFAULT_OUTPUT_CAP + 64);
        assertThat(out.text()).startsWith("y\ny\n").endsWith("y\ny\n")
                .contains(String.format("\n… %,d bytes truncated …\n", out.truncatedBytes()));
        assertThat(r.truncated()).isTrue();
        String summary = r.chatSummary();
        assertThat(summary.length()).isLessThanOrEqualTo(RunResult.CHAT_LIMIT);
        assertThat(summary).contains("characters truncated").contains("output truncated (10,000,000 bytes written");
    }

    @Test
    void secretsAreRedactedFromOutputArgvAndSummary() {
        RunResult r = sandbox(Map.of()).run(ready(CATALOG, "secrets"));
        String everything = r.stdout().text() + r.stderr().text() + r.chatSummary() + String.join(" ", r.argv());
        assertThat(everything).doesNotContain("eyJhbGciOi.abc-123", "hunter2", "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "xoxb-1234-5678-abcdefghij", "xapp-1-A0-123-abc",
                "s3cr3tvalue");
        assertThat(r.stdout().text()).contains("Authorization: Bearer [REDACTED]", "db password=[REDACTED]",
                "key [REDACTED]", "slack [REDACTED] and [REDACTED]");
        assertThat(r.stderr().text()).isEqualTo("client_secret: [REDACTED]\n");

        RunResult said = sandbox(Map.of()).run(ready(CATALOG, "say", "text=password=hunter2"));
        assertThat(said.argv()).containsExactly("echo", "password=[REDACTED]");
        assertThat(said.stdout().text()).isEqualTo("password=[REDACTED]\n");
        assertThat(said.chatSummary()).doesNotContain("hunter2");
    }

    @Test
    void anExecutableThatVanishedAfterLoadingFailsWithoutStarting(@TempDir Path bin) throws Exception {
        Path program = bin.resolve("vanishing");
        Files.copy(Path.of("/usr/bin/true"), program);
        DiagnosticCatalog c = TestConfigs.valid("diagnostics:\n  v:\n    description: d\n    argv: [\"" + program
                + "\"]\n    timeout: 5s\n").catalog();
        Files.delete(program);
        ProcessSandbox sandbox = sandbox(Map.of());
        RunResult r = sandbox.run(ready(c, "v"));
        assertThat(r.outcome()).isInstanceOf(Outcome.Failed.class);
        assertThat(r.outcome().describe()).startsWith("failed: could not start " + program);
        assertThat(r.exitCode()).isEmpty();
        assertThat(sandbox.processesStarted()).isZero();
        assertThat(work).isEmptyDirectory();
    }

    /** Alive and not a zombie (a killed child may wait a moment for whoever adopted it to reap it). */
    static boolean alive(long pid) {
        return ProcStat.read(pid).map(s -> !s.zombie()).orElse(false);
    }

    /** Live processes whose command line has an argument starting with {@code marker}. */
    static List<Long> processesWithArgument(String marker) throws Exception {
        List<Long> found = new java.util.ArrayList<>();
        for (ProcStat s : ProcStat.all()) {
            if (s.zombie()) {
                continue;
            }
            try {
                String cmdline = Files.readString(Path.of("/proc", Long.toString(s.pid()), "cmdline"));
                if (Arrays.stream(cmdline.split("\u0000")).anyMatch(a -> a.startsWith(marker))) {
                    found.add(s.pid());
                }
            } catch (java.io.IOException e) {
                // gone meanwhile
            }
        }
        return found;
    }
}
