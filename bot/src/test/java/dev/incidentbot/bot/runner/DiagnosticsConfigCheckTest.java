package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.DiagnosticBots.awaitFinished;
import static dev.incidentbot.bot.runner.DiagnosticBots.codeBlocks;
import static dev.incidentbot.bot.runner.DiagnosticBots.resultPost;
import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.incidentbot.bot.cli.Configured;
import dev.incidentbot.bot.config.ConfigException;
import dev.incidentbot.bot.testing.TestBot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped diagnostics work, and a broken diagnostics section fails check-config with lines naming the key. */
class DiagnosticsConfigCheckTest {
    private static final Path DEFAULT_CONFIG = Path.of(System.getProperty("incidentbot.root", ".."), "config",
            "incident-bot.yaml");

    @TempDir
    Path dir;

    @Test
    void theDefaultConfigValidatesAndItsDiagnosticsRun() {
        Configured configured = Configured.load(DEFAULT_CONFIG);
        ParsedDiagnostics parsed = DiagnosticsConfigParser.parse(configured.config().diagnostics(),
                configured.config().runner());
        assertThat(parsed).isInstanceOf(ParsedDiagnostics.Valid.class);
        assertThat(((ParsedDiagnostics.Valid) parsed).catalog().all()).extracting(DiagnosticDefinition::name)
                .containsExactly("health", "readiness", "metrics", "disk", "memory", "sockets", "uptime", "processes",
                        "log-tail", "db-integrity");

        try (TestBot bot = TestBot.start(dir)) {
            String list = bot.reply("alice", "#general", "diagnostics");
            assertThat(list).contains("  health [port=4242] — Call the bot's",
                    "  log-tail [lines=100] file=</var/log/incident-bot/incident-bot.log> — The last lines of a log file",
                    "  db-integrity db=</app/data/incident-bot.db> — SQLite quick integrity check of a database file"
                            + " (read-only) (needs commander approval)")
                    .doesNotContain("unavailable here");
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            assertThat(bot.reply("alice", INC1, "run uptime")).startsWith("Running R1: uptime.");
            assertThat(bot.reply("alice", INC1, "run disk")).startsWith("Running R2: df -h.");
            assertThat(bot.reply("alice", INC1, "run memory")).startsWith("Running R3: free -m.");
            assertThat(awaitFinished(bot, 1)).isEqualTo("finished");
            assertThat(awaitFinished(bot, 2)).isEqualTo("finished");
            assertThat(awaitFinished(bot, 3)).isEqualTo("finished");
            assertThat(codeBlocks(resultPost(bot, INC1, "R1")).get(0)).contains("load average", "[exit 0 · ");
            assertThat(codeBlocks(resultPost(bot, INC1, "R2")).get(0)).contains("Filesystem", "[exit 0 · ");
            assertThat(codeBlocks(resultPost(bot, INC1, "R3")).get(0)).contains("Mem:", "[exit 0 · ");
            assertThat(bot.reply("alice", INC1, "run health port=4242; id"))
                    .isEqualTo("port: must match ^[0-9]{2,5}$ (got \"4242;\")");
            assertThat(bot.app.diagnosticProcessesStarted()).isEqualTo(3);
        }
    }

    @Test
    void aPlaceholderInArgvZeroFailsCheckConfig() throws IOException {
        assertThat(problems("""
                  bad:
                    description: runs what it is told
                    argv: ["{program}", "-h"]
                    params:
                      program: { enum: [df, free] }
                    timeout: 5s
                """)).contains("diagnostics.bad.argv[0]: the executable cannot be a parameter (line 98)");
    }

    @Test
    void anUnknownPlaceholderFailsCheckConfig() throws IOException {
        assertThat(problems("""
                  bad:
                    description: echoes
                    argv: ["echo", "{port}", "{host}"]
                    params:
                      port: { pattern: "^[0-9]{2,5}$" }
                    timeout: 5s
                """)).contains("diagnostics.bad.argv[2]: unknown placeholder {host} (params: port) (line 98)");
    }

    @Test
    void aPatternThatDoesNotCompileFailsCheckConfig() throws IOException {
        assertThat(problems("""
                  bad:
                    description: echoes
                    argv: ["echo", "{port}"]
                    params:
                      port: { pattern: "^[0-9{2,5}$" }
                    timeout: 5s
                """)).singleElement().asString().startsWith("diagnostics.bad.params.port.pattern: does not compile: ");
    }

    @Test
    void noTimeoutFailsCheckConfig() throws IOException {
        assertThat(problems("""
                  bad:
                    description: echoes
                    argv: ["echo", "hi"]
                """)).containsExactly("diagnostics.bad.timeout: missing, and runner.default_timeout is not set; every"
                + " diagnostic needs a timeout (e.g. timeout: 10s) (line 96)");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        List<String> problems = problems("""
                  one:
                    description: runs what it is told
                    argv: ["{program}"]
                    params:
                      program: { enum: [df] }
                    timeout: 5s
                  two:
                    description: echoes
                    argv: ["echo", "hi"]
                    approval: anyone
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                "diagnostics.one.argv[0]: the executable cannot be a parameter (line 98)",
                "diagnostics.two.timeout: missing, and runner.default_timeout is not set; every diagnostic needs a"
                        + " timeout (e.g. timeout: 10s) (line 102)",
                "diagnostics.two.approval: \"anyone\" is not one of none, commander, second-responder (line 105)");
    }

    @Test
    void aProgramMissingOnThisHostMakesOnlyItsDiagnosticUnavailable() throws IOException {
        Path file = config("""
                  ghost:
                    description: a program this host does not have
                    argv: ["incident-bot-no-such-program", "-h"]
                    timeout: 5s
                    approval: none
                  hello:
                    description: says hello
                    argv: ["echo", "hello"]
                    timeout: 5s
                    approval: none
                """);
        Configured configured = Configured.load(file);
        try (TestBot bot = DiagnosticBots.start(dir, Files.readString(file))) {
            assertThat(configured.config().diagnostics().has("ghost")).isTrue();
            assertThat(bot.reply("alice", "#general", "diagnostics")).contains("  hello — says hello",
                    "  unavailable here: ghost: \"incident-bot-no-such-program\" is not installed (not found in runner.path)");
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            assertThat(bot.reply("alice", INC1, "run ghost")).isEqualTo(
                    "ghost is not available on this host: \"incident-bot-no-such-program\" is not installed (not found in runner.path)");
            assertThat(bot.app.diagnosticProcessesStarted()).isZero();
        }
    }

    /** The default config with its diagnostics section replaced by {@code diagnostics} (entries indented by 2). */
    private Path config(String diagnostics) throws IOException {
        String text = Files.readString(DEFAULT_CONFIG);
        int at = text.indexOf("\ndiagnostics:\n");
        assertThat(at).isPositive();
        return Files.writeString(dir.resolve("incident-bot.yaml"), text.substring(0, at) + "\ndiagnostics:\n" + diagnostics);
    }

    private List<String> problems(String diagnostics) throws IOException {
        Path file = config(diagnostics);
        Throwable thrown = catchThrowable(() -> Configured.load(file));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return ((ConfigException) thrown).problems();
    }

}
