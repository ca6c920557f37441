package dev.incidentbot.bot.integration;

import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.bot.testing.DatabaseProbe;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real application with integrations, on a SQLite file and the in-memory chat platform, given a YAML config and
 * an environment (routing keys, API keys, SMTP password) as the process would read them.
 */
final class IntegrationBot implements AutoCloseable {
    final InMemoryPlatform chat = new InMemoryPlatform();
    final Application app;
    final Clock clock;
    private boolean closed;

    /** With {@code httpPort} (0: any free one), the bot's Jetty serves the integrations' mounts. */
    IntegrationBot(Path dir, String yaml, Map<String, String> env, Clock clock, Optional<Integer> httpPort) {
        this.clock = clock;
        BotConfig config = ConfigLoader.parse(yaml).withStoragePath(dir.resolve("bot.db"));
        TemplateRenderer templates = TemplateRenderer.load(config.templatesDir()).renderer().orElseThrow();
        app = new Application(config, templates, Database.open(config.storagePath()), List.of(chat), clock,
                httpPort, Map.of(), env);
        app.start();
    }

    /** Run {@code /incident <text>} as {@code person} in {@code conversation}; the bot's answer as text. */
    String command(String person, String conversation, String text) {
        int mark = chat.effects().size();
        Ack ack = chat.command(person, conversation, text);
        String answer = ack instanceof Ack.Reply r ? PlainTextRenderer.render(r.message()) : "";
        if (answer.contains("the bot is busy")) {
            // A loaded machine missed the acknowledgement window; the real answer follows through the outbox.
            String handle = person + "@" + conversation;
            await().atMost(Duration.ofSeconds(30)).until(() -> replyAfter(mark, handle) != null);
            return replyAfter(mark, handle);
        }
        return answer;
    }

    private String replyAfter(int mark, String handle) {
        List<InMemoryPlatform.Effect> all = chat.effects();
        return all.subList(mark, all.size()).stream().filter(e -> e.kind().equals("reply") && e.conversation().equals(handle))
                .map(InMemoryPlatform.Effect::text).findFirst().orElse(null);
    }

    String command(String person, String text) {
        return command(person, "#general", text);
    }

    /** The incident conversation of INC-{@code n} as the in-memory platform names it. */
    String channel(long n) {
        return "#" + app.service().find(n).orElseThrow().conversationName();
    }

    /** Wait until the outbox has nothing pending, moving a test clock on so backed-off retries fall due. */
    void drain() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (pending() == 0) {
                return true;
            }
            if (clock instanceof MutableClock m) {
                m.advance(Duration.ofSeconds(5));
            }
            app.dispatcher().wake();
            return false;
        });
    }

    /** Wait until the outbox has nothing pending without moving the clock: things happen "now". */
    void drainAtThisMoment() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> pending() == 0);
    }

    long pending() {
        return count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
    }

    long count(String sql, Object... params) {
        return DatabaseProbe.count(app.database(), sql, params);
    }

    List<TimelineEntry> timeline(long number) {
        return DatabaseProbe.timeline(app.database(), number);
    }

    List<TimelineEvent> events(long number, Class<? extends TimelineEvent> type) {
        return timeline(number).stream().map(TimelineStore::decode).filter(type::isInstance).map(e -> (TimelineEvent) e).toList();
    }

    /** The timeline as the people see it, one described event per line. */
    List<String> describedTimeline(long number) {
        return timeline(number).stream().map(e -> TimelineStore.decode(e).describe()).toList();
    }

    /** Stops the bot; a test may stop it to restart on the same directory, and {@link IntegrationBots} stops it again. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            app.close();
        }
    }
}
