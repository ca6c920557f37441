package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.DiagnosticBots.awaitFinished;
import static dev.incidentbot.bot.runner.DiagnosticBots.codeBlocks;
import static dev.incidentbot.bot.runner.DiagnosticBots.resultPost;
import static dev.incidentbot.bot.runner.DiagnosticBots.state;
import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may approve which run, through the engine: alice declared, bob and carol joined in, mallory never did. */
class DiagnosticApprovalTest extends DeclaredDiagnosticIncident {
    private static final String CONFIG = """
            runner:
              approval_expiry: 5m
            diagnostics:
              restart:
                description: Pretends to restart a service
                argv: ["echo", "restarted", "{service}"]
                params:
                  service: { enum: [api, worker] }
                timeout: 5s
                approval: second-responder
              integrity:
                description: Pretends to check a database
                argv: ["echo", "integrity ok"]
                timeout: 5s
                approval: commander
              unsaid:
                description: Says nothing about approval
                argv: ["echo", "unsaid"]
                timeout: 5s
            """;

    DiagnosticApprovalTest() {
        super(CONFIG);
    }

    @BeforeEach
    void acknowledgedWithANote() {
        bot.replyDelivered("bob", INC1, "ack");
        bot.replyDelivered("carol", INC1, "note checking the database");
    }

    @Test
    void aSecondResponderApprovesNeitherTheRequesterNorAnOutsider() {
        int mark = bot.mark();
        assertThat(bot.replyDelivered("alice", INC1, "run restart service=api"))
                .isEqualTo("R1 is waiting for approval by another responder.");
        assertThat(bot.since(mark)).extracting(e -> e.kind() + " " + e.conversation() + " " + e.text()).containsExactly(
                "post " + INC1 + " 🔧 @alice asks to run R1: echo restarted api. It needs approval by another responder: "
                + "/incident approve R1 (or /incident deny R1 <reason>) within 5m.");
        assertThat(state(bot, 1)).isEqualTo("pending");

        assertThat(bot.reply("alice", INC1, "approve R1")).isEqualTo("Nobody approves their own run; ask another responder.");
        assertThat(bot.reply("mallory", INC1, "approve R1")).isEqualTo("R1 needs approval by another participant of INC-1.");
        assertThat(bot.reply("bob", INC1, "approve R9")).isEqualTo("There is no run R9 in INC-1.");
        assertThat(bot.reply("bob", INC1, "approve now")).isEqualTo("\"now\" is not a run id; they look like R12.");
        assertThat(state(bot, 1)).isEqualTo("pending");
        assertThat(bot.app.diagnosticProcessesStarted()).isZero();
        assertThat(bot.timelineTypes(1)).endsWith("diagnostic_requested");

        assertThat(bot.reply("bob", INC1, "approve r1")).isEqualTo("Approved R1; running echo restarted api.");
        assertThat(awaitFinished(bot, 1)).isEqualTo("finished");
        assertThat(codeBlocks(resultPost(bot, INC1, "R1"))).singleElement().asString().contains("\nrestarted api\n");
        assertThat(bot.timelineTypes(1)).endsWith("diagnostic_requested", "diagnostic_decided", "diagnostic_started",
                "diagnostic_finished");
        assertThat(bot.lastPayload(1, "diagnostic_decided")).contains("\"decision\":\"approved\"", "\"reason\":\"by bob\"");
        assertThat(bot.string("SELECT requested_by_id || ' ' || decided_by_id FROM diagnostic_run WHERE id = 1"))
                .isEqualTo("alice bob");
        assertThat(bot.app.diagnosticProcessesStarted()).isEqualTo(1);
        assertThat(bot.reply("carol", INC1, "approve R1")).isEqualTo("R1 is finished, not waiting for approval.");
    }

