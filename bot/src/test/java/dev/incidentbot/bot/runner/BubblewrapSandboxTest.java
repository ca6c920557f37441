package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.TestConfigs.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code isolation: bwrap} with real processes; skipped where bubblewrap cannot create a sandbox. */
@Tag("processes")
class BubblewrapSandboxTest {
    @TempDir
    Path work;
    @TempDir
    Path host;

    @BeforeAll
    static void requireBubblewrap() {
        BubblewrapAvailability a = Bubblewrap.probe(RunnerSettings.DEFAULT_PATH);
        assumeTrue(a instanceof BubblewrapAvailability.Usable, () -> "bubblewrap unusable here: " + a);
    }

    private static ParsedDiagnostics.Valid config(String diagnostics) {
        ParsedDiagnostics.Valid v = TestConfigs.valid("runner:\n  isolation: bwrap\ndiagnostics:\n" + diagnostics);
        assertThat(v.settings().isolation()).isInstanceOf(Isolation.Bubblewrap.class);
        return v;
    }

    private ProcessSandbox sandbox(ParsedDiagnostics.Valid v, Map<String, String> env, List<Path> hidden) {
        return new ProcessSandbox(v.settings(), env, hidden, work, Clock.systemUTC());
    }

    @Test
    void theSystemIsReadOnlyTmpIsPrivateAndTheDataDirectoryIsHidden() throws Exception {
        Path shared = Files.createDirectories(host.resolve("shared"));
        Files.writeString(shared.resolve("readme.txt"), "visible\n");
        Path data = Files.createDirectories(shared.resolve("data"));
        Files.writeString(data.resolve("bot.db"), "secret\n");
        Path hostTmpFile = Files.writeString(host.resolve("outside.txt"), "host\n");
        String script = "cat " + shared + "/readme.txt; cat " + data + "/bot.db 2>/dev/null || echo no-data; "
                + "touch /usr/x 2>/dev/null || echo usr-read-only; touch /etc/x 2>/dev/null || echo etc-read-only; "
                + "touch here && echo cwd-writable; test -e " + hostTmpFile + " || echo host-tmp-hidden; "
                + "test -e /work || echo no-work";
        ParsedDiagnostics.Valid v = config("""
                  look:
                    description: looks around
                    argv: ["sh", "-c", "%s"]
                    readable: ["%s"]
                    timeout: 5s
                """.formatted(script, shared));
        RunResult r = sandbox(v, Map.of(), List.of(data)).run(ready(v.catalog(), "look"));
        assertThat(r.stderr().text()).isEmpty();
        assertThat(r.stdout().text().lines()).containsExactly("visible", "no-data", "usr-read-only", "etc-read-only",
                "cwd-writable", "host-tmp-hidden", "no-work");
        assertThat(r.exitCode()).hasValue(0);
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void theNetworkIsThereOnlyWhenTheDiagnosticSaysSo() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ParsedDiagnostics.Valid v = config("""
                      net-on:
                        description: calls a local port
                        argv: ["curl", "-sS", "--max-time", "3", "http://127.0.0.1:{port}/"]
                        params:
                          port: { pattern: "^[0-9]{2,5}$" }
                        network: true
                        timeout: 5s
                      net-off:
                        description: calls a local port without network
                        argv: ["curl", "-sS", "--max-time", "3", "http://127.0.0.1:{port}/"]
                        params:
                          port: { pattern: "^[0-9]{2,5}$" }
                        timeout: 5s
                    """);
            String port = "port=" + server.getAddress().getPort();
            ProcessSandbox sandbox = sandbox(v, Map.of(), List.of());
            RunResult on = sandbox.run(ready(v.catalog(), "net-on", port));
            assertThat(on.stdout().text()).isEqualTo("pong");
            assertThat(on.exitCode()).hasValue(0);
            RunResult off = sandbox.run(ready(v.catalog(), "net-off", port));
            assertThat(off.stdout().text()).isEmpty();
            assertThat(off.exitCode()).hasValue(7); // curl: could not connect
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theEnvironmentIsStillScrubbedAndExitCodesPassThrough() {
        ParsedDiagnostics.Valid v = config("""
                  env:
                    description: prints its environment
                    argv: ["env"]
                    env: [DIAG_VISIBLE]
                    timeout: 5s
                  fail:
                    description: fails
                    argv: ["sh", "-c", "echo hi; exit 4"]
                    timeout: 5s
                """);
        ProcessSandbox sandbox = sandbox(v, Map.of("DIAG_VISIBLE", "yes", "SECRET", "no", "LANG", "C.UTF-8"), List.of());
        assertThat(sandbox.run(ready(v.catalog(), "env")).stdout().text().lines())
                .containsExactlyInAnyOrder("PATH=" + RunnerSettings.DEFAULT_PATH, "LANG=C.UTF-8", "DIAG_VISIBLE=yes");
        RunResult fail = sandbox.run(ready(v.catalog(), "fail"));
        assertThat(fail.exitCode()).hasValue(4);
        assertThat(fail.stdout().text()).isEqualTo("hi\n");
    }

    @Test
    void aTimeoutKillsEvenOrphansThatLeftTheSession() throws Exception {
        // each subshell exits at once, so its setsid child is orphaned in a session of its own before anyone looks;
        // only the PID namespace still holds it
        ParsedDiagnostics.Valid v = config("""
                  orphans:
                    description: daemonizes two sleepers and waits
                    argv: ["sh", "-c", "(setsid sleep 100.0201 &); (setsid sleep 100.0202 &); sleep 100.0203"]
                    timeout: 300ms
                """);
        RunResult r = sandbox(v, Map.of(), List.of()).run(ready(v.catalog(), "orphans"));
        assertThat(r.timedOut()).isTrue();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(ProcessSandboxTest.processesWithArgument("100.020")).isEmpty());
    }
}
