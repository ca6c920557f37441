package dev.incidentbot.bot.runner;

import dev.incidentbot.platform.Durations;

import static dev.incidentbot.bot.runner.TestConfigs.problems;
import static dev.incidentbot.bot.runner.TestConfigs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsConfigParserTest {

    private static String one(String body) {
        return "diagnostics:\n  x:\n    description: test\n" + body;
    }

    @Test
    void theIssueExampleIsValidAndKeepsEverySetting() {
        ParsedDiagnostics.Valid v = valid("""
                diagnostics:
                  health:
                    description: Call a service's health endpoint
                    argv: ["curl", "-sS", "--max-time", "5", "http://127.0.0.1:{port}/health"]
                    params:
                      port: { pattern: "^[0-9]{2,5}$", default: "8080" }
                    timeout: 10s
                    approval: none
                    env: [API_TOKEN]
                    network: true
                    output_cap: 1MiB
                  restart:
                    description: Restart one of our services
                    argv: ["echo", "systemctl", "restart", "{service}"]
                    params:
                      service: { enum: [api, worker] }
                    timeout: 1m
                    approval: second-responder
                """);
        DiagnosticDefinition health = v.catalog().find("health").orElseThrow();
        assertThat(health.executable()).isAbsolute().endsWith(Path.of("curl"));
        assertThat(health.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(health.approval()).isEqualTo(Approval.NONE);
        assertThat(health.environment()).containsExactly("API_TOKEN");
        assertThat(health.network()).isTrue();
        assertThat(health.outputCapBytes()).isEqualTo(1024 * 1024);
        assertThat(health.usage()).isEqualTo("health [port=8080]");
        assertThat(health.parameterHelp()).containsExactly("port: must match ^[0-9]{2,5}$ (default 8080)");
        DiagnosticDefinition restart = v.catalog().find("restart").orElseThrow();
        assertThat(restart.approval()).isEqualTo(Approval.SECOND_RESPONDER);
        assertThat(restart.network()).isFalse();
        assertThat(restart.outputCapBytes()).isEqualTo(RunnerSettings.DEFAULT_OUTPUT_CAP);
        assertThat(restart.usage()).isEqualTo("restart service=<api|worker>");
        assertThat(v.catalog().all()).extracting(DiagnosticDefinition::name).containsExactly("health", "restart");
    }

    @Test
    void runnerDefaultsApplyWhenTheSectionIsMissing() {
        RunnerSettings s = valid("diagnostics: {}").settings();
        assertThat(s.isolation()).isInstanceOf(Isolation.None.class);
        assertThat(s.maxConcurrent()).isEqualTo(4);
        assertThat(s.maxConcurrentPerIncident()).isEqualTo(2);
        assertThat(s.approvalExpiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.outputCapBytes()).isEqualTo(65536);
        assertThat(s.maxTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.childPath()).isEqualTo(RunnerSettings.DEFAULT_PATH);
    }

    @Test
    void runnerSettingsAreRead() {
        RunnerSettings s = valid("""
                runner:
                  isolation: none
                  max_concurrent: 8
                  max_concurrent_per_incident: 3
                  approval_expiry: 5m
                  output_cap: 128KiB
                  max_timeout: 1h
                  redact: ["(?i)x-api-key:\\\\s*(?<secret>\\\\S+)"]
                """).settings();
        assertThat(s.maxConcurrent()).isEqualTo(8);
        assertThat(s.maxConcurrentPerIncident()).isEqualTo(3);
        assertThat(s.approvalExpiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.outputCapBytes()).isEqualTo(128 * 1024);
        assertThat(s.maxTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(s.redactor().redact("X-Api-Key: abc123")).isEqualTo("X-Api-Key: [REDACTED]");
    }

    @Test
    void theExecutableCannotBeAParameter() {
        assertThat(problems("""
                diagnostics:
                  health:
                    description: d
                    argv: ["{tool}", "-h"]
                    params:
                      tool: { enum: [df] }
                    timeout: 5s
                """)).contains("diagnostics.health.argv[0]: the executable cannot be a parameter");
        assertThat(problems(one("    argv: [\"/usr/bin/{tool}\"]\n    params:\n      tool: {enum: [df]}\n"
                + "    timeout: 5s\n")))
                .contains("diagnostics.x.argv[0]: the executable cannot be a parameter");
    }

    @Test
    void aPatternThatDoesNotCompileIsNamed() {
        assertThat(problems(one("""
                    argv: ["echo", "{port}"]
                    params:
                      port: { pattern: "^[0-9{2,5}$" }
                    timeout: 5s
                """))).anySatisfy(p -> assertThat(p).startsWith("diagnostics.x.params.port.pattern: does not compile: ")
                .contains("^[0-9{2,5}$"));
    }

    @Test
    void unknownPlaceholdersAreNamedWithTheDeclaredParameters() {
        assertThat(problems(one("""
                    argv: ["echo", "http://127.0.0.1:{prot}/"]
                    params:
                      port: { pattern: "^[0-9]+$" }
                    timeout: 5s
                """))).contains("diagnostics.x.argv[1]: unknown placeholder {prot} (params: port)");
        assertThat(problems(one("    argv: [\"echo\", \"{a}\"]\n    timeout: 5s\n")))
                .contains("diagnostics.x.argv[1]: unknown placeholder {a}; declare it under params");
    }

    @Test
    void aParameterFillsExactlyOneElement() {
        assertThat(problems(one("""
                    argv: ["echo", "{p}", "again-{p}"]
                    params:
                      p: { pattern: "^[a-z]+$" }
                    timeout: 5s
                """))).contains("diagnostics.x.argv[2]: {p} already used in argv[1]; a parameter fills exactly one argv"
                + " element, once");
        assertThat(problems(one("""
                    argv: ["echo", "{p}{p}"]
                    params:
                      p: { pattern: "^[a-z]+$" }
                    timeout: 5s
                """))).anySatisfy(p -> assertThat(p).startsWith("diagnostics.x.argv[1]: {p} already used in argv[1]"));
    }

    @Test
    void unusedParametersAreReported() {
        assertThat(problems(one("""
                    argv: ["echo", "hello"]
                    params:
                      p: { pattern: "^[a-z]+$" }
                    timeout: 5s
                """))).contains("diagnostics.x.params.p: not used in argv; remove it or add {p} to an element");
    }

    @Test
    void malformedBracesAreReported() {
        assertThat(problems(one("    argv: [\"echo\", \"{Port}\"]\n    timeout: 5s\n")))
                .anySatisfy(p -> assertThat(p).startsWith("diagnostics.x.argv[1]: malformed placeholder at character 1"));
        assertThat(problems(one("    argv: [\"echo\", \"a}b\"]\n    timeout: 5s\n")))
                .anySatisfy(p -> assertThat(p).startsWith("diagnostics.x.argv[1]: lone } at character 2"));
        // doubled braces are literal, and never placeholders
        DiagnosticCatalog c = valid(one("    argv: [\"echo\", \"{{status: {{p}}}}\"]\n    timeout: 5s\n"
                + "    approval: none\n")).catalog();
        assertThat(TestConfigs.ready(c, "x").argv()).containsExactly("echo", "{status: {p}}");
    }

    @Test
    void aDiagnosticNeedsATimeoutOfItsOwnOrTheRunnerDefault() {
        String noTimeout = one("    argv: [\"uptime\"]\n");
        assertThat(problems(noTimeout)).containsExactly("diagnostics.x.timeout: missing, and runner.default_timeout is"
                + " not set; every diagnostic needs a timeout (e.g. timeout: 10s)");
        DiagnosticDefinition d = valid(noTimeout + "runner:\n  default_timeout: 30s\n").catalog().find("x")
                .orElseThrow();
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badDurationsAreNamed() {
        assertThat(problems(one("    argv: [\"uptime\"]\n    timeout: 90x\n")))
                .contains("diagnostics.x.timeout: \"90x\" is not a duration; write e.g. 90s, 15m, 4h or 1d");
        assertThat(problems(one("    argv: [\"uptime\"]\n    timeout: 0s\n")))
                .contains("diagnostics.x.timeout: must be longer than 0");
        assertThat(problems("runner:\n  approval_expiry: ten minutes\n"))
                .contains("runner.approval_expiry: \"ten minutes\" is not a duration; write e.g. 90s, 15m, 4h or 1d");
        assertThat(problems(one("    argv: [\"uptime\"]\n    timeout: 4h\n")))
                .contains("diagnostics.x.timeout: 4h exceeds runner.max_timeout (15m)");
        assertThat(problems("runner:\n  default_timeout: 1h\n  max_timeout: 10m\n"))
                .contains("runner.default_timeout: 1h exceeds runner.max_timeout (10m)");
    }

    @Test
    void durationFormsAreTheDocumentedOnes() {
        assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("15m")).contains(Duration.ofMinutes(15));
        assertThat(Durations.parse("4h")).contains(Duration.ofHours(4));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
        assertThat(Durations.parse("300ms")).contains(Duration.ofMillis(300));
        assertThat(Durations.parse("1.5h")).isEmpty();
        assertThat(Durations.parse("-5s")).isEmpty();
        assertThat(Durations.parse("10")).isEmpty();
        assertThat(Durations.format(Duration.ofSeconds(900))).isEqualTo("15m");
        assertThat(ByteSizes.parse("64KiB")).contains(65536L);
        assertThat(ByteSizes.parse("1MiB")).contains(1048576L);
        assertThat(ByteSizes.parse("4096")).contains(4096L);
        assertThat(ByteSizes.parse("64KB")).isEmpty();
    }

    @Test
    void aProgramMissingOnThisHostMakesOnlyThatDiagnosticUnavailable() {
        ParsedDiagnostics.Valid v = valid(one("    argv: [\"no-such-program-here\"]\n    timeout: 5s\n"));
        assertThat(v.catalog().find("x")).isEmpty();
        assertThat(v.unavailable()).containsExactly("x: \"no-such-program-here\" is not installed (not found in runner.path)");
    }

    @Test
    void anExplicitPathMustBeANormalizedExecutable() {
        assertThat(problems(one("    argv: [\"/usr/bin/../bin/uptime\"]\n    timeout: 5s\n")))
                .anySatisfy(p -> assertThat(p).startsWith("diagnostics.x.argv[0]: \"/usr/bin/../bin/uptime\" is not an"
                        + " executable file given by a normalized absolute path"));
    }

    @Test
    void bwrapRequestedButNotInstalledFailsClearly(@TempDir Path emptyBin) {
        assertThat(problems("runner:\n  isolation: bwrap\n  path: " + emptyBin + "\n"))
                .containsExactly("runner.isolation: bwrap requested but bubblewrap is not installed (no bwrap in "
                        + emptyBin + "); install the bubblewrap package or set runner.isolation: none");
    }

    @Test
    void bwrapInstalledButUnusableFailsClearly(@TempDir Path bin) throws Exception {
        Path fake = bin.resolve("bwrap");
        Files.writeString(fake, "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path truth = bin.resolve("true");
        Files.writeString(truth, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(truth, PosixFilePermissions.fromString("rwx------"));
        List<String> problems = problems("runner:\n  isolation: bwrap\n  path: " + bin + "\n");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("runner.isolation: bwrap is installed at " + fake
                + " but cannot create a sandbox here (bwrap: No permissions to create new namespace)")
                .endsWith("set runner.isolation: none");
    }

    @Test
    void isolationAndApprovalMustBeKnownWords() {
        assertThat(problems("runner:\n  isolation: docker\n"))
                .containsExactly("runner.isolation: \"docker\" is not one of none, bwrap");
        assertThat(problems(one("    argv: [\"uptime\"]\n    timeout: 5s\n    approval: anyone\n")))
                .containsExactly("diagnostics.x.approval: \"anyone\" is not one of none, commander, second-responder");
    }

    @Test
    void approvalDefaultsToASecondResponder() {
        assertThat(valid(one("    argv: [\"uptime\"]\n    timeout: 5s\n")).catalog().find("x").orElseThrow()
                .approval()).isEqualTo(Approval.SECOND_RESPONDER);
    }

    @Test
    void parameterShapesAreChecked() {
        String base = "    argv: [\"echo\", \"{p}\"]\n    timeout: 5s\n    params:\n      p: ";
        assertThat(problems(one(base + "{ pattern: \"^a$\", enum: [a] }\n")))
                .contains("diagnostics.x.params.p: needs exactly one of pattern or enum");
        assertThat(problems(one(base + "{ default: a }\n")))
                .contains("diagnostics.x.params.p: needs exactly one of pattern or enum");
        assertThat(problems(one(base + "{ enum: [] }\n")))
                .contains("diagnostics.x.params.p.enum: expected a non-empty list of values");
        assertThat(problems(one(base + "{ enum: [\"a\\nb\"] }\n")))
                .contains("diagnostics.x.params.p.enum[0]: values are at most 256 visible characters");
        assertThat(problems(one(base + "{ enum: [\"-rf\"] }\n")))
                .contains("diagnostics.x.params.p.enum: \"-rf\" starts with \"-\" and would be read as an option;"
                        + " options belong in argv itself");
        assertThat(problems(one(base + "{ pattern: \"^[0-9]+$\", default: abc }\n")))
                .contains("diagnostics.x.params.p.default: \"abc\" is not accepted by its own check (must match ^[0-9]+$)");
        assertThat(problems(one(base + "{ pattern: \"x\", max: 3 }\n")))
                .contains("diagnostics.x.params.p.max: unknown key (known: default, enum, pattern)");
        assertThat(problems(one("    argv: [\"echo\", \"{p}\"]\n    timeout: 5s\n    params:\n      P-1: {enum: [a]}\n")))
                .contains("diagnostics.x.params.P-1: parameter names are lowercase letters, digits and _, starting with"
                        + " a letter");
    }

    @Test
    void otherKeysAreChecked() {
        String base = "    argv: [\"uptime\"]\n    timeout: 5s\n";
        assertThat(problems(one(base + "    env: [\"NOT A NAME\"]\n")))
                .contains("diagnostics.x.env[0]: \"NOT A NAME\" is not an environment variable name");
        assertThat(problems(one(base + "    network: yes please\n")))
                .contains("diagnostics.x.network: expected true or false, got \"yes please\"");
        assertThat(problems(one(base + "    output_cap: lots\n")))
                .contains("diagnostics.x.output_cap: \"lots\" is not a size; write e.g. 65536, 64KiB or 1MiB");
        assertThat(problems(one(base + "    output_cap: 1024MiB\n")))
                .contains("diagnostics.x.output_cap: 1024MiB is outside 1KiB to 16MiB (the cap is held in memory per"
                        + " stream)");
        assertThat(problems(one(base + "    readable: [relative/path]\n")))
                .contains("diagnostics.x.readable[0]: \"relative/path\" is not a normalized absolute path");
        assertThat(problems(one(base + "    tiemout: 5s\n")))
                .contains("diagnostics.x.tiemout: unknown key (known: approval, argv, description, env, network,"
                        + " output_cap, params, readable, timeout)");
        assertThat(problems("diagnostics:\n  x:\n    argv: [\"uptime\"]\n    timeout: 5s\n"))
                .contains("diagnostics.x.description: missing; say in a few words what it shows");
        assertThat(problems("diagnostics:\n  x:\n    description: d\n    timeout: 5s\n"))
                .contains("diagnostics.x.argv: missing; the command as a list, e.g. [\"df\", \"-h\"] (no shell is"
                        + " involved)");
        assertThat(problems("diagnostics:\n  Bad Name:\n    description: d\n    argv: [uptime]\n    timeout: 5s\n"))
                .anySatisfy(p -> assertThat(p).startsWith("diagnostics.Bad Name: names are lowercase letters"));
    }

    @Test
    void runnerKeysAreChecked() {
        assertThat(problems("runner:\n  max_concurrent: 0\n"))
                .contains("runner.max_concurrent: expected a whole number from 1 to 64, got \"0\"");
        assertThat(problems("runner:\n  max_concurrent: 2\n  max_concurrent_per_incident: 3\n"))
                .contains("runner.max_concurrent_per_incident: 3 is more than runner.max_concurrent (2)");
        assertThat(problems("runner:\n  redact: [\"(unclosed\"]\n"))
                .anySatisfy(p -> assertThat(p).startsWith("runner.redact[0]: does not compile: "));
        assertThat(problems("runner:\n  redact: [\"x*\"]\n"))
                .anySatisfy(p -> assertThat(p).startsWith("runner.redact[0]: matches the empty string"));
        assertThat(problems("runner:\n  path: relative:bin\n"))
                .anySatisfy(p -> assertThat(p).startsWith("runner.path: expected absolute directories"));
        assertThat(problems("runner:\n  isolaton: bwrap\n"))
                .anySatisfy(p -> assertThat(p).startsWith("runner.isolaton: unknown key"));
    }

    @Test
    void everyProblemIsCollectedInOnePass() {
        List<String> problems = problems("""
                runner:
                  output_cap: huge
                diagnostics:
                  a:
                    description: d
                    argv: ["{x}"]
                    params:
                      x: { enum: [df] }
                    timeout: 5s
                  b:
                    description: d
                    argv: ["uptime"]
                  c:
                    description: d
                    argv: ["echo", "{p}"]
                    params:
                      p: { pattern: "(" }
                    timeout: 5s
                """);
        assertThat(problems).hasSize(4);
        assertThat(problems).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("runner.output_cap:"))
                .anySatisfy(p -> assertThat(p).startsWith("diagnostics.a.argv[0]:"))
                .anySatisfy(p -> assertThat(p).startsWith("diagnostics.b.timeout:"))
                .anySatisfy(p -> assertThat(p).startsWith("diagnostics.c.params.p.pattern:"));
    }

    @Test
    void theDefaultDiagnosticsAreValidAndPrepareWithTheirDefaults() {
        ParsedDiagnostics.Valid v = valid(TestConfigs.resource("/runner/default-diagnostics.yaml"));
        assertThat(v.catalog().all()).extracting(DiagnosticDefinition::name).contains("health", "readiness", "metrics",
                "disk", "memory", "sockets", "uptime", "processes", "log-tail", "db-integrity");
        for (DiagnosticDefinition d : v.catalog().all()) {
            assertThat(d.description()).isNotBlank();
            boolean needsChoice = d.parameters().values().stream().anyMatch(p -> p.defaultValue().isEmpty());
            if (!needsChoice) {
                assertThat(v.catalog().prepare(d.name(), List.of())).as(d.name())
                        .isInstanceOf(Preparation.Ready.class);
            }
        }
        assertThat(TestConfigs.ready(v.catalog(), "health").commandLine())
                .isEqualTo("curl -sS --max-time 5 http://127.0.0.1:4242/healthz");
        assertThat(v.catalog().find("db-integrity").orElseThrow().approval()).isEqualTo(Approval.COMMANDER);
    }
}
