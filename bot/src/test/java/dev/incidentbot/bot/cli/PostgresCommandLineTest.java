package dev.incidentbot.bot.cli;

import static dev.incidentbot.bot.testing.InProcessCommandLine.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.DatabaseCopy;
import dev.incidentbot.bot.store.StorageTarget;
import dev.incidentbot.bot.testing.InProcessCommandLine.Result;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.bot.testing.TestPostgres;
import dev.incidentbot.bot.store.ChainVerifier;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selecting PostgreSQL on the command line, its one-line failures, and {@code migrate --to} from SQLite. */
@Tag("postgresql")
class PostgresCommandLineTest {
    @TempDir
    Path dir;

    private Path config(String storage) throws IOException {
        Path file = dir.resolve("incident-bot.yaml");
        String bundled = new String(PostgresCommandLineTest.class.getResourceAsStream("/config/incident-bot.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        Files.writeString(file, bundled.replaceFirst("(?m)^storage:\\n  path:.*\\n", "") + "\nstorage:\n" + storage);
        return file;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void checkConfigAndStartUpSayInOneLineThatTheDatabaseCannotBeReached() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/incidents";
        Path config = config("  url: " + url + "\n");

        Result check = run("check-config", "--config", config.toString());
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).singleElement().asString()
                .startsWith("incident-bot: cannot connect to the database at " + url + ": ")
                .contains("refused");

        Result serve = run("serve", "--config", config.toString(), "--http-port", "0");
        assertThat(serve.exit()).isEqualTo(2);
        assertThat(serve.err()).singleElement().asString().startsWith("incident-bot: cannot connect to the database at " + url);
    }

    @Test
    void aStorageUrlThatIsNotPostgresIsAConfigurationError() throws Exception {
        Path config = config("  url: mysql://db/incidents\n");
        Result check = run("check-config", "--config", config.toString());
        assertThat(check.exit()).isEqualTo(2);
        int urlLine = Files.readAllLines(config).indexOf("  url: mysql://db/incidents") + 1;
        assertThat(check.err()).contains("  storage.url: expected a PostgreSQL JDBC URL such as "
                + "jdbc:postgresql://db.example:5432/incidents (leave it out to use the SQLite file at storage.path)"
                + " (line " + urlLine + ")");
    }

    @Test
    void checkConfigNamesAReachablePostgresWithoutItsCredentials() throws Exception {
        StorageTarget.Postgres pg = TestPostgres.newDatabase();
        Result check = run("check-config", "--config", config("  url: " + pg.url() + "?user=postgres&password=s3cret\n").toString());
        assertThat(check.exit()).as(check.err().toString()).isZero();
        assertThat(check.out()).singleElement().asString().contains("database " + pg.url() + ",").doesNotContain("s3cret");
    }

    @Test
    void migrateCopiesEverythingIntoAnEmptyPostgresWhereTheBotCarriesOn() {
        Path data = dir.resolve("data");
        MutableClock clock = new MutableClock(TestBot.START);
        try (TestBot bot = TestBot.start(data)) {
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            bot.replyDelivered("bob", TestBot.INC1, "commander");
            bot.replyDelivered("bob", TestBot.INC1, "update found it status: identified");
            bot.replyDelivered("carol", "#ops", "sev2 search is slow");
            bot.replyDelivered("carol", "#ops", "INC-2 resolve reindexed");
            bot.replyDelivered("carol", "#ops", "INC-2 action rebuild the index alerts @dave");
            // The platform goes down: INC-3's messages wait in the outbox.
            bot.platform.failNext(Integer.MAX_VALUE);
            bot.reply("erin", "#general", "sev3 slow dashboards");
        }
        Map<String, Long> before;
        try (Database sqlite = Database.open(data.resolve("incident-bot.db"))) {
            before = DatabaseCopy.counts(sqlite);
        }
        assertThat(before.get("outbox")).isGreaterThan(0);

        StorageTarget.Postgres pg = TestPostgres.newDatabase();
        Result migrate = run("migrate", "--data-dir", data.toString(), "--to", pg.url() + "?user=postgres");
        assertThat(migrate.exit()).as(migrate.err().toString()).isZero();
        assertThat(migrate.out()).singleElement().asString().startsWith("Copied 3 incidents, " + before.get("timeline_event")
                + " timeline events, " + before.get("outbox") + " outbox rows and ");

        try (Database copy = Database.open(pg)) {
            assertThat(DatabaseCopy.counts(copy)).isEqualTo(before);
            for (long n = 1; n <= 3; n++) {
                long incident = n;
                assertThat(copy.read(c -> new ChainVerifier().verify(c, incident)).intact()).as("INC-%s", n).isTrue();
            }
        }
        // Into a database that is no longer empty: refused, nothing changed.
        Result again = run("migrate", "--data-dir", data.toString(), "--to", pg.url() + "?user=postgres");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).singleElement().asString().contains("the target database is not empty (3 incidents");

        // A bot on PostgreSQL delivers what waited, and numbers new incidents after the copied ones.
        InMemoryPlatform chat = new InMemoryPlatform();
        try (Application app = TestBot.create(data, file -> pg, chat, clock, Optional.empty(), UnaryOperator.identity())) {
            clock.advance(Duration.ofMinutes(5)); // past the backoff of the failed attempts
            app.start();
            assertThat(app.drain(Duration.ofSeconds(20))).isTrue();
            assertThat(chat.effects("create")).extracting(InMemoryPlatform.Effect::conversation)
                    .containsExactly("#inc-20371126-3-slow-dashboards");
            assertThat(PlainTextRenderer.render(((dev.incidentbot.chat.Ack.Reply) chat.command("frank", "#general",
                    "sev2 queue backlog")).message())).startsWith("Declaring INC-4 ");
            long next = app.database().read(c -> dev.incidentbot.bot.store.Sql.nextId(c, "incident"));
            assertThat(next).isEqualTo(5);
        }
    }

    @Test
    void migrateToSomethingThatIsNotPostgresIsAUsageError() {
        try (TestBot bot = TestBot.start(dir.resolve("data"))) {
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
        }
        Result r = run("migrate", "--data-dir", dir.resolve("data").toString(), "--to", "jdbc:sqlite:/tmp/x.db");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).singleElement().asString().contains("--to expects a PostgreSQL JDBC URL");
    }
}
