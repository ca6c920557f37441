package dev.incidentbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.core.IncidentRef;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code command} label of {@code commands_total} keeps the values dashboards select on. */
class CommandMetricLabelTest {
    private static final IncidentRef HERE = IncidentRef.here();

    @Test
    void everyCommandTypeHasItsStableLabel() {
        Map<Command, String> expected = new LinkedHashMap<>();
        expected.put(new Command.Declare("sev1", "checkout down", false), "Declare");
        expected.put(new Command.ListIncidents(), "ListIncidents");
        expected.put(new Command.Help(""), "Help");
        expected.put(new Command.Acknowledge(HERE), "Acknowledge");
        expected.put(new Command.Commander(HERE, "@alice"), "Commander");
        expected.put(new Command.AssignRole(HERE, "scribe", "@bob"), "AssignRole");
        expected.put(new Command.Update(HERE, "rolled back", Optional.empty(), "", "", "", ""), "Update");
        expected.put(new Command.ChangeSeverity(HERE, "sev2"), "ChangeSeverity");
        expected.put(new Command.ChangeStatus(HERE, Status.MITIGATED), "ChangeStatus");
        expected.put(new Command.Note(HERE, "a note"), "Note");
        expected.put(new Command.CustomerUpdate(HERE, "fixing it"), "CustomerUpdate");
        expected.put(new Command.ActionItem(HERE, "add an alert", "", ""), "ActionItem");
        expected.put(new Command.Resolve(HERE, "rolled back", "", ""), "Resolve");
        expected.put(new Command.ShowTimeline(HERE), "ShowTimeline");
        expected.put(new Command.Export(HERE, "md"), "Export");
        expected.put(new Command.ListDiagnostics(HERE), "ListDiagnostics");
        expected.put(new Command.RunDiagnostic(HERE, "health", List.of()), "RunDiagnostic");
        expected.put(new Command.ApproveRun(HERE, "r1"), "ApproveRun");
        expected.put(new Command.DenyRun(HERE, "r1", ""), "DenyRun");
        expected.forEach((command, label) -> assertThat(CommandMetricLabel.of(command)).as(label).isEqualTo(label));
        // one of each type: a new type is added here along with its label
        assertThat(expected.keySet().stream().map(Object::getClass).distinct())
                .hasSize(Command.class.getPermittedSubclasses().length
                        + Command.OnIncident.class.getPermittedSubclasses().length - 1);
    }

    @Test
    void metricsShowTheLabelsAsBefore(@TempDir Path dir) throws Exception {
        try (TestBot bot = TestBot.start(dir, new InMemoryPlatform(), new MutableClock(TestBot.START), Optional.of(0))) {
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            bot.replyDelivered("alice", TestBot.INC1, "ack");
            bot.replyDelivered("alice", TestBot.INC1, "update rolled back the deploy status: mitigated");
            bot.replyDelivered("alice", TestBot.INC1, "note error rate is falling");
            bot.replyDelivered("alice", TestBot.INC1, "sev sev2");
            bot.replyDelivered("alice", TestBot.INC1, "action add an alert on 5xx");
            bot.replyDelivered("alice", TestBot.INC1, "timeline");
            bot.replyDelivered("alice", "#general", "list");
            bot.reply("alice", "#general", "help");

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + bot.app.httpPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains(
                    "commands_total{command=\"Declare\",outcome=\"applied\"} 1.0",
                    "commands_total{command=\"Acknowledge\",outcome=\"applied\"} 1.0",
                    "commands_total{command=\"Update\",outcome=\"applied\"} 1.0",
                    "commands_total{command=\"Note\",outcome=\"applied\"} 1.0",
                    "commands_total{command=\"ChangeSeverity\",outcome=\"applied\"} 1.0",
                    "commands_total{command=\"ActionItem\",outcome=\"applied\"} 1.0",
                    "commands_total{command=\"ShowTimeline\",outcome=\"applied\"} 1.0",
                    "commands_total{command=\"ListIncidents\",outcome=\"applied\"} 1.0",
                    "commands_total{command=\"Help\",outcome=\"applied\"} 1.0");
        }
    }
}
