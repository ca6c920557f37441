package dev.incidentbot.bot.slack;

import static dev.incidentbot.bot.slack.SlackBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /incident update|note|resolve|export} typed in the incident's own channel. */
class SlackIncidentCommandsEndToEndTest extends DeclaredSlackIncident {

    private static final ObjectMapper JSON = new ObjectMapper();

    SlackIncidentCommandsEndToEndTest() {
        super("sev2 search is slow");
    }

    @Test
    void updateNoteResolveAndExportFromTheIncidentChannel() throws Exception {
        HttpResponse<String> update = bot.inIncident(1,
                "update Index rebuild running status: identified next: watch p99 eta: 14:00");
        assertThat(SlackBot.json(update).path("text").asText()).startsWith("Update posted to INC-1");
        HttpResponse<String> sev = bot.inIncident(1, "sev sev1");
        assertThat(SlackBot.json(sev).path("text").asText()).isEqualTo("INC-1 is now SEV1.");
        await().atMost(WAIT).until(() -> bot.fake.channel(channel).orElseThrow().topic().startsWith("SEV1 · "));
        await().atMost(WAIT).until(() -> bot.initialMessage(1).blocks().path(0).path("text").path("text").asText()
                .contains("SEV1"));
        HttpResponse<String> note = bot.inIncident(1, "note Shard 7 is the hot one");
        assertThat(SlackBot.json(note).path("text").asText()).startsWith("Noted on INC-1");
        HttpResponse<String> resolve = bot.inIncident(1,
                "resolve Rebuilt the index root cause: mapping change follow-up: add an alert");
        assertThat(SlackBot.json(resolve).path("text").asText()).startsWith("INC-1 is resolved");

        bot.awaitDrained();
        assertThat(bot.incident(1).orElseThrow().status()).isEqualTo(Status.RESOLVED);
        assertThat(bot.timelineTypes(1)).containsSubsequence("declared", "update_posted", "severity_changed",
                "note_added", "resolved");
        List<String> texts = bot.texts(channel);
        // initial, update, severity notice, resolution: in the order typed; a note goes to the timeline only
        assertThat(texts).hasSize(4);
        assertThat(texts.get(1)).contains("Index rebuild running");
        assertThat(texts.get(2)).contains("Severity changed from SEV2 to SEV1");
        assertThat(texts.get(3)).contains("Rebuilt the index").contains("mapping change");
        assertThat(texts).noneMatch(t -> t.contains("Shard 7"));
        assertThat(bot.fake.channel(channel).orElseThrow().topic()).startsWith("SEV1 · resolved · ");

        int before = bot.fake.calls().size();
        HttpResponse<String> export = bot.inIncident(1, "export");
        assertThat(SlackBot.json(export).path("text").asText()).contains("inc-1-postmortem.md");
        await().atMost(WAIT).until(() -> !bot.fake.filesIn(channel).isEmpty());

        List<FakeSlackWebApi.Call> calls = bot.fake.calls().subList(before, bot.fake.calls().size());
        assertThat(calls).extracting(FakeSlackWebApi.Call::method)
                .containsExactly("files.getUploadURLExternal", "files.completeUploadExternal");
        assertThat(calls.get(0).param("filename")).isEqualTo("inc-1-postmortem.md");
        String fileId = bot.fake.filesIn(channel).get(0);
        JsonNode files = JSON.readTree(calls.get(1).param("files"));
        assertThat(files.get(0).path("id").asText()).isEqualTo(fileId);
        assertThat(calls.get(1).param("channel_id")).isEqualTo(channel);

        byte[] uploaded = bot.fake.uploaded(fileId).orElseThrow();
        assertThat(Integer.parseInt(calls.get(0).param("length"))).isEqualTo(uploaded.length);
        String markdown = new String(uploaded, StandardCharsets.UTF_8);
        assertThat(markdown).startsWith("#").contains("INC-1").contains("search is slow")
                .contains("Index rebuild running").contains("Shard 7 is the hot one").contains("Rebuilt the index");
        assertThat(bot.timelineTypes(1)).endsWith("export_requested");
    }
}
