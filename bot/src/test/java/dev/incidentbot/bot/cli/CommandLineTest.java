package dev.incidentbot.bot.cli;

import static dev.incidentbot.bot.testing.InProcessCommandLine.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.testing.InProcessCommandLine.Result;
import dev.incidentbot.bot.testing.TestBot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subcommands in-process, as {@code Main.main} configures them, against a database a bot left behind. */
class CommandLineTest {
    @TempDir
    Path data;

    @BeforeEach
    void aBotRanHere() {
        try (TestBot bot = TestBot.start(data)) {
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            bot.replyDelivered("bob", TestBot.INC1, "commander");
            bot.replyDelivered("bob", TestBot.INC1, "resolve rolled back");
        }
    }

    @Test
    void verifySaysWhetherTheChainIsIntactAndFromWhereItIsNot() throws Exception {
        Result ok = run("verify", "INC-1", "--data-dir", data.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).singleElement().asString().matches("INC-1: timeline intact \\(4 events, head [0-9a-f]{64}\\)");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("incident-bot.db"));
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE timeline_event SET actor_name = 'mallory' WHERE incident_id = 1 AND seq = 3"))
                    .isEqualTo(1);
        }
        Result broken = run("verify", "INC-1", "--data-dir", data.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).containsExactly("INC-1: timeline BROKEN from event 3 on: event 3 was changed after it was written");
    }

    @Test
    void listAndExportReadTheDataDirectory() {
        Result list = run("list", "--data-dir", data.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).singleElement().asString()
                .isEqualTo("INC-1\tSEV1\tresolved\t2037-11-26 10:00 UTC\tIC bob\tcheckout API returns 500s");
        Result md = run("export", "inc-1", "--data-dir", data.toString());
        assertThat(md.exit()).isZero();
        assertThat(md.out()).first().isEqualTo("# Post-Mortem: checkout API returns 500s");
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        for (String[] args : List.of(new String[] {"export"}, new String[] {"export", "INC-1", "--format"},
                new String[] {"verify", "INC-1", "INC-2"}, new String[] {"--nope"}, new String[] {"lsit"})) {
            Result r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.out()).isEmpty();
        }
        Result format = run("export", "INC-1", "--format", "pdf", "--data-dir", data.toString());
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).singleElement().asString().contains("md or json");
    }

    @Test
    void aMissingIncidentOrDatabaseIsOneLineAndCreatesNothing() {
        Result missing = run("verify", "INC-9", "--data-dir", data.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).containsExactly("INC-9 does not exist in this database; `incident-bot list` shows the incidents.");
        Result notAnId = run("export", "checkout", "--data-dir", data.toString());
        assertThat(notAnId.exit()).isEqualTo(1);
        assertThat(notAnId.err()).singleElement().asString().contains("not an incident id");

        Path nowhere = data.resolve("nowhere");
        Result noDb = run("list", "--data-dir", nowhere.toString());
        assertThat(noDb.exit()).isEqualTo(1);
        assertThat(noDb.err()).singleElement().asString().startsWith("No database at");
        assertThat(Files.exists(nowhere)).isFalse();
    }

    @Test
    void checkConfig() throws Exception {
        Result ok = run("check-config");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).singleElement().asString().startsWith("Configuration OK: 4 severities (sev1, sev2, sev3, sev4)");
        Path bad = Files.writeString(data.resolve("bad.yaml"), "severities:\n  sev1:\n    acknowledge_within: 15x\n    update_every: 1m\n");
        Result invalid = run("check-config", "--config", bad.toString());
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("  severities.sev1.acknowledge_within: \"15x\" is not a duration; write e.g. 90s, 15m, 4h or 1d (line 3)");
    }
}
