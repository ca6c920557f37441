package dev.incidentbot.bot.incident;

import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.bot.testing.TestStorage;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.testing.InMemoryPlatform.Effect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The use cases end to end: a command in, the stored state, the timeline and what the platform was asked to do; on
 * the SQLite file and on a real PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestStorage.class)
@Tag("postgresql")
class IncidentEngineTest {
    private static final String TITLE = "checkout API returns 500s";

    @Parameter
    TestStorage storage;
    @TempDir
    Path dir;
    TestBot bot;

    @BeforeEach
    void start() {
        bot = TestBot.start(dir, storage);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private void declare() {
        bot.replyDelivered("alice", "#general", "sev1 " + TITLE);
    }

    private Effect only(List<Effect> effects, String kind) {
        return effects.stream().filter(e -> e.kind().equals(kind)).reduce((a, b) -> {
            throw new AssertionError("more than one " + kind + " in " + effects);
        }).orElseThrow(() -> new AssertionError("no " + kind + " in " + effects));
    }

    @Test
    void declareOpensAConversationPostsAndPinsTheInitialMessageAndAnnouncesIt() {
        String reply = bot.reply("alice", "#general", "sev1 " + TITLE);
        assertThat(reply).isEqualTo("Declaring INC-1 (SEV1 Critical): " + TITLE + ". Opening " + INC1
                + " and inviting the on-call.");
        bot.awaitDelivered();

        // The create first; then topic, invitation, initial post and announcement together; the pin after its post.
        List<String> kinds = bot.kindsSince(0);
        assertThat(kinds).hasSize(7);
        assertThat(kinds.get(0)).isEqualTo("create " + INC1);
        assertThat(kinds.subList(1, 7)).containsExactlyInAnyOrder("topic " + INC1, "invite " + INC1, "invite " + INC1,
                "post " + INC1, "post #general", "pin " + INC1);
        assertThat(kinds.indexOf("pin " + INC1)).isGreaterThan(kinds.indexOf("post " + INC1));
        List<Effect> effects = bot.platform.effects();
        // The declarer and step 0 of the SEV1 chain invited, and the topic set.
        assertThat(effects.get(0).text()).isEqualTo(" | invited ");
        assertThat(effect(effects, "topic", INC1).text()).isEqualTo("SEV1 · declared · no IC yet · " + TITLE);
        assertThat(bot.platform.effects("invite")).extracting(Effect::text).containsExactlyInAnyOrder("alice", "@oncall-primary");
        // The initial message, following the communication template.
        Effect initial = effect(effects, "post", INC1);
        assertThat(initial.text()).startsWith("🚨 INCIDENT - SEV1 - " + TITLE + "\n")
                .contains("STATUS: Declared", "IMPACT: Being assessed", "LEAD: nobody yet",
                        "SEVERITY: SEV1 Critical (Full outage, active data or security risk)", "DECLARED BY: @alice",
                        "every 15m; next update due 2037-11-26 10:15 UTC", "INC-1 · declared 2037-11-26 10:00 UTC");
        assertThat(initial.message().actions()).extracting(b -> b.label())
                .containsExactly("Acknowledge", "I'm commander", "Post update", "Resolve");
        assertThat(initial.message().mentions()).extracting(Span.Mention::target).containsExactly("alice");
        // The pinned message is the initial one.
        assertThat(effect(effects, "pin", INC1).text()).isEqualTo(bot.string("SELECT message_id FROM message_ref WHERE ref_key = 'initial'"));
        // The announcement links to the new conversation.
        Effect announcement = effect(effects, "post", "#general");
        assertThat(announcement.text()).isEqualTo("🚨 INC-1 SEV1 declared: " + TITLE + " · @alice · join " + INC1);
        assertThat(links(announcement.message())).containsExactly(new ConversationRef(INC1, INC1.substring(1)));

        assertThat(bot.timelineTypes(1)).containsExactly("declared");
        assertThat(bot.string("SELECT conversation_id FROM incident WHERE id = 1")).isEqualTo(INC1);
        assertThat(bot.string("SELECT status FROM incident WHERE id = 1")).isEqualTo("DECLARED");
    }

    private static Effect effect(List<Effect> effects, String kind, String conversation) {
        return effects.stream().filter(e -> e.kind().equals(kind) && e.conversation().equals(conversation)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + conversation));
    }

