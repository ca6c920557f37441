package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.DiagnosticBots.awaitFinished;
import static dev.incidentbot.bot.runner.DiagnosticBots.codeBlocks;
import static dev.incidentbot.bot.runner.DiagnosticBots.resultPost;
import static dev.incidentbot.bot.runner.DiagnosticBots.state;
import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.testing.InMemoryPlatform.Effect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Diagnostics through the engine with real processes: a command in, the process, the post, the store, the timeline. */
class DiagnosticsEndToEndTest extends DeclaredDiagnosticIncident {
    static final String CONFIG = """
            diagnostics:
              hello:
                description: Says hello
                argv: ["echo", "hello", "{who}"]
                params:
                  who: { pattern: "^[a-z]{1,20}$", default: "world" }
                timeout: 5s
                approval: none
              port-check:
                description: Echoes a port
                argv: ["echo", "port", "{port}"]
                params:
                  port: { pattern: "^[0-9]{2,5}$", default: "8080" }
                timeout: 5s
                approval: none
              service-status:
                description: Echoes a service
                argv: ["echo", "status of", "{service}"]
                params:
                  service: { enum: [api, worker] }
                timeout: 5s
                approval: none
              restart:
                description: Pretends to restart a service
                argv: ["echo", "restarted", "{service}"]
                params:
                  service: { enum: [api, worker] }
                timeout: 5s
                approval: second-responder
              sleepers:
                description: Forks background sleepers, one in a session of its own, and waits
                argv: ["sh", "-c", "sleep 100.0301 & echo $!; setsid sleep 100.0302 & echo $!; sleep 100.0303"]
                timeout: 300ms
                approval: none
              flood:
                description: Writes 200,000 bytes
                argv: ["sh", "-c", "yes | head -c 200000"]
                output_cap: 1KiB
                timeout: 10s
                approval: none
              slow:
                description: Takes a while
                argv: ["sh", "-c", "echo started; sleep 100.0311; echo never"]
                timeout: 60s
                approval: none
              secrets:
                description: Prints secrets it was configured with
                argv: ["sh", "-c", "echo db password=hunter2; echo slack xoxb-1234-5678-abcdefghij"]
                timeout: 5s
                approval: none
            """;

    DiagnosticsEndToEndTest() {
        super(CONFIG);
    }

    @Test
    void anAllowlistedCommandsOutputReachesTheIncidentConversation() {
        assertThat(bot.reply("alice", INC1, "run hello who=team"))
                .isEqualTo("Running R1: echo hello team. The output will be posted in " + INC1 + ".");
        assertThat(awaitFinished(bot, 1)).isEqualTo("finished");

        Effect post = resultPost(bot, INC1, "R1");
        assertThat(post.text()).startsWith("🔧 R1 · echo hello team\nexit 0 · ");
        assertThat(codeBlocks(post)).singleElement().asString()
                .startsWith("$ echo hello team\nhello team\n")
                .contains("[exit 0 · ");
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "diagnostic_requested", "diagnostic_started",
                "diagnostic_finished");
        assertThat(bot.lastPayload(1, "diagnostic_requested")).contains("\"run\":\"R1\"", "\"diagnostic\":\"hello\"",
                "\"commandLine\":\"echo hello team\"", "\"approval\":\"none\"");
        assertThat(bot.lastPayload(1, "diagnostic_finished")).contains("\"exitCode\":0", "\"timedOut\":false",
                "hello team");
        assertThat(bot.string("SELECT stdout FROM diagnostic_run WHERE id = 1")).isEqualTo("hello team\n");
        assertThat(bot.string("SELECT command_line || ' | ' || requested_by_id || ' | ' || exit_code "
                + "FROM diagnostic_run WHERE id = 1")).isEqualTo("echo hello team | alice | 0");
        assertThat(bot.app.diagnosticProcessesStarted()).isEqualTo(1);

