package dev.incidentbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.core.IncidentRef;
import dev.incidentbot.bot.incident.Usage;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {
    private static final BotConfig CONFIG = ConfigLoader.load(Optional.empty());
    private final CommandParser parser = new CommandParser(word -> CONFIG.severity(word).isPresent());
    private static final IncidentRef HERE = IncidentRef.here();

    private Command parse(String text) {
        ParseResult r = parser.parse(text);
        assertThat(r).as("parse of %s", text).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) r).command();
    }

    /** The input is rejected with a one-line error and the usage of {@code verb}. */
    private ParseResult.Invalid rejected(String text, String verb) {
        ParseResult r = parser.parse(text);
        assertThat(r).as("parse of %s", text).isInstanceOf(ParseResult.Invalid.class);
        ParseResult.Invalid invalid = (ParseResult.Invalid) r;
        assertThat(invalid.error()).as("error for %s", text).isNotBlank().doesNotContain("\n");
        assertThat(invalid.usage()).as("usage for %s", text).isEqualTo(Usage.of(verb)).startsWith("/incident");
        assertThat(invalid.message()).isEqualTo(invalid.error() + "\nUsage: " + invalid.usage());
        return invalid;
    }

    private static IncidentRef inc(long n) {
        return new IncidentRef.Numbered(n);
    }

    // --- declare and drill

    @ParameterizedTest
    @CsvSource({
        "sev1, sev1", "SEV1, sev1", "Sev-1, sev1", "p0, sev1", "P1, sev1", "critical, sev1", "CRITICAL, sev1",
        "sev2, sev2", "P2, sev2", "High, sev2", "major, sev2",
        "sev3, sev3", "p3, sev3", "Medium, sev3", "minor, sev3",
        "SEV4, sev4", "p4, sev4", "low, sev4", "sev-4, sev4",
    })
    void declaresWithAnySeverityNameOrAliasInAnyCase(String word, String key) {
        Command.Declare d = (Command.Declare) parse(word + " checkout API returns 500s");
        assertThat(d.title()).isEqualTo("checkout API returns 500s");
        assertThat(d.drill()).isFalse();
        assertThat(CONFIG.severity(d.severity())).map(s -> s.key()).contains(key);
    }

    @Test
    void drillDeclaresAPracticeIncident() {
        assertThat(parse("drill SEV2 game day: database failover"))
                .isEqualTo(new Command.Declare("sev2", "game day: database failover", true));
        assertThat(parse("DRILL p0 INC-3 replay")).isEqualTo(new Command.Declare("p0", "INC-3 replay", true));
        rejected("drill", "drill");
        rejected("drill sev1", "drill");
        assertThat(rejected("drill sev9 something", "drill").error()).contains("sev9");
    }

    @Test
    void severityWithoutTitleIsRejected() {
        rejected("sev1", "declare");
        rejected("critical   ", "declare");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"checkout\" is 'down' — says \"everyone\"",
        "🔥 payments 💳 down 🚨🚨",
        "<!channel> <!here> @room @everyone please look",
        "<script>alert('x')</script>",
        "*bold* _italic_ ~strike~ `code` [link](http://evil.example) <http://evil.example|click>",
        "<@U12345> &amp; &lt;b&gt; | pipes | \\backslash",
    })
    void titlesAreStoredVerbatim(String title) {
        assertThat(parse("sev1 " + title)).isEqualTo(new Command.Declare("sev1", title, false));
    }

    @Test
    void aTwoThousandCharacterTitleIsKeptWhole() {
        String title = "a".repeat(999) + " " + "b".repeat(1000);
        assertThat(title).hasSize(2000);
        assertThat(parse("sev2 " + title)).isEqualTo(new Command.Declare("sev2", title, false));
    }

    @Test
    void controlCharactersAreDroppedAndOuterWhitespaceTrimmed() {
        assertThat(parse("  sev1 db\u0007 down\u0000  ")).isEqualTo(new Command.Declare("sev1", "db down", false));
    }

    @Test
    void tooLongCommandsAreRejected() {
        rejected("sev1 " + "x".repeat(CommandParser.MAX_LENGTH), "help");
    }

    // --- anywhere

    @Test
    void listAndHelp() {
        assertThat(parse("list")).isEqualTo(new Command.ListIncidents());
        assertThat(parse("LIST")).isEqualTo(new Command.ListIncidents());
        rejected("list everything", "list");
        assertThat(parse("help")).isEqualTo(new Command.Help(""));
        assertThat(parse("help update")).isEqualTo(new Command.Help("update"));
    }

    // --- on an incident: here, id first, id after the verb

    @Test
    void ack() {
        assertThat(parse("ack")).isEqualTo(new Command.Acknowledge(HERE));
        assertThat(parse("acknowledge")).isEqualTo(new Command.Acknowledge(HERE));
        assertThat(parse("INC-7 ack")).isEqualTo(new Command.Acknowledge(inc(7)));
        assertThat(parse("ack INC-7")).isEqualTo(new Command.Acknowledge(inc(7)));
        assertThat(parse("ack inc-7")).isEqualTo(new Command.Acknowledge(inc(7)));
        assertThat(parse("#INC-12 ack")).isEqualTo(new Command.Acknowledge(inc(12)));
        rejected("ack please", "ack");
    }

    @Test
    void aliasVerbsTakeTheIdAfterTheVerbToo() {
        assertThat(parse("acknowledge INC-7")).isEqualTo(new Command.Acknowledge(inc(7)));
        assertThat(parse("ic INC-7 @bob")).isEqualTo(new Command.Commander(inc(7), "@bob"));
        assertThat(parse("severity INC-7 sev2")).isEqualTo(new Command.ChangeSeverity(inc(7), "sev2"));
    }

    @Test
    void commander() {
        assertThat(parse("commander")).isEqualTo(new Command.Commander(HERE, ""));
        assertThat(parse("ic")).isEqualTo(new Command.Commander(HERE, ""));
        assertThat(parse("commander @bob")).isEqualTo(new Command.Commander(HERE, "@bob"));
        assertThat(parse("commander <@U123|bob>")).isEqualTo(new Command.Commander(HERE, "<@U123|bob>"));
        assertThat(parse("commander INC-4 @bob")).isEqualTo(new Command.Commander(inc(4), "@bob"));
        assertThat(parse("INC-4 commander")).isEqualTo(new Command.Commander(inc(4), ""));
        rejected("commander bob", "commander");
        rejected("commander @bob @carol", "commander");
    }

    @Test
    void role() {
        assertThat(parse("role scribe @alice")).isEqualTo(new Command.AssignRole(HERE, "scribe", "@alice"));
        assertThat(parse("role Comms @bob")).isEqualTo(new Command.AssignRole(HERE, "comms", "@bob"));
        assertThat(parse("role ops-liaison @bob")).isEqualTo(new Command.AssignRole(HERE, "ops-liaison", "@bob"));
        assertThat(parse("INC-2 role scribe @alice")).isEqualTo(new Command.AssignRole(inc(2), "scribe", "@alice"));
        assertThat(parse("role INC-2 scribe @alice")).isEqualTo(new Command.AssignRole(inc(2), "scribe", "@alice"));
        assertThat(parse("role commander @bob")).isEqualTo(new Command.Commander(HERE, "@bob"));
        rejected("role", "role");
        rejected("role scribe", "role");
        rejected("role scribe alice", "role");
        rejected("role sc!ribe @alice", "role");
    }

    @Test
    void updateWithAllParts() {
        assertThat(parse("update Found the bad deploy status: identified impact: EU checkout fails next: roll back eta: 20 min"))
                .isEqualTo(new Command.Update(HERE, "Found the bad deploy", Optional.of(Status.IDENTIFIED), "EU checkout fails", "roll back", "20 min"));
        assertThat(parse("update Still looking"))
                .isEqualTo(new Command.Update(HERE, "Still looking", Optional.empty(), "", "", ""));
        assertThat(parse("update Rolled back STATUS: Mitigated ETA: soon"))
                .isEqualTo(new Command.Update(HERE, "Rolled back", Optional.of(Status.MITIGATED), "", "", "soon"));
        assertThat(parse("update next: watch graphs"))
                .isEqualTo(new Command.Update(HERE, "", Optional.empty(), "", "watch graphs", ""));
    }

    @Test
    void updateNamesItsIncidentFirstOrAfterTheVerb() {
        Command expected = new Command.Update(inc(7), "db failover done", Optional.of(Status.MONITORING), "", "", "");
        assertThat(parse("update INC-7 db failover done status: monitoring")).isEqualTo(expected);
        assertThat(parse("INC-7 update db failover done status: monitoring")).isEqualTo(expected);
        assertThat(parse("UPDATE inc7 db failover done status: monitoring")).isEqualTo(expected);
    }

    @Test
    void badUpdates() {
        rejected("update", "update");
        rejected("INC-7 update", "update");
        assertThat(rejected("update fixed status: resolved", "update").error()).contains("investigating", "resolve");
        assertThat(rejected("update x status: Declared", "update").error()).contains("investigating");
        rejected("update status: ", "update");
    }

    @Test
    void updateTakesThePlaybooksLabelsInAnyOrderAndCase() {
        // The issue's own example: "identified" is the status, not the start of the progress.
        assertThat(parse("update status: identified progress: rolled back deploy 42 next: watch error rate eta: 30m"))
                .isEqualTo(new Command.Update(HERE, "rolled back deploy 42", Optional.of(Status.IDENTIFIED), "", "watch error rate", "30m"));
        // The playbook's template, one label a line, upper case, long forms.
        assertThat(parse("update PROGRESS: rolled back deploy 42\nCURRENT STATUS: Monitoring\nIMPACT: EU only\n"
                + "NEXT STEPS: watch error rate\nETA: 30m"))
                .isEqualTo(new Command.Update(HERE, "rolled back deploy 42", Optional.of(Status.MONITORING), "EU only", "watch error rate", "30m"));
        assertThat(parse("update eta: 1h Next Steps: page db team current  status: investigating progress: still looking"))
                .isEqualTo(new Command.Update(HERE, "still looking", Optional.of(Status.INVESTIGATING), "", "page db team", "1h"));
        // Words that merely contain a label are text; text before a progress: label joins it.
        assertThat(parse("update prestatus: fine progress: ok"))
                .isEqualTo(new Command.Update(HERE, "prestatus: fine\nok", Optional.empty(), "", "", ""));
    }

    @Test
    void aStatusThatIsNotAnIncidentStatusIsTheServicesOwnStatus() {
        assertThat(parse("update rolled back status: degraded but serving eta: 30m"))
                .isEqualTo(new Command.Update(HERE, "rolled back", Optional.empty(), "degraded but serving", "", "", "30m"));
        assertThat(parse("update x status: identified and more"))
                .isEqualTo(new Command.Update(HERE, "x", Optional.empty(), "identified and more", "", "", ""));
        assertThat(parse("update current status: partial outage"))
                .isEqualTo(new Command.Update(HERE, "", Optional.empty(), "partial outage", "", "", ""));
    }

    @Test
    void sev() {
        assertThat(parse("sev sev2")).isEqualTo(new Command.ChangeSeverity(HERE, "sev2"));
        assertThat(parse("severity P2")).isEqualTo(new Command.ChangeSeverity(HERE, "p2"));
        assertThat(parse("sev INC-3 high")).isEqualTo(new Command.ChangeSeverity(inc(3), "high"));
        assertThat(parse("INC-3 sev Critical")).isEqualTo(new Command.ChangeSeverity(inc(3), "critical"));
        rejected("sev", "sev");
        rejected("sev sev9", "sev");
        rejected("sev sev1 now", "sev");
    }

    @Test
    void status() {
        for (String s : List.of("investigating", "identified", "monitoring", "mitigated")) {
            assertThat(parse("status " + s.toUpperCase())).isEqualTo(new Command.ChangeStatus(HERE, Status.settable(s).orElseThrow()));
        }
        assertThat(parse("INC-5 status monitoring")).isEqualTo(new Command.ChangeStatus(inc(5), Status.MONITORING));
        assertThat(parse("status INC-5 monitoring")).isEqualTo(new Command.ChangeStatus(inc(5), Status.MONITORING));
        rejected("status", "status");
        rejected("status resolved", "status");
        rejected("status declared", "status");
    }

    @Test
    void note() {
        assertThat(parse("note customer ticket #4411 <!channel> *see*"))
                .isEqualTo(new Command.Note(HERE, "customer ticket #4411 <!channel> *see*"));
        assertThat(parse("note INC-9 vendor confirmed")).isEqualTo(new Command.Note(inc(9), "vendor confirmed"));
        rejected("note", "note");
    }

    @Test
    void actionItems() {
        assertThat(parse("action Add alerting on 5xx @carol due:2026-12-01"))
                .isEqualTo(new Command.ActionItem(HERE, "Add alerting on 5xx", "@carol", "2026-12-01"));
        assertThat(parse("action Add alerting on 5xx due:2026-12-01 @carol"))
                .isEqualTo(new Command.ActionItem(HERE, "Add alerting on 5xx", "@carol", "2026-12-01"));
        assertThat(parse("action Add alerting @carol"))
                .isEqualTo(new Command.ActionItem(HERE, "Add alerting", "@carol", ""));
        assertThat(parse("action Add alerting DUE:2026-12-01"))
                .isEqualTo(new Command.ActionItem(HERE, "Add alerting", "", "2026-12-01"));
        assertThat(parse("INC-3 action Write runbook"))
                .isEqualTo(new Command.ActionItem(inc(3), "Write runbook", "", ""));
        assertThat(parse("action INC-3 Write runbook @dave"))
                .isEqualTo(new Command.ActionItem(inc(3), "Write runbook", "@dave", ""));
    }

    @Test
    void onlyTheLastWordsOfAnActionItemAreOwnerAndDue() {
        // "@bob" is part of the text: the owner comes after the text, the due date last.
        assertThat(parse("action email @bob now due:2026-12-01"))
                .isEqualTo(new Command.ActionItem(HERE, "email @bob now", "", "2026-12-01"));
        assertThat(parse("action ask @dave about it @carol due:2026-12-01"))
                .isEqualTo(new Command.ActionItem(HERE, "ask @dave about it", "@carol", "2026-12-01"));
    }

    @Test
    void badActionItems() {
        assertThat(rejected("action Fix it due:2026-13-45", "action").error()).contains("2026-13-45");
        rejected("action Fix it due:tomorrow", "action");
        rejected("action", "action");
        rejected("action @carol due:2026-12-01", "action");
    }

    @Test
    void resolve() {
        assertThat(parse("resolve Rolled back release root cause: bad config push follow-up: add config validation"))
                .isEqualTo(new Command.Resolve(HERE, "Rolled back release", "bad config push", "add config validation"));
        assertThat(parse("resolve Restarted the pods Root-Cause: leak Follow up: heap alerts"))
                .isEqualTo(new Command.Resolve(HERE, "Restarted the pods", "leak", "heap alerts"));
        assertThat(parse("resolve Fixed")).isEqualTo(new Command.Resolve(HERE, "Fixed", "", ""));
        assertThat(parse("INC-8 resolve Fixed followup: none"))
                .isEqualTo(new Command.Resolve(inc(8), "Fixed", "", "none"));
        assertThat(parse("resolve INC-8 Fixed")).isEqualTo(new Command.Resolve(inc(8), "Fixed", "", ""));
        rejected("resolve", "resolve");
        rejected("resolve root cause: bad config", "resolve");
    }

    @Test
    void timelineAndExport() {
        assertThat(parse("timeline")).isEqualTo(new Command.ShowTimeline(HERE));
        assertThat(parse("timeline INC-2")).isEqualTo(new Command.ShowTimeline(inc(2)));
        rejected("timeline please", "timeline");
        assertThat(parse("export")).isEqualTo(new Command.Export(HERE, "md"));
        assertThat(parse("export md")).isEqualTo(new Command.Export(HERE, "md"));
        assertThat(parse("export JSON")).isEqualTo(new Command.Export(HERE, "json"));
        assertThat(parse("INC-2 export json")).isEqualTo(new Command.Export(inc(2), "json"));
        assertThat(parse("export INC-2 json")).isEqualTo(new Command.Export(inc(2), "json"));
        rejected("export pdf", "export");
    }

    @Test
    void diagnosticsRunApproveDeny() {
        assertThat(parse("diagnostics")).isEqualTo(new Command.ListDiagnostics(HERE));
        assertThat(parse("run health api")).isEqualTo(new Command.RunDiagnostic(HERE, "health", List.of("api")));
        assertThat(parse("run logs service=api  lines=50"))
                .isEqualTo(new Command.RunDiagnostic(HERE, "logs", List.of("service=api", "lines=50")));
        assertThat(parse("INC-4 run health")).isEqualTo(new Command.RunDiagnostic(inc(4), "health", List.of()));
        assertThat(parse("approve r-12")).isEqualTo(new Command.ApproveRun(HERE, "r-12"));
        assertThat(parse("approve INC-4 r-12")).isEqualTo(new Command.ApproveRun(inc(4), "r-12"));
        assertThat(parse("deny r-12 too risky right now")).isEqualTo(new Command.DenyRun(HERE, "r-12", "too risky right now"));
        assertThat(parse("deny r-12")).isEqualTo(new Command.DenyRun(HERE, "r-12", ""));
        // a diagnostic's values reach the catalog as typed, to be refused there with the parameter's name:
        // control characters stay in (dropping the NUL would turn 80<NUL>80 into 8080) and length is its business
        assertThat(parse("run health port=80\u000080 x=\u0007")).isEqualTo(
                new Command.RunDiagnostic(HERE, "health", List.of("port=80\u000080", "x=\u0007")));
        assertThat(parse("INC-4 run\u0000 health\r\n")).isEqualTo(new Command.RunDiagnostic(inc(4), "health", List.of()));
        String longValue = "port=" + "9".repeat(CommandParser.MAX_LENGTH);
        assertThat(parse("run health " + longValue)).isEqualTo(new Command.RunDiagnostic(HERE, "health", List.of(longValue)));
        rejected("note " + "x".repeat(CommandParser.MAX_LENGTH), "help");
        rejected("run", "run");
        rejected("approve", "approve");
        rejected("approve r-1 r-2", "approve");
        rejected("deny", "deny");
    }

    // --- bad input

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "updte found it | update",
        "comander | commander",
        "resolv fixed | resolve",
        "exprot json | export",
        "timline | timeline",
        "INC-7 frobnicate | update",
        "lst | list",
    })
    void unknownCommandsGetTheClosestUsage(String text, String closest) {
        ParseResult.Invalid invalid = (ParseResult.Invalid) parser.parse(text);
        assertThat(invalid.error()).startsWith("Unknown command").doesNotContain("\n");
        if (!text.startsWith("INC-7")) {
            assertThat(invalid.usage()).isEqualTo(Usage.of(closest));
        }
    }

    @Test
    void emptyInputAndABareIdAreRejected() {
        rejected("", "help");
        rejected("   \t ", "help");
        rejected("INC-7", "update");
    }

    @Test
    void aSeverityAfterAnIdIsNotADeclare() {
        assertThat(parser.parse("INC-7 sev1 something")).isInstanceOf(ParseResult.Invalid.class);
    }

    @Test
    void usageNamesEveryCommand() {
        assertThat(Usage.help()).contains("/incident <severity> <title>", "/incident drill", "/incident list",
                "/incident ack", "/incident commander", "/incident role", "/incident update", "/incident sev",
                "/incident status", "/incident note", "/incident action", "/incident resolve", "/incident timeline",
                "/incident export", "/incident run", "/incident approve", "/incident deny");
    }
}
