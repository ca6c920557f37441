package dev.incidentbot.bot.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.store.ChainVerifier;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.testing.InMemoryPlatform.Effect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Post-mortem drafts (Markdown) and timeline documents (JSON) built from a scripted incident. */
class TimelineExportTest {
    private static final String TITLE = "<script>alert(1)</script> *bold* <!channel> | [x](http://e.example)";
    private static final String CONV = "#inc-20371126-1-script-alert-1-script-bold-channel-x-http-e-example";

    @TempDir
    Path dir;
    TestBot bot;

    @BeforeEach
    void incident() {
        bot = TestBot.start(dir);
        bot.replyDelivered("alice", "#general", "sev1 " + TITLE);
        bot.clock.advance(Duration.ofMinutes(5));
        bot.replyDelivered("bob", CONV, "commander");
        bot.clock.advance(Duration.ofMinutes(5));
        bot.replyDelivered("bob", CONV, "update rollback _started_ status: identified impact: EU <b>users</b>");
        bot.clock.advance(Duration.ofMinutes(10));
        bot.replyDelivered("bob", CONV, "status mitigated");
        bot.reply("bob", CONV, "action Add `config` validation @carol due:2037-12-01");
        bot.reply("bob", CONV, "action Review alerts");
        bot.clock.advance(Duration.ofMinutes(25));
        bot.replyDelivered("bob", CONV, "resolve rolled back root cause: bad *config* push");
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private String export(String format) {
        int mark = bot.mark();
        bot.replyDelivered("carol", CONV, "export " + format);
        List<Effect> uploads = bot.since(mark);
        assertThat(uploads).extracting(Effect::kind).containsExactly("upload");
        String text = uploads.get(0).text();
        assertThat(text).startsWith("inc-1-postmortem." + format + "\n");
        return text.substring(text.indexOf('\n') + 1);
    }

    @Test
    void markdownFollowsThePostmortemTemplate() {
        String md = export("md");
        List<String> headings = md.lines().filter(l -> l.startsWith("#")).toList();
        assertThat(headings).containsExactly(
                "# Post-Mortem: \\<script\\>alert(1)\\</script\\> \\*bold\\* \\<!channel\\> \\| \\[x\\](http://e.example)",
                "## Summary", "## Timeline", "## Root Cause", "## Contributing Factors", "## What Went Well",
                "## What Could Be Improved", "## Action Items", "## Lessons Learned", "## Figures");
        assertThat(md).contains(
                "- **Date**: 2037-11-26 10:00 UTC",
                "- **Duration**: 45m 0s",
                "- **Severity**: SEV1 (Critical)",
                "- **Impact**: EU \\<b\\>users\\</b\\>",
                "- **Commander**: bob",
                "- 2037-11-26 10:00:00 UTC: alice: Declared SEV1: \\<script\\>",
                "- 2037-11-26 10:10:00 UTC: bob: Update: rollback \\_started\\_ (status: identified)",
                "bad \\*config\\* push (as recorded at resolution; expand below)",
                "- [ ] Add \\`config\\` validation - Owner: carol - Due: 2037-12-01",
                "- [ ] Review alerts - Owner: unassigned - Due: not set",
                "| Time to acknowledge | 5m 0s |",
                "| Time to mitigate | 20m 0s |",
                "| Time to resolve | 45m 0s |",
                // SEV1 updates are due every 15m: at 10:15, 10:30 and 10:45; one was posted.
                "| Updates posted / due | 1 / 3 |",
                "| Reminders sent | 0 |",
                "| Escalations | 0 |");
        // Sections people must write are prompts, never invented text.
        assertThat(md.split("_To be written by the team", -1)).hasSize(6);
        assertThat(md).doesNotContain("<script>", "*bold*", "<!channel>", "<b>");
        String head = bot.string("SELECT hash FROM timeline_event WHERE incident_id = 1 ORDER BY seq DESC LIMIT 1");
        int events = (int) bot.count("SELECT COUNT(*) FROM timeline_event WHERE incident_id = 1");
        // The export was recorded before it was rendered, so the head covers it.
        assertThat(md).contains("Timeline chain head: `" + head + "` (" + events + " events)");
        assertThat(md.lines().filter(l -> l.startsWith("- 2037-")).count()).isEqualTo(events);
    }

    @Test
    void userTextAtTheStartOfALineCannotBecomeAHeadingOrAList() {
        bot.replyDelivered("alice", "#general", "sev2 search is slow");
        bot.replyDelivered("bob", "#general", "INC-2 resolve reindexed root cause: # DNS was down");
        bot.replyDelivered("alice", "#general", "sev2 search is slow again");
        bot.replyDelivered("bob", "#general", "INC-3 resolve reindexed root cause: - not a list item");
        for (int n : new int[] {2, 3}) {
            int mark = bot.mark();
            bot.replyDelivered("carol", "#general", "export INC-" + n);
            String md = bot.since(mark).get(0).text();
            assertThat(md.lines().filter(l -> l.startsWith("#")).toList()).as("headings of INC-%s", n).containsExactly(
                    "# Post-Mortem: search is slow" + (n == 3 ? " again" : ""), "## Summary", "## Timeline", "## Root Cause",
                    "## Contributing Factors", "## What Went Well", "## What Could Be Improved", "## Action Items",
                    "## Lessons Learned", "## Figures");
            String rootCause = md.lines().dropWhile(l -> !l.equals("## Root Cause")).skip(1).findFirst().orElseThrow();
            assertThat(rootCause).startsWith("\\");
            org.commonmark.node.Node doc = org.commonmark.parser.Parser.builder().build().parse(md);
            String html = org.commonmark.renderer.html.HtmlRenderer.builder().build().render(doc);
            assertThat(html).as("INC-%s rendered", n).contains(n == 2 ? "<p># DNS was down" : "<p>- not a list item");
        }
    }

    @Test
    void markdownOfAnOpenIncidentSaysSo() {
        bot.replyDelivered("alice", "#general", "drill sev2 practice");
        bot.clock.advance(Duration.ofMinutes(90));
        int mark = bot.mark();
        bot.replyDelivered("alice", "#general", "export INC-2");
        String md = bot.since(mark).get(0).text();
        assertThat(md).contains("**[DRILL]**", "- **Duration**: ongoing (1h 30m so far)", "| Time to resolve | not reached |",
                "| Updates posted / due | 0 / 3 |", "_None recorded yet;");
    }

    @Test
    void aTurkishDefaultLocaleChangesNeitherFieldNamesNorTheFileName() throws Exception {
        // In tr-TR, "I".toLowerCase() is a dotless "ı": the export once wrote "mıtıgated_at" and "ınc-1-postmortem".
        Locale before = Locale.getDefault();
        Locale.setDefault(new Locale("tr", "TR"));
        try {
            JsonNode incident = new ObjectMapper().readTree(export("json")).path("incident");
            assertThat(incident.has("mitigated_at")).as("fields: %s", incident).isTrue();
            assertThat(incident.path("mitigated_at").asText()).isEqualTo("2037-11-26T10:20:00Z");
            assertThat(incident.path("acknowledged_at").asText()).isEqualTo("2037-11-26T10:05:00Z");
            assertThat(incident.toString()).doesNotContain("\u0131", "ı");
            assertThat(export("md")).contains("- **Severity**: SEV1 (Critical)", "Declared SEV1: ");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void jsonHasAVersionedSchemaEveryEventAndTheChainHead() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(export("json"));
        assertThat(doc.path("schema_version").asInt()).isEqualTo(1);
        JsonNode incident = doc.path("incident");
        assertThat(incident.path("id").asText()).isEqualTo("INC-1");
        assertThat(incident.path("title").asText()).as("JSON carries the text as typed").isEqualTo(TITLE);
        assertThat(incident.path("severity").asText()).isEqualTo("sev1");
        assertThat(incident.path("status").asText()).isEqualTo("resolved");
        assertThat(incident.path("drill").asBoolean()).isFalse();
        assertThat(incident.path("roles").path("commander").path("id").asText()).isEqualTo("bob");
        assertThat(incident.path("declared_at").asText()).isEqualTo("2037-11-26T10:00:00Z");
        assertThat(incident.path("acknowledged_at").asText()).isEqualTo("2037-11-26T10:05:00Z");
        assertThat(incident.path("mitigated_at").asText()).isEqualTo("2037-11-26T10:20:00Z");
        assertThat(incident.path("resolved_at").asText()).isEqualTo("2037-11-26T10:45:00Z");
        assertThat(doc.path("action_items")).hasSize(2);
        assertThat(doc.path("action_items").get(0).path("owner").asText()).isEqualTo("carol");

        List<String> types = new ArrayList<>();
        doc.path("events").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).isEqualTo(bot.timelineTypes(1));
        assertThat(types).startsWith("declared", "acknowledged", "commander_assigned").endsWith("resolved", "export_requested");
        JsonNode first = doc.path("events").get(0);
        assertThat(first.path("seq").asInt()).isEqualTo(1);
        assertThat(first.path("actor").path("id").asText()).isEqualTo("alice");
        assertThat(first.path("payload").path("title").asText()).isEqualTo(TITLE);

        JsonNode figures = doc.path("figures");
        assertThat(figures.path("time_to_acknowledge_seconds").asLong()).isEqualTo(300);
        assertThat(figures.path("time_to_mitigate_seconds").asLong()).isEqualTo(1200);
        assertThat(figures.path("time_to_resolve_seconds").asLong()).isEqualTo(2700);
        assertThat(figures.path("updates_posted").asInt()).isEqualTo(1);
        assertThat(figures.path("updates_due").asInt()).isEqualTo(3);

        ChainVerifier.Verdict verdict = bot.app.database().read(c -> new ChainVerifier().verify(c, 1));
        assertThat(verdict.intact()).isTrue();
        assertThat(doc.path("chain").path("head").asText()).isEqualTo(verdict.head());
        assertThat(doc.path("chain").path("events").asInt()).isEqualTo(verdict.events()).isEqualTo(types.size());
        JsonNode events = doc.path("events");
        assertThat(events.get(events.size() - 1).path("hash").asText()).isEqualTo(verdict.head());
    }
}
