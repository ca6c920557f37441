package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.TestConfigs.ready;
import static dev.incidentbot.bot.runner.TestConfigs.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code run <name> [param=value ...]}: what is refused, with which message, and that nothing starts then. */
@Tag("processes")
class RunRequestCheckTest {
    private static final DiagnosticCatalog CATALOG = TestConfigs.valid("""
            diagnostics:
              health:
                description: a health check
                argv: ["echo", "http://127.0.0.1:{port}/healthz"]
                params:
                  port: { pattern: "^[0-9]{2,5}$", default: "8080" }
                timeout: 5s
                approval: none
              logs:
                description: a log by name
                argv: ["echo", "-n", "/var/log/{name}.log"]
                params:
                  name: { pattern: "^[a-z][a-z0-9-]{0,30}$" }
                timeout: 5s
                approval: none
              restart:
                description: restart a service
                argv: ["echo", "{service}"]
                params:
                  service: { enum: [api, worker] }
                timeout: 5s
              uptime:
                description: uptime
                argv: ["uptime"]
                timeout: 5s
                approval: none
            """).catalog();

    static List<Arguments> badInputs() {
        List<Arguments> cases = new ArrayList<>();
        String portRule = "port: must match ^[0-9]{2,5}$";
        cases.add(Arguments.of("health", List.of("port=8080; rm -rf /"), portRule + " (got \"8080; rm -rf /\")"));
        // as the command parser splits "port=8080; rm -rf /": the bad value is named, not the bare words after it
        cases.add(Arguments.of("health", List.of("port=8080;", "rm", "-rf", "/"), portRule + " (got \"8080;\")"));
        cases.add(Arguments.of("health", List.of("port=8080", ";", "rm"), portRule + " (got \";\")"));
        cases.add(Arguments.of("health", List.of("port=$(id)"), portRule + " (got \"$(id)\")"));
        cases.add(Arguments.of("health", List.of("port=`id`"), portRule + " (got \"`id`\")"));
        cases.add(Arguments.of("health", List.of("port=80\n80"),
                "port: control or invisible characters are not allowed (got \"80\\n80\"); must match ^[0-9]{2,5}$"));
        cases.add(Arguments.of("health", List.of("port=80\u000080"),
                "port: control or invisible characters are not allowed (got \"80\\u000080\"); must match ^[0-9]{2,5}$"));
        cases.add(Arguments.of("health", List.of("port=" + "9".repeat(10_000)),
                "port: too long (10000 characters, at most 256); must match ^[0-9]{2,5}$"));
        cases.add(Arguments.of("health", List.of("port=８０８０"), portRule + " (got \"８０８０\")"));
        cases.add(Arguments.of("health", List.of("port=80\u200B80"),
                "port: control or invisible characters are not allowed (got \"80\\u200B80\"); must match ^[0-9]{2,5}$"));
        cases.add(Arguments.of("health", List.of("port=\u202E0808"),
                "port: control or invisible characters are not allowed (got \"\\u202E0808\"); must match ^[0-9]{2,5}$"));
        String nameRule = "name: must match ^[a-z][a-z0-9-]{0,30}$";
        cases.add(Arguments.of("logs", List.of("name=../../etc/shadow"), nameRule + " (got \"../../etc/shadow\")"));
        cases.add(Arguments.of("logs", List.of("name=ap\u0456"), nameRule + " (got \"apі\")")); // Cyrillic і
        cases.add(Arguments.of("logs", List.of("name=a b"), nameRule + " (got \"a b\")"));
        cases.add(Arguments.of("restart", List.of("service=\u0430pi"), "service: one of api, worker (got \"аpi\")"));
        cases.add(Arguments.of("restart", List.of("service=api;reboot"),
                "service: one of api, worker (got \"api;reboot\")"));
        cases.add(Arguments.of("restart", List.of("service=API"), "service: one of api, worker (got \"API\")"));
        cases.add(Arguments.of("restart", List.of(), "service: missing; one of api, worker"));
        cases.add(Arguments.of("health", List.of("x=1"), "unknown parameter \"x\"; health takes port"));
        cases.add(Arguments.of("uptime", List.of("x=1"), "unknown parameter \"x\"; uptime takes no parameters"));
        cases.add(Arguments.of("uptime", List.of("now"), "expected param=value, got \"now\"; uptime takes no parameters"));
        cases.add(Arguments.of("health", List.of("port=80", "port=81"), "port: given twice"));
        cases.add(Arguments.of("foo", List.of(), "unknown diagnostic \"foo\"; try /incident diagnostics"));
        cases.add(Arguments.of("health\n@channel", List.of(),
                "unknown diagnostic \"health\\n@channel\"; try /incident diagnostics"));
        return cases;
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputIsRefusedWithAOneLineReasonNamingTheParameter(String name, List<String> args, String reason) {
        Preparation p = CATALOG.prepare(name, args);
        assertThat(p).isEqualTo(new Preparation.Refused(reason));
        assertThat(reason).doesNotContain("\n").doesNotContain("\u0000").hasSizeLessThan(200);
    }

    @Test
    void nothingIsStartedForAnyBadInput(@TempDir Path work) throws Exception {
        RunnerSettings settings = RunnerSettings.defaults();
        ProcessSandbox sandbox = new ProcessSandbox(settings, Map.of(), List.of(), work, Clock.systemUTC());
        try (DiagnosticRunner runner = new DiagnosticRunner(settings, sandbox, RunListener.NONE)) {
            int n = 0;
            for (Arguments a : badInputs()) {
                Object[] x = a.get();
                @SuppressWarnings("unchecked")
                Preparation p = CATALOG.prepare((String) x[0], (List<String>) x[1]);
                // what the engine does: only a Ready preparation can reach the runner
                if (p instanceof Preparation.Ready r) {
                    runner.submit(new RunRequest("run-" + n++, "INC-1", r.command())).get(5, TimeUnit.SECONDS);
                }
            }
            assertThat(n).isZero();
            assertThat(sandbox.processesStarted()).isZero();
            // and the counter does count: a good request starts exactly one process
            PreparedCommand good = ready(CATALOG, "health", "port=9090");
            RunResult result = runner.submit(new RunRequest("ok", "INC-1", good)).get(5, TimeUnit.SECONDS);
            assertThat(result.stdout().text()).isEqualTo("http://127.0.0.1:9090/healthz\n");
            assertThat(sandbox.processesStarted()).isEqualTo(1);
        }
    }

    @Test
    void goodValuesLandInTheirOwnElementOnly() {
        assertThat(ready(CATALOG, "health").argv()).containsExactly("echo", "http://127.0.0.1:8080/healthz");
        assertThat(ready(CATALOG, "health", "port=9090").argv()).containsExactly("echo", "http://127.0.0.1:9090/healthz");
        assertThat(ready(CATALOG, "health", "9090").arguments()).containsEntry("port", "9090");
        assertThat(ready(CATALOG, "logs", "name=api-7").argv()).containsExactly("echo", "-n", "/var/log/api-7.log");
        assertThat(ready(CATALOG, "restart", "service=worker").argv()).containsExactly("echo", "worker");
        assertThat(ready(CATALOG, "uptime").argv()).containsExactly("uptime");
    }

    @Test
    void aValueThatWouldBecomeAnOptionIsRefused() {
        DiagnosticCatalog c = TestConfigs.valid("""
                diagnostics:
                  grep:
                    description: grep a word
                    argv: ["echo", "{word}", "--", "x-{suffix}"]
                    params:
                      word: { pattern: "^[a-z-]+$" }
                      suffix: { pattern: "^[a-z-]+$" }
                    timeout: 5s
                """).catalog();
        assertThat(refusal(c, "grep", "word=-rf", "suffix=a"))
                .isEqualTo("word: may not start with \"-\" (got \"-rf\")");
        // inside an element a dash is harmless
        assertThat(ready(c, "grep", "word=a-b", "suffix=-x").argv()).containsExactly("echo", "a-b", "--", "x--x");
    }

    @Test
    void valuesAreNeverInterpretedByAShell(@TempDir Path work) {
        DiagnosticCatalog c = TestConfigs.valid("""
                diagnostics:
                  say:
                    description: echo printable text
                    argv: ["echo", "{text}"]
                    params:
                      text: { pattern: "^[ -~]{1,100}$" }
                    timeout: 5s
                """).catalog();
        String hostile = "$(touch pwned) `touch pwned2`; touch pwned3 && echo $HOME | cat";
        PreparedCommand cmd = ready(c, "say", "text=" + hostile);
        RunResult r = new ProcessSandbox(RunnerSettings.defaults(), Map.of(), List.of(), work, Clock.systemUTC())
                .run(cmd);
        assertThat(r.stdout().text()).isEqualTo(hostile + "\n");
        assertThat(work).isEmptyDirectory();
        assertThat(cmd.commandLine()).isEqualTo("echo '" + hostile + "'");
    }
}
