package dev.incidentbot.bot.cli;

import static dev.incidentbot.bot.testing.InProcessCommandLine.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.testing.InProcessCommandLine.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configurations that used to pass check-config and then hurt: through the real command line, check-config and
 * serve both exit 2 with one line per problem, and nothing is written.
 */
class OperatorConfigTest {

    @TempDir
    Path dir;

    private static final String GOOD_SEV1 = """
              sev1:
                name: Critical
                acknowledge_within: 5m
                update_every: 15m
                escalation:
                  - after: 0m
                    notify: ["@oncall"]
            """;

    private Path config(String body) throws IOException {
        return Files.writeString(dir.resolve("incident-bot.yaml"),
                "storage:\n  path: " + dir.resolve("data/bot.db") + "\nhttp:\n  port: 0\n" + body);
    }

    private void refusedByBoth(Path config, String... lines) throws IOException {
        for (String command : List.of("check-config", "serve")) {
            Result r = run(command, "--config", config.toString());
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).first().isEqualTo("incident-bot: invalid configuration:");
            assertThat(r.err()).as(command).contains(Stream.of(lines).map(l -> "  " + l).toArray(String[]::new));
            assertThat(r.out()).as(command).isEmpty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).as("nothing written").containsExactly(config);
        }
    }

    @Test
    void aZeroCadenceIsRefusedWithTheReasonButEscalationAtOnceStaysValid() throws IOException {
        refusedByBoth(config("severities:\n" + GOOD_SEV1 + """
              sev2:
                name: High
                acknowledge_within: 500ms
                update_every: 0s
                escalation:
                  - after: 0m
                    notify: ["@oncall"]
            postmortem_due: 0s
            """),
                "severities.sev2.acknowledge_within: 500ms is too short: the bot would repeat it without pause; at least 1s (line 15)",
                "severities.sev2.update_every: 0ms is too short: the bot would repeat it without pause; at least 1s (line 16)",
                "postmortem_due: 0ms is too short: the bot would repeat it without pause; at least 1s (line 20)");
    }

    @Test
    void aCadenceUnderAMinuteIsAcceptedWithAWarning() throws IOException {
        Path fast = config("""
            severities:
              sev1:
                name: Critical
                acknowledge_within: 2s
                update_every: 30s
            """);
        Result r = run("check-config", "--config", fast.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).first().asString().startsWith("Configuration OK: 1 severities");
        assertThat(r.out().subList(1, r.out().size())).containsExactly(
                "Warning: severities.sev1.acknowledge_within: 2s is under a minute; reminders will come"
                        + " that often (fine for a demo or a test, rarely for real incidents)",
                "Warning: severities.sev1.update_every: 30s is under a minute; reminders will come"
                        + " that often (fine for a demo or a test, rarely for real incidents)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theFastExampleConfigStillChecksOut() {
        Result r = run("check-config", "--config", Path.of("../config/examples/fast-cadence.yaml").toString(),
                "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err().toString()).isZero();
        assertThat(r.out()).hasSizeGreaterThan(1);
        assertThat(r.out().subList(1, r.out().size())).allSatisfy(line -> assertThat(line).startsWith("Warning: "));
    }

    @Test
    void booleansAreBooleansAndNamesAreRequired() throws IOException {
        refusedByBoth(config("severities:\n" + GOOD_SEV1 + """
              sev2:
                acknowledge_within: 5m
                update_every: 15m
                business_hours_only: sometimes
              sev3:
                name: ""
                acknowledge_within: 5m
                update_every: 15m
            """),
                "severities.sev2.name: missing; the name people see next to sev2, e.g. name: Critical (line 13)",
                "severities.sev2.business_hours_only: expected true or false, got \"sometimes\" (line 16)",
                "severities.sev3.name: missing; the name people see next to sev3, e.g. name: Critical (line 18)");
    }

    @Test
    void theCoreAndTheDiagnosticsSectionReportProblemsInOneForm() throws IOException {
        Path config = config("severities:\n" + GOOD_SEV1 + """
              sev2:
                name: High
                acknowledge_within: 5m
                update_every: 15x
                business_hours_only: sometimes
            runner:
              max_concurrent: 0
            diagnostics:
              disk:
                description: Disk usage
                argv: ["df", "-h"]
                timeout: 90x
                network: maybe
            """);
        refusedByBoth(config,
                "severities.sev2.update_every: \"15x\" is not a duration; write e.g. 90s, 15m, 4h or 1d (line 16)",
                "diagnostics.disk.timeout: \"90x\" is not a duration; write e.g. 90s, 15m, 4h or 1d (line 24)",
                "severities.sev2.business_hours_only: expected true or false, got \"sometimes\" (line 17)",
                "diagnostics.disk.network: expected true or false, got \"maybe\" (line 25)",
                "runner.max_concurrent: expected a whole number from 1 to 64, got \"0\" (line 19)");
        List<String> err = run("check-config", "--config", config.toString()).err();
        assertThat(err.subList(1, err.size())).hasSize(5).allSatisfy(line -> assertThat(line).matches("  [a-z0-9_.\\[\\]-]+: .+ \\(line \\d+\\)"));
    }

    @Test
    void aKeyWrittenTwiceIsAnErrorNotLastOneWins() throws IOException {
        Path twice = config("""
            severities:
              sev1:
                name: Critical
                acknowledge_within: 5m
                update_every: 15m
                update_every: 0s
            """);
        Result r = run("check-config", "--config", twice.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).containsExactly("incident-bot: invalid configuration:", "  " + twice
                + ": key \"update_every\" is written twice in the same mapping (line 10); keep one, the bot does not"
                + " guess which one you meant");
    }

    @Test
    void aStoragePathUnderARegularFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path config = Files.writeString(dir.resolve("incident-bot.yaml"), "storage:\n  path: " + file.resolve("bot.db")
                + "\nseverities:\n" + GOOD_SEV1);

        for (String command : List.of("check-config", "serve")) {
            Result r = run(command, "--config", config.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("  storage.path: " + file.resolve("bot.db") + " is under " + file
                    + ", which is a file, so the database cannot be created (line 2)");
        }
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Files.writeString(config, "storage:\n  path: " + folder + "\nseverities:\n" + GOOD_SEV1);
        assertThat(run("check-config", "--config", config.toString()).err()).contains("  storage.path: " + folder
                + " is a folder; name the database file, e.g. " + folder.resolve("incident-bot.db") + " (line 2)");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aDiagnosticThatSubstitutesAParameterIntoAShellScriptIsRefusedByName() throws IOException {
        refusedByBoth(config("severities:\n" + GOOD_SEV1 + """
            runner:
              isolation: none
            diagnostics:
              disk:
                description: Disk usage
                argv: ["bash", "-c", "df {opt}"]
                params:
                  opt: {pattern: "^.{1,100}$"}
                timeout: 10s
              py:
                description: Python
                argv: ["/usr/bin/env", "-i", "LANG=C", "python3", "-c", "print('{opt}')"]
                params:
                  opt: {pattern: "^.{1,100}$"}
                timeout: 10s
            """),
                "diagnostics.disk.argv: runs bash -c with {opt} inside the script, so a value would run as code;"
                        + " pass it as a separate argument instead, e.g. [\"sh\", \"-c\", \"df \\\"$1\\\"\", \"_\","
                        + " \"{opt}\"] (line 18)",
                "diagnostics.py.argv: runs python3 -c with {opt} inside the script, so a value would run as code;"
                        + " pass it as a separate argument instead, e.g. [\"sh\", \"-c\", \"df \\\"$1\\\"\", \"_\","
                        + " \"{opt}\"] (line 24)");
    }

    @Test
    void aFixedScriptOrAParameterPassedAsAnArgumentIsAllowed() throws IOException {
        Path ok = config("severities:\n" + GOOD_SEV1 + """
            runner:
              isolation: none
            diagnostics:
              disk:
                description: Disk usage
                argv: ["bash", "-c", "df -h \\"$1\\"", "_", "{opt}"]
                params:
                  opt: {pattern: "^/[a-z/]{0,50}$"}
                timeout: 10s
              uptime:
                description: Uptime
                argv: ["sh", "-c", "uptime; nproc"]
                timeout: 10s
            """);
        Result r = run("check-config", "--config", ok.toString());
        assertThat(r.exit()).as(r.err().toString()).isZero();
    }
}