    private static List<ConversationRef> links(RichMessage m) {
        return m.blocks().stream().filter(Block.Paragraph.class::isInstance)
                .flatMap(b -> ((Block.Paragraph) b).text().spans().stream())
                .filter(Span.ConversationLink.class::isInstance).map(s -> ((Span.ConversationLink) s).conversation()).toList();
    }

    @Test
    void takingCommandAndHandingItOver() {
        declare();
        bot.clock.advance(Duration.ofMinutes(3));
        int mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1, "commander")).isEqualTo("bob is now commander of INC-1.");
        assertThat(bot.kindsSince(mark)).containsExactly("post " + INC1, "update " + INC1, "topic " + INC1);
        List<Effect> took = bot.since(mark);
        assertThat(took.get(0).text()).isEqualTo("👑 @bob is now incident commander.");
        assertThat(took.get(1).text()).contains("STATUS: Acknowledged", "LEAD: @bob");
        assertThat(took.get(2).text()).isEqualTo("SEV1 · acknowledged · IC @bob · " + TITLE);

        assertThat(bot.reply("bob", INC1, "commander")).isEqualTo("bob is already commander of INC-1.");

        mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1, "commander @carol")).isEqualTo("carol is now commander of INC-1.");
        // The notice and the invitation touch different things and go out together; then the summary, in order.
        assertThat(bot.kindsSince(mark).subList(0, 2)).containsExactlyInAnyOrder("post " + INC1, "invite " + INC1);
        assertThat(bot.kindsSince(mark).subList(2, 4)).containsExactly("update " + INC1, "topic " + INC1);
        List<Effect> handed = bot.since(mark);
        assertThat(effect(handed, "post", INC1).text()).isEqualTo("👑 @carol is now incident commander, taking over from @bob.");
        assertThat(effect(handed, "invite", INC1).text()).isEqualTo("carol");
        assertThat(handed.get(2).text()).contains("LEAD: @carol").doesNotContain("@bob");
        assertThat(handed.get(3).text()).isEqualTo("SEV1 · acknowledged · IC @carol · " + TITLE);

        assertThat(bot.timelineTypes(1)).containsExactly("declared", "acknowledged", "commander_assigned", "commander_assigned");
        assertThat(bot.lastPayload(1, "commander_assigned")).contains("\"commanderId\":\"carol\"", "\"previousId\":\"bob\"");
        assertThat(bot.string("SELECT actor_id FROM timeline_event WHERE incident_id = 1 AND seq = 4")).isEqualTo("bob");
        assertThat(bot.string("SELECT person_id FROM participant WHERE incident_id = 1 AND role = 'commander'")).isEqualTo("carol");
        assertThat(bot.count("SELECT acknowledged_at FROM incident WHERE id = 1"))
                .isEqualTo(TestBot.START.plus(Duration.ofMinutes(3)).toEpochMilli());
    }

    @Test
    void acknowledge() {
        declare();
        int mark = bot.mark();
        assertThat(bot.replyDelivered("dave", INC1, "ack")).isEqualTo("Acknowledged INC-1.");
        assertThat(bot.since(mark).get(0).text()).isEqualTo("✋ @dave acknowledged INC-1.");
        assertThat(bot.since(mark)).extracting(Effect::text).contains("SEV1 · acknowledged · no IC yet · " + TITLE);
        assertThat(bot.reply("dave", INC1, "ack")).isEqualTo("INC-1 is already acknowledged.");
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "acknowledged");
    }

    @Test
    void assigningARoleInvitesThePerson() {
        declare();
        int mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1, "role scribe @dave")).isEqualTo("dave is scribe for INC-1.");
        assertThat(bot.kindsSince(mark)).containsExactlyInAnyOrder("post " + INC1, "invite " + INC1);
        assertThat(effect(bot.since(mark), "post", INC1).text()).isEqualTo("@dave is scribe for INC-1.");
        assertThat(effect(bot.since(mark), "invite", INC1).text()).isEqualTo("dave");
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "role_assigned");
        assertThat(bot.string("SELECT person_id FROM participant WHERE incident_id = 1 AND role = 'scribe'")).isEqualTo("dave");
    }

    @Test
    void anUpdateChangesStatusAndSetsTheNextUpdateTime() {
        declare();
        bot.replyDelivered("bob", INC1, "commander");
        bot.clock.advance(Duration.ofMinutes(7));
        int mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1,
                "update Found the bad deploy status: identified impact: EU checkout fails next: roll back eta: 20 min"))
                .isEqualTo("Update posted to INC-1. Next one due 2037-11-26 10:22 UTC.");
        assertThat(bot.kindsSince(mark)).containsExactly("post " + INC1, "update " + INC1, "topic " + INC1);
        List<Effect> e = bot.since(mark);
        assertThat(e.get(0).text()).isEqualTo(String.join("\n",
                "📊 UPDATE - INC-1 - 2037-11-26 10:07 UTC",
                "PROGRESS: Found the bad deploy",
                "CURRENT STATUS: Identified",
                "IMPACT: EU checkout fails",
                "NEXT STEPS: roll back",
                "ETA: 20 min",
                "SEV1 · posted by @bob · next update due 2037-11-26 10:22 UTC"));
        assertThat(e.get(1).text()).contains("STATUS: Identified", "IMPACT: EU checkout fails", "next update due 2037-11-26 10:22 UTC");
        assertThat(e.get(2).text()).isEqualTo("SEV1 · identified · IC @bob · " + TITLE);
        assertThat(bot.timelineTypes(1)).endsWith("status_changed", "update_posted");
        assertThat(bot.string("SELECT status FROM incident WHERE id = 1")).isEqualTo("IDENTIFIED");

        // An update without a status on an acknowledged incident means work is under way.
        bot.clock.advance(Duration.ofMinutes(10));
        assertThat(bot.replyDelivered("bob", INC1, "update still rolling back"))
                .isEqualTo("Update posted to INC-1. Next one due 2037-11-26 10:32 UTC.");
        assertThat(bot.string("SELECT status FROM incident WHERE id = 1")).isEqualTo("IDENTIFIED");
    }

    @Test
    void changingSeverityInvitesTheNewOnCallAndRetitlesTheTopic() {
        declare();
        int mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1, "sev P2")).isEqualTo("INC-1 is now SEV2.");
        assertThat(bot.kindsSince(mark).subList(0, 2)).containsExactlyInAnyOrder("post " + INC1, "invite " + INC1);
        assertThat(bot.kindsSince(mark).subList(2, 4)).containsExactly("update " + INC1, "topic " + INC1);
        assertThat(effect(bot.since(mark), "post", INC1).text()).isEqualTo("Severity changed from SEV1 to SEV2 (High) by @bob.");
        assertThat(effect(bot.since(mark), "invite", INC1).text()).isEqualTo("@oncall-primary");
        assertThat(bot.since(mark).get(3).text()).isEqualTo("SEV2 · declared · no IC yet · " + TITLE);
        assertThat(bot.reply("bob", INC1, "sev high")).isEqualTo("INC-1 is already SEV2.");
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "severity_changed");
        assertThat(bot.string("SELECT severity FROM incident WHERE id = 1")).isEqualTo("sev2");
    }

    @Test
    void settingTheStatus() {
        declare();
        int mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1, "status monitoring")).isEqualTo("INC-1 is now monitoring.");
        assertThat(bot.since(mark).get(0).text()).isEqualTo("Status: Monitoring (set by @bob).");
        assertThat(bot.since(mark)).extracting(Effect::text).contains("SEV1 · monitoring · no IC yet · " + TITLE);
        assertThat(bot.reply("bob", INC1, "status monitoring")).isEqualTo("INC-1 is already monitoring.");
        bot.clock.advance(Duration.ofMinutes(20));
        bot.replyDelivered("bob", INC1, "status mitigated");
        assertThat(bot.count("SELECT mitigated_at FROM incident WHERE id = 1"))
                .isEqualTo(TestBot.START.plus(Duration.ofMinutes(20)).toEpochMilli());
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "acknowledged", "status_changed", "status_changed");
    }

    @Test
    void notesAndActionItemsGoOnTheTimelineOnly() {
        declare();
        String before = bot.snapshot();
        assertThat(bot.reply("bob", INC1, "note customer ticket #4411 mentions <!channel>")).isEqualTo("Noted on INC-1's timeline.");
        assertThat(bot.reply("bob", INC1, "action Add alerting on 5xx @carol due:2037-12-01"))
                .isEqualTo("Action item 1 recorded on INC-1.");
        assertThat(bot.reply("bob", INC1, "action Write the runbook")).isEqualTo("Action item 2 recorded on INC-1.");
        assertThat(bot.count("SELECT COUNT(*) FROM outbox")).as("no chat side effects").isEqualTo(
                Long.parseLong(before.replaceAll(".*outbox=(\\d+).*", "$1")));
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "note_added", "action_item_added", "action_item_added");
        assertThat(bot.lastPayload(1, "note_added")).contains("customer ticket #4411 mentions <!channel>");
        assertThat(bot.string("SELECT text || '|' || owner || '|' || due FROM action_item WHERE incident_id = 1 AND n = 1"))
                .isEqualTo("Add alerting on 5xx|carol|2037-12-01");
        assertThat(bot.string("SELECT text || '|' || owner || '|' || due FROM action_item WHERE incident_id = 1 AND n = 2"))
                .isEqualTo("Write the runbook||");
    }

    @Test
    void resolvedIncidentsRefuseUpdatesButTakeNotesAndExports() {
        declare();
        bot.replyDelivered("bob", INC1, "commander");
        bot.clock.advance(Duration.ofMinutes(42));
        int mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1,
                "resolve Rolled back release 2026.11.3 root cause: bad config push follow-up: add config validation"))
                .isEqualTo("INC-1 is resolved. /incident export drafts the post-mortem.");
        assertThat(bot.kindsSince(mark)).containsExactly("post " + INC1, "update " + INC1, "topic " + INC1);
        assertThat(bot.since(mark).get(0).text()).startsWith("✅ RESOLVED - INC-1 - 2037-11-26 10:42 UTC\n")
                .contains("SOLUTION: Rolled back release 2026.11.3", "ROOT CAUSE: bad config push",
                        "FOLLOW-UP: add config validation", "DURATION: 42m 0s", "resolved by @bob");
        // The pinned summary loses its buttons once resolved.
        assertThat(bot.since(mark).get(1).message().actions()).isEmpty();
        assertThat(bot.since(mark).get(2).text()).isEqualTo("SEV1 · resolved · IC @bob · " + TITLE);
        assertThat(bot.string("SELECT status FROM incident WHERE id = 1")).isEqualTo("RESOLVED");

        String before = bot.snapshot();
        for (String refused : List.of("update more news", "ack", "commander @carol", "sev sev2", "status monitoring",
                "resolve again", "role scribe @dave")) {
            assertThat(bot.reply("bob", INC1, refused)).as(refused).startsWith("INC-1 is resolved.");
        }
        assertThat(bot.snapshot()).isEqualTo(before);

        assertThat(bot.reply("bob", INC1, "note follow-up call booked")).isEqualTo("Noted on INC-1's timeline.");
        assertThat(bot.reply("bob", INC1, "action Add validation @carol")).isEqualTo("Action item 1 recorded on INC-1.");
        mark = bot.mark();
        assertThat(bot.replyDelivered("bob", INC1, "export")).isEqualTo("Exporting the post-mortem draft of INC-1 as inc-1-postmortem.md.");
        assertThat(bot.kindsSince(mark)).containsExactly("upload " + INC1);
        assertThat(bot.timelineTypes(1)).endsWith("resolved", "note_added", "action_item_added", "export_requested");
    }

    @Test
    void timelineShowsEveryEvent() {
        declare();
        bot.clock.advance(Duration.ofMinutes(2));
        bot.replyDelivered("bob", INC1, "commander");
        bot.reply("bob", INC1, "note vendor paged");
        assertThat(bot.reply("carol", INC1, "timeline")).isEqualTo(String.join("\n",
                "INC-1 timeline:",
                "2037-11-26 10:00:00 UTC  alice: Declared SEV1: " + TITLE,
                "2037-11-26 10:02:00 UTC  bob: Acknowledged",
                "2037-11-26 10:02:00 UTC  bob: Commander: bob",
                "2037-11-26 10:02:00 UTC  bob: Note: vendor paged"));
        assertThat(bot.reply("carol", "#general", "timeline INC-1")).startsWith("INC-1 timeline:");
    }

    @Test
    void listShowsOpenIncidentsFirst() {
        assertThat(bot.reply("alice", "#general", "list")).startsWith("No incidents yet.");
        declare();
        bot.replyDelivered("carol", "#ops", "sev3 search is slow");
        bot.replyDelivered("bob", INC1, "commander");
        bot.replyDelivered("bob", INC1, "resolve fixed");
        bot.replyDelivered("dave", "#ops", "drill sev2 game day");
        assertThat(bot.reply("alice", "#general", "list")).isEqualTo(String.join("\n",
                "Incidents (open first):",
                "INC-3  [DRILL] SEV2  declared  game day  #inc-20371126-3-game-day",
                "INC-2  SEV3  declared  search is slow  #inc-20371126-2-search-is-slow",
                "INC-1  SEV1  resolved  " + TITLE + "  IC bob  " + INC1));
    }

    @Test
    void commandsNamingAnIncidentWorkFromAnyConversation() {
        declare();
        assertThat(bot.replyDelivered("bob", "#general", "commander INC-1")).isEqualTo("bob is now commander of INC-1.");
        assertThat(bot.replyDelivered("bob", "#general", "INC-1 update looking status: investigating"))
                .startsWith("Update posted to INC-1.");
        assertThat(bot.platform.postsIn(INC1)).last().asString().startsWith("📊 UPDATE - INC-1");
        int mark = bot.mark();
        bot.replyDelivered("bob", "#general", "export INC-1 json");
        assertThat(bot.kindsSince(mark)).as("exported where it was asked for").containsExactly("upload #general");
        assertThat(bot.reply("bob", "#general", "INC-42 ack")).isEqualTo("INC-42 does not exist; /incident list shows the incidents.");
    }

    @Test
    void drillsAreMarkedEverywhereAndInviteOnlyTheDeclarer() {
        assertThat(bot.replyDelivered("alice", "#general", "drill sev1 database failover"))
                .startsWith("[DRILL] Declaring INC-1 (SEV1 Critical): database failover.");
        String conv = "#inc-20371126-1-database-failover";
        bot.replyDelivered("bob", conv, "commander");
        bot.replyDelivered("bob", conv, "sev sev2");
        bot.replyDelivered("bob", conv, "update failover started status: identified");
        bot.replyDelivered("bob", conv, "resolve failed over");

        List<Effect> effects = bot.platform.effects();
        assertThat(effect(effects, "topic", effects.get(0).conversation()).text())
                .isEqualTo("[DRILL] SEV1 · declared · no IC yet · database failover");
        assertThat(bot.platform.effects("invite")).as("only the declarer, also after a severity change")
                .extracting(Effect::text).containsExactly("alice");
        // initial, announcement, commander, severity, update, resolution
        assertThat(bot.platform.posts()).hasSize(6).allSatisfy(p -> assertThat(p).startsWith("[DRILL] "));
        assertThat(bot.platform.effects("update")).allSatisfy(e -> assertThat(e.text()).startsWith("[DRILL] "));
        assertThat(bot.platform.effects("topic")).allSatisfy(e -> assertThat(e.text()).startsWith("[DRILL] "));
        assertThat(bot.count("SELECT COUNT(*) FROM incident WHERE id = 1 AND drill = ?", true)).isEqualTo(1);
    }

    @Test
    void aCommandOutsideAnIncidentConversationWithoutAnIdChangesNothing() {
        declare();
        String before = bot.snapshot();
        for (String command : List.of("update found it", "ack", "commander", "resolve fixed", "note hi", "sev sev2",
                "status identified", "role scribe @dave", "action fix it", "timeline", "export")) {
            assertThat(bot.reply("bob", "#general", command)).as(command)
                    .isEqualTo("This is not an incident channel. Name the incident, e.g. /incident update INC-7 ..., "
                            + "or run it in the incident's channel.");
        }
        assertThat(bot.snapshot()).isEqualTo(before);
    }

    @Test
    void aCommandThatDoesNotParseChangesNothing() {
        declare();
        String before = bot.snapshot();
        assertThat(bot.reply("bob", INC1, "updte found it"))
                .isEqualTo("Unknown command \"updte\"; did you mean \"update\"?\nUsage: "
                        + dev.incidentbot.bot.incident.Usage.of("update"));
        assertThat(bot.reply("bob", INC1, "status resolved")).contains("\nUsage: /incident status");
        assertThat(bot.reply("bob", "#general", "sev9 everything is on fire")).startsWith(
                "Unknown severity \"sev9\". Severities: sev1 (critical, p0, p1, sev-1); sev2 (high, p2, major, sev-2);");
        assertThat(bot.reply("bob", "#general", "help")).startsWith("Commands").contains("/incident update");
        assertThat(bot.snapshot()).isEqualTo(before);
    }

    @Test
    void aRepeatedDeliveryIsProcessedOnce() {
        Inbound.Command declare = new Inbound.Command("sev1 " + TITLE, Person.of("alice"),
                new ConversationRef("#general", "general"), new ReplyHandle("alice"), "slack-event-17");
        assertThat(bot.platform.push(declare)).isInstanceOf(Ack.Reply.class);
        bot.awaitDelivered();
        String after = bot.snapshot();
        assertThat(bot.platform.push(declare)).isInstanceOf(Ack.Silent.class);
        assertThat(bot.snapshot()).isEqualTo(after);
        assertThat(bot.count("SELECT COUNT(*) FROM incident")).isEqualTo(1);
        // The same id from another conversation's retry is still a retry; a new id is new work.
        Inbound.Command note = new Inbound.Command("note one", Person.of("bob"), new ConversationRef(INC1, INC1),
                new ReplyHandle("bob"), "slack-event-18");
        bot.platform.push(note);
        bot.platform.push(note);
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "note_added");
    }

    @Test
    void userTextIsStoredVerbatimAndCannotPing() {
        String title = "<!channel> @room <script>alert(1)</script> *bold* \"quoted\" 🔥";
        bot.replyDelivered("alice", "#general", "sev2 " + title);
        assertThat(bot.string("SELECT title FROM incident WHERE id = 1")).isEqualTo(title);
        assertThat(bot.platform.effects("post")).allSatisfy(e -> {
            // Only the declarer is mentioned; the typed markup stays plain text.
            assertThat(e.message().mentions()).extracting(Span.Mention::target).containsOnly("alice");
            assertThat(e.text()).contains(title);
        });
        String longTitle = "x".repeat(2000);
        bot.replyDelivered("alice", "#general", "sev2 " + longTitle);
        assertThat(bot.string("SELECT title FROM incident WHERE id = 2")).isEqualTo(longTitle);
        assertThat(bot.string("SELECT conversation_id FROM incident WHERE id = 2")).hasSizeLessThanOrEqualTo(81);
    }

    private static ConversationRef conversation(String id) {
        return new ConversationRef(id, id.substring(1));
    }

    @Test
    void buttonsRunTheSameUseCases() {
        declare();
        Ack took = bot.platform.push(new Inbound.Action(IncidentMessages.ACTION_COMMANDER, "1", Person.of("bob"),
                conversation(INC1), new ReplyHandle("bob"), "btn-1"));
        assertThat(took).isEqualTo(Ack.reply("bob is now commander of INC-1."));
        assertThat(bot.platform.push(new Inbound.Action(IncidentMessages.ACTION_COMMANDER, "1", Person.of("bob"),
                conversation(INC1), new ReplyHandle("bob"), "btn-1"))).as("a repeated click").isInstanceOf(Ack.Silent.class);
        assertThat(bot.platform.push(new Inbound.Action(IncidentMessages.ACTION_UPDATE, "1", Person.of("bob"),
                conversation(INC1), new ReplyHandle("bob"), "btn-2"))).isEqualTo(Ack.reply("Type: " + dev.incidentbot.bot.incident.Usage.of("update")));
        assertThat(bot.platform.push(new Inbound.Action("mystery", "1", Person.of("bob"),
                conversation(INC1), new ReplyHandle("bob"), "btn-3"))).isInstanceOf(Ack.Silent.class);
        assertThat(bot.platform.push(new Inbound.Action(IncidentMessages.ACTION_ACK, "not-a-number", Person.of("bob"),
                conversation(INC1), new ReplyHandle("bob"), "btn-4"))).isInstanceOf(Ack.Silent.class);
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "acknowledged", "commander_assigned");
    }

    @Test
    void formsAreCheckedBeforeAnythingChanges() {
        declare();
        String before = bot.snapshot();
        Ack bad = bot.platform.push(new Inbound.FormSubmission(IncidentMessages.ACTION_UPDATE, "1",
                java.util.Map.of("status", "resolved", "progress", " "), Person.of("bob"), conversation(INC1),
                new ReplyHandle("bob"), "form-1"));
        assertThat(bad).isInstanceOf(Ack.FormErrors.class);
        assertThat(((Ack.FormErrors) bad).errors()).containsOnlyKeys("status", "progress");
        Ack noSolution = bot.platform.push(new Inbound.FormSubmission(IncidentMessages.ACTION_RESOLVE, "1",
                java.util.Map.of("root_cause", "dns"), Person.of("bob"), conversation(INC1), new ReplyHandle("bob"), "form-2"));
        assertThat(((Ack.FormErrors) noSolution).errors()).containsOnlyKeys("solution");
        assertThat(bot.snapshot()).isEqualTo(before);

        Ack ok = bot.platform.push(new Inbound.FormSubmission(IncidentMessages.ACTION_UPDATE, "1",
                java.util.Map.of("status", "Identified", "progress", "found it", "next", "roll back"), Person.of("bob"),
                conversation(INC1), new ReplyHandle("bob"), "form-3"));
        assertThat(ok).isInstanceOf(Ack.Reply.class);
        bot.awaitDelivered();
        assertThat(bot.platform.postsIn(INC1)).last().asString().contains("PROGRESS: found it", "CURRENT STATUS: Identified",
                "NEXT STEPS: roll back");
        assertThat(bot.string("SELECT status FROM incident WHERE id = 1")).isEqualTo("IDENTIFIED");
    }

    @Test
    void aReactionPinsTheMessageToTheTimeline() {
        declare();
        bot.platform.push(new Inbound.Reaction("pushpin", Person.of("bob"), conversation(INC1), "m9", Person.of("carol"),
                "error rate back to normal", "https://chat.example/m9", "react-1"));
        bot.platform.push(new Inbound.Reaction("pushpin", Person.of("bob"), conversation("#general"), "m10", Person.of("carol"),
                "lunch?", "https://chat.example/m10", "react-2"));
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "message_pinned");
        assertThat(bot.lastPayload(1, "message_pinned")).contains("carol", "error rate back to normal", "https://chat.example/m9");
    }

    @Test
    void concurrentCommandsAreAllAppliedWithAnUnbrokenTimeline() throws Exception {
        declare();
        java.util.concurrent.ExecutorService people = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Ack>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String text = i % 4 == 0 ? "sev3 side issue " + i : "INC-1 note observation " + i;
                answers.add(people.submit(() -> bot.command("p" + Thread.currentThread().getId(), "#general", text)));
            }
            for (java.util.concurrent.Future<Ack> answer : answers) {
                assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(Ack.Reply.class);
            }
        } finally {
            people.shutdown();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> bot.count("SELECT COUNT(*) FROM timeline_event WHERE incident_id = 1 AND type = 'note_added'") == 18);
        assertThat(bot.count("SELECT COUNT(*) FROM incident")).isEqualTo(7);
        assertThat(bot.count("SELECT COUNT(DISTINCT conversation_name) FROM incident")).isEqualTo(7);
        assertThat(bot.count("SELECT MAX(seq) FROM timeline_event WHERE incident_id = 1")).isEqualTo(19);
        assertThat(bot.app.database().read(c -> new dev.incidentbot.bot.store.ChainVerifier().verify(c, 1)).intact()).isTrue();
        bot.awaitDelivered();
        assertThat(bot.platform.effects("create")).hasSize(7);
    }
}