        // a diagnostic with one parameter takes the bare value too, and the timeline view lists the run
        bot.reply("alice", INC1, "run hello crew");
        awaitFinished(bot, 2);
        assertThat(codeBlocks(resultPost(bot, INC1, "R2"))).singleElement().asString().contains("\nhello crew\n");
        assertThat(bot.reply("alice", INC1, "timeline")).contains("Diagnostic R1 requested: echo hello team",
                "Diagnostic R1 started", "Diagnostic R1: exit 0 · ");
    }

    @Test
    void theListShowsTheConfiguredDiagnosticsWithTheirParameters() {
        String list = bot.reply("alice", "#general", "diagnostics");
        assertThat(list).startsWith("Diagnostics (run one in an incident channel with /incident run <name> [param=value ...]):")
                .contains("  hello [who=world] — Says hello\n      who: must match ^[a-z]{1,20}$ (default world)\n",
                        "  service-status service=<api|worker> — Echoes a service\n      service: one of api, worker\n",
                        "  restart service=<api|worker> — Pretends to restart a service (needs second-responder approval)\n",
                        "  secrets — Prints secrets it was configured with");
        assertThat(bot.app.diagnosticProcessesStarted()).isZero();
    }

    @Test
    void everyBadRequestGetsOneLineNamingTheParameterAndNothingStartsOrIsWritten() {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        String port = "port: must match ^[0-9]{2,5}$";
        String service = "service: one of api, worker";
        cases.put("run port-check port=8080; rm -rf /", List.of(port, "(got \"8080;\")"));
        cases.put("run port-check port=8080;rm", List.of(port, "(got \"8080;rm\")"));
        cases.put("run port-check port=$(id)", List.of(port, "(got \"$(id)\")"));
        cases.put("run port-check port=`id`", List.of(port, "(got \"`id`\")"));
        cases.put("run port-check port=80\n80", List.of("port:", "control or invisible", "must match ^[0-9]{2,5}$"));
        cases.put("run port-check port=80\r\n80", List.of("port:", "control or invisible", "must match ^[0-9]{2,5}$"));
        cases.put("run port-check port=80\u00000", List.of("port:", "control or invisible", "must match ^[0-9]{2,5}$"));
        cases.put("run port-check port=80\u001b[2J", List.of("port:", "control or invisible", "must match ^[0-9]{2,5}$"));
        cases.put("run port-check port=" + "9".repeat(10_000), List.of("port: too long (10000 characters",
                "must match ^[0-9]{2,5}$"));
        cases.put("run port-check port=８０８０", List.of(port, "(got \"８０８０\")"));
        cases.put("run port-check port=80\u200B80", List.of("port:", "control or invisible", "must match ^[0-9]{2,5}$"));
        cases.put("run service-status service=../../etc/passwd", List.of(service, "(got \"../../etc/passwd\")"));
        cases.put("run service-status service=api/../worker", List.of(service));
        cases.put("run service-status service=\u0430pi", List.of(service, "(got \"\u0430pi\")"));
        cases.put("run service-status service=-api", List.of(service));
        cases.put("run service-status", List.of("service: missing; one of api, worker"));
        cases.put("run port-check colour=red", List.of("unknown parameter \"colour\"; port-check takes port"));
        cases.put("run port-check port=80 port=81", List.of("port: given twice"));
        cases.put("run rm -rf /", List.of("unknown diagnostic \"rm\""));
        cases.put("run ../hello", List.of("unknown diagnostic \"../hello\""));

        String before = bot.snapshot();
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            String reply = bot.reply("alice", INC1, c.getKey());
            assertThat(reply).as("answer to %s", c.getKey()).doesNotContain("\n");
            for (String expected : c.getValue()) {
                assertThat(reply).as("answer to %s", c.getKey()).contains(expected);
            }
        }
        // a second responder's diagnostic is checked before anyone is asked to approve it
        assertThat(bot.reply("alice", INC1, "run restart service=db;reboot")).isEqualTo(
                service + " (got \"db;reboot\")");

        assertThat(bot.app.diagnosticProcessesStarted()).isZero();
        assertThat(bot.count("SELECT COUNT(*) FROM diagnostic_run")).isZero();
        assertThat(bot.count("SELECT COUNT(*) FROM timeline_event WHERE type LIKE 'diagnostic%'")).isZero();
        assertThat(bot.snapshot()).isEqualTo(before);
    }

    @Test
    void aDiagnosticThatForksABackgroundSleeperIsKilledWithItsChildrenAtTheTimeout() {
        bot.reply("alice", INC1, "run sleepers");
        assertThat(awaitFinished(bot, 1)).isEqualTo("timed_out");

        Effect post = resultPost(bot, INC1, "R1");
        assertThat(post.text()).contains("timed out after 300ms, killed");
        assertThat(codeBlocks(post)).singleElement().asString().contains("[timed out after 300ms, killed");
        assertThat(bot.lastPayload(1, "diagnostic_finished")).contains("\"timedOut\":true", "\"exitCode\":-1");
        assertThat(bot.count("SELECT COUNT(*) FROM diagnostic_run WHERE id = 1 AND timed_out AND exit_code IS NULL"))
                .isEqualTo(1);
        List<Long> children = bot.string("SELECT stdout FROM diagnostic_run WHERE id = 1").lines()
                .map(Long::parseLong).toList();
        assertThat(children).hasSize(2);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(children)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("pid %d", pid).isFalse()));
    }

    @Test
    void outputOverTheCapIsTruncatedWithTheMarkerInThePost() {
        bot.reply("alice", INC1, "run flood");
        assertThat(awaitFinished(bot, 1)).isEqualTo("finished");

        Effect post = resultPost(bot, INC1, "R1");
        assertThat(post.text()).contains("output truncated (200,000 bytes written");
        String code = codeBlocks(post).get(0);
        assertThat(code).startsWith("$ sh -c 'yes | head -c 200000'\ny\ny\n")
                .containsPattern("\n… [0-9,]+ bytes truncated …\n")
                .contains("[exit 0 · ");
        String stored = bot.string("SELECT stdout FROM diagnostic_run WHERE id = 1");
        assertThat(stored).containsPattern("\n… [0-9,]+ bytes truncated …\n").endsWith("y\n");
        assertThat(stored.length()).isLessThan(1024 + 64);
        assertThat(bot.lastPayload(1, "diagnostic_finished")).contains("output truncated (200,000 bytes written");
    }

    @Test
    void aSecretInOutputIsRedactedInThePostTheStoreAndTheExport() {
        String reply = bot.reply("alice", INC1, "run secrets");
        assertThat(awaitFinished(bot, 1)).isEqualTo("finished");
        assertThat(bot.reply("alice", INC1, "export")).contains("inc-1-postmortem.md");
        assertThat(bot.reply("alice", INC1, "export json")).contains("inc-1-postmortem.json");
        bot.awaitDelivered();

        String code = codeBlocks(resultPost(bot, INC1, "R1")).get(0);
        assertThat(code).contains("db password=[REDACTED]", "slack [REDACTED]");
        assertThat(bot.string("SELECT stdout FROM diagnostic_run WHERE id = 1"))
                .isEqualTo("db password=[REDACTED]\nslack [REDACTED]\n");
        List<Effect> uploads = bot.platform.effects("upload");
        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).text()).startsWith("inc-1-postmortem.md\n").contains("Diagnostic R1 requested",
                "Diagnostic R1: exit 0");
        assertThat(uploads.get(1).text()).startsWith("inc-1-postmortem.json\n").contains("\"diagnostic_finished\"",
                "db password=[REDACTED]\\nslack [REDACTED]");

        // nowhere at all: not in what the requester was told, not in any post or upload, no column, no event
        for (String secret : List.of("hunter2", "xoxb-1234")) {
            assertThat(reply).doesNotContain(secret);
            assertThat(bot.platform.effects()).extracting(Effect::text).noneMatch(t -> t.contains(secret));
            assertThat(bot.count("SELECT COUNT(*) FROM diagnostic_run WHERE stdout || stderr || command_line || "
                    + "arguments || status_line LIKE ?", "%" + secret + "%")).as(secret).isZero();
            assertThat(bot.count("SELECT COUNT(*) FROM timeline_event WHERE payload LIKE ?", "%" + secret + "%"))
                    .as(secret).isZero();
            assertThat(bot.count("SELECT COUNT(*) FROM outbox WHERE payload LIKE ?", "%" + secret + "%"))
                    .as(secret).isZero();
        }
    }

    @Test
    void onlyParticipantsMayRequestRuns() {
        String before = bot.snapshot();
        assertThat(bot.reply("mallory", INC1, "run hello")).isEqualTo(
                "Only participants of INC-1 can run diagnostics; join in first (e.g. /incident ack or a note).");
        assertThat(bot.snapshot()).isEqualTo(before);
        assertThat(bot.count("SELECT COUNT(*) FROM diagnostic_run")).isZero();
        assertThat(bot.app.diagnosticProcessesStarted()).isZero();

        bot.reply("mallory", INC1, "note looking at the load balancer");
        assertThat(bot.reply("mallory", INC1, "run hello")).startsWith("Running R1: echo hello world.");
        assertThat(awaitFinished(bot, 1)).isEqualTo("finished");
        assertThat(bot.app.diagnosticProcessesStarted()).isEqualTo(1);
    }

    @Test
    void runsLeftApprovedOrRunningWhenTheBotStoppedAreMarkedInterruptedAtTheNextStart() {
        for (int n = 0; n < 3; n++) {
            assertThat(bot.reply("alice", INC1, "run restart service=api")).isEqualTo("R" + (n + 1)
                    + " is waiting for approval by another responder.");
        }
        // as a crash would leave them: R1 approved but not started, R2 running, R3 still waiting
        bot.execute("UPDATE diagnostic_run SET state = 'approved', decided_by_id = 'bob' WHERE id = 1");
        bot.execute("UPDATE diagnostic_run SET state = 'running', decided_by_id = 'bob' WHERE id = 2");
        bot.close();

        bot = DiagnosticBots.restart(bot, dir, new MutableClock(TestBot.START.plusSeconds(60)), CONFIG);
        assertThat(state(bot, 1)).isEqualTo("interrupted");
        assertThat(state(bot, 2)).isEqualTo("interrupted");
        assertThat(state(bot, 3)).isEqualTo("pending");
        assertThat(bot.count("SELECT COUNT(*) FROM timeline_event WHERE incident_id = 1 AND type = 'diagnostic_finished' "
                + "AND payload LIKE '%interrupted by a bot restart%'")).isEqualTo(2);
        assertThat(bot.lastPayload(1, "diagnostic_finished")).contains("\"run\":\"R2\"");
        assertThat(bot.count("SELECT finished_at FROM diagnostic_run WHERE id = 1"))
                .isEqualTo(TestBot.START.plusSeconds(60).toEpochMilli());
        assertThat(bot.app.diagnosticProcessesStarted()).isZero();
        assertThat(bot.reply("bob", INC1, "approve R1")).isEqualTo("R1 is interrupted, not waiting for approval.");

        // a second start finds nothing left to mark
        bot.close();
        bot = DiagnosticBots.restart(bot, dir, new MutableClock(TestBot.START.plusSeconds(120)), CONFIG);
        assertThat(bot.count("SELECT COUNT(*) FROM timeline_event WHERE type = 'diagnostic_finished'")).isEqualTo(2);
    }

    @Test
    void aRunInProgressWhenTheBotStopsIsKilledAndItsResultPostedAfterTheRestart() {
        bot.reply("alice", INC1, "run slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(state(bot, 1))
                && !processesWithArgument("100.0311").isEmpty());
        bot.close();
        assertThat(processesWithArgument("100.0311")).isEmpty();

        bot = DiagnosticBots.restart(bot, dir, new MutableClock(TestBot.START.plusSeconds(60)), CONFIG);
        // recorded by the stopping bot, so the next start has nothing to mark interrupted
        assertThat(state(bot, 1)).isEqualTo("failed");
        assertThat(bot.string("SELECT status_line FROM diagnostic_run WHERE id = 1"))
                .startsWith("cancelled: the runner shut down");
        assertThat(bot.timelineTypes(1)).endsWith("diagnostic_started", "diagnostic_finished");
        bot.awaitDelivered();
        assertThat(codeBlocks(resultPost(bot, INC1, "R1"))).singleElement().asString()
                .contains("\nstarted\n", "[cancelled: the runner shut down");
        assertThat(bot.string("SELECT stdout FROM diagnostic_run WHERE id = 1")).isEqualTo("started\n");
    }

    @Test
    void requestsBeyondTheLimitsWaitTheirTurnAndAllRun() throws Exception {
        bot.close();
        Path limited = java.nio.file.Files.createDirectories(dir.resolve("limited"));
        bot = DiagnosticBots.start(limited, "runner:\n  max_concurrent: 1\n  max_concurrent_per_incident: 1\n" + CONFIG);
        bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
        bot.reply("alice", INC1, "run sleepers");
        bot.reply("alice", INC1, "run hello who=second");
        bot.reply("alice", INC1, "run hello who=third");
        assertThat(awaitFinished(bot, 1)).isEqualTo("timed_out");
        assertThat(awaitFinished(bot, 2)).isEqualTo("finished");
        assertThat(awaitFinished(bot, 3)).isEqualTo("finished");
        // one at a time, in the order asked
        assertThat(bot.timelineTypes(1)).filteredOn(t -> t.equals("diagnostic_started") || t.equals("diagnostic_finished"))
                .containsExactly("diagnostic_started", "diagnostic_finished", "diagnostic_started", "diagnostic_finished",
                        "diagnostic_started", "diagnostic_finished");
        assertThat(bot.count("SELECT COUNT(*) FROM diagnostic_run d2 JOIN diagnostic_run d3 ON d3.id = 3 "
                + "WHERE d2.id = 2 AND d2.finished_at <= d3.finished_at")).isEqualTo(1);
        assertThat(codeBlocks(resultPost(bot, INC1, "R3"))).singleElement().asString().contains("\nhello third\n");
        assertThat(bot.app.diagnosticProcessesStarted()).isEqualTo(3);
    }

    private static List<String> processesWithArgument(String marker) {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(marker)).toList();
    }
}