    @Test
    void aDenialRecordsTheReasonAndNothingRuns() {
        bot.replyDelivered("alice", INC1, "run restart service=worker");
        assertThat(bot.reply("mallory", INC1, "deny R1 no")).isEqualTo("Only participants of INC-1 can deny a run.");
        int mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1, "deny R1 not during the peak")).isEqualTo("Denied R1.");
        assertThat(bot.since(mark)).extracting(e -> e.text()).containsExactly("@bob denied R1: not during the peak");
        assertThat(state(bot, 1)).isEqualTo("denied");
        assertThat(bot.lastPayload(1, "diagnostic_decided")).contains("\"decision\":\"denied\"",
                "\"reason\":\"not during the peak\"");
        assertThat(bot.timelineTypes(1)).endsWith("diagnostic_requested", "diagnostic_decided")
                .doesNotContain("diagnostic_started");
        assertThat(bot.reply("carol", INC1, "approve R1")).isEqualTo("R1 is denied, not waiting for approval.");
        assertThat(bot.app.diagnosticProcessesStarted()).isZero();
        assertThat(bot.string("SELECT decided_by_id FROM diagnostic_run WHERE id = 1")).isEqualTo("bob");
    }

    @Test
    void commanderApprovalNeedsTheCurrentCommander() {
        assertThat(bot.reply("alice", INC1, "run integrity")).isEqualTo("R1 is waiting for approval by the commander.");
        assertThat(bot.reply("bob", INC1, "approve R1"))
                .isEqualTo("R1 needs the commander's approval; nobody has taken command yet.");
        bot.replyDelivered("carol", INC1, "commander");
        assertThat(bot.reply("bob", INC1, "approve R1")).isEqualTo("R1 needs the commander's approval (carol).");
        assertThat(bot.reply("mallory", INC1, "approve R1")).isEqualTo("R1 needs the commander's approval (carol).");
        bot.replyDelivered("carol", INC1, "commander @bob");
        assertThat(bot.reply("carol", INC1, "approve R1")).isEqualTo("R1 needs the commander's approval (bob).");
        assertThat(bot.app.diagnosticProcessesStarted()).isZero();

        assertThat(bot.reply("bob", INC1, "approve R1")).isEqualTo("Approved R1; running echo 'integrity ok'.");
        assertThat(awaitFinished(bot, 1)).isEqualTo("finished");
        assertThat(codeBlocks(resultPost(bot, INC1, "R1"))).singleElement().asString().contains("\nintegrity ok\n");

        // the commander's own request waits for the next commander: nobody approves their own run
        assertThat(bot.reply("bob", INC1, "run integrity")).isEqualTo("R2 is waiting for approval by the commander.");
        assertThat(bot.reply("bob", INC1, "approve R2")).isEqualTo("Nobody approves their own run; ask the commander.");
        assertThat(state(bot, 2)).isEqualTo("pending");
    }

    @Test
    void aDiagnosticThatSaysNothingAboutApprovalWaitsForASecondResponder() {
        assertThat(bot.reply("alice", INC1, "run unsaid")).isEqualTo("R1 is waiting for approval by another responder.");
        assertThat(bot.app.diagnosticProcessesStarted()).isZero();
        assertThat(bot.reply("carol", INC1, "approve R1")).isEqualTo("Approved R1; running echo unsaid.");
        assertThat(awaitFinished(bot, 1)).isEqualTo("finished");
    }

    @Test
    void aPendingRequestExpiresAfterTheConfiguredTime() {
        bot.reply("alice", INC1, "run restart service=api");
        bot.reply("alice", INC1, "run restart service=worker");
        bot.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(bot.reply("bob", INC1, "approve R2")).isEqualTo("Approved R2; running echo restarted worker.");
        assertThat(awaitFinished(bot, 2)).isEqualTo("finished");
        assertThat(bot.app.diagnosticProcessesStarted()).isEqualTo(1);

        bot.clock.advance(Duration.ofSeconds(1));
        assertThat(bot.reply("bob", INC1, "approve R1"))
                .isEqualTo("R1 expired unapproved; request it again with /incident run restart.");
        assertThat(state(bot, 1)).isEqualTo("expired");
        assertThat(bot.lastPayload(1, "diagnostic_decided")).contains("\"run\":\"R1\"", "\"decision\":\"expired\"",
                "\"reason\":\"not approved within 5m\"");
        assertThat(bot.string("SELECT actor_id FROM timeline_event WHERE type = 'diagnostic_decided' "
                + "ORDER BY seq DESC LIMIT 1")).isEqualTo("incident-bot");
        assertThat(bot.reply("bob", INC1, "approve R1")).isEqualTo("R1 is expired, not waiting for approval.");
        assertThat(bot.reply("bob", INC1, "deny R1")).isEqualTo("R1 is expired, not waiting for approval.");
        assertThat(bot.app.diagnosticProcessesStarted()).isEqualTo(1);
        assertThat(bot.count("SELECT COUNT(*) FROM timeline_event WHERE type = 'diagnostic_started'")).isEqualTo(1);
    }

    @Test
    void nothingRunsForAResolvedIncident() {
        bot.reply("alice", INC1, "run restart service=api");
        bot.replyDelivered("alice", INC1, "resolve rolled back");
        assertThat(bot.reply("bob", INC1, "approve R1"))
                .isEqualTo("INC-1 is resolved; diagnostics run only for open incidents.");
        assertThat(bot.reply("bob", INC1, "run restart service=api"))
                .isEqualTo("INC-1 is resolved; diagnostics run only for open incidents.");
        assertThat(state(bot, 1)).isEqualTo("pending");
        assertThat(bot.count("SELECT COUNT(*) FROM diagnostic_run")).isEqualTo(1);
        assertThat(bot.app.diagnosticProcessesStarted()).isZero();
        // a waiting request can still be turned down, for the record
        assertThat(bot.reply("bob", INC1, "deny R1 resolved meanwhile")).isEqualTo("Denied R1.");
    }
}
