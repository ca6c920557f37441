package dev.incidentbot.bot.slack;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.bot.testing.DatabaseProbe;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.slack.SlackPlatform;
import dev.incidentbot.slack.SlackSettings;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.SignedSlackClient;
import dev.incidentbot.slack.testing.SignedSlackClient.SlashCommand;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot as it runs with Slack: {@link Application} with a {@link SlackPlatform} built from {@link SlackSettings}
 * that point at a {@link FakeSlackWebApi}, its servlet mounted at {@code /slack/events} on the Application's own Jetty
 * (HTTP port 0), a real SQLite file in {@code dir}. Plays Slack's side with a {@link SignedSlackClient}.
 */
final class SlackBot implements AutoCloseable {

    static final String SECRET = "e2e-signing-secret-0123456789abcdef";
    static final String ALICE = "U0ALICE01";
    static final String BOB = "U0BOB0001";
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeSlackWebApi fake;
    final SlackPlatform platform;
    final Application app;
    final SignedSlackClient slack;
    /** An ordinary channel with Alice, Bob and the bot in it, where incidents are declared. */
    final String general;
    private final AtomicInteger triggers = new AtomicInteger();

    SlackBot(Path dir) {
        this(dir, settings -> settings);
    }

    /** {@code webApiTimeout}: how long one Web API call may take before the outbox counts it as failed. */
    SlackBot(Path dir, Duration webApiTimeout) {
        this(dir, settings -> settings.withWebApiTimeout(webApiTimeout));
    }

    /** {@code customise}: changes to the settings the platform is built from (timeouts, transport). */
    SlackBot(Path dir, java.util.function.UnaryOperator<SlackSettings> customise) {
        this(dir, customise, workspace());
    }

    /** The bot restarted on {@code dir} against the workspace {@code before} ran on (its fake keeps running). */
    SlackBot(Path dir, SlackBot before) {
        this(dir, settings -> settings, before.fake);
    }

    private static FakeSlackWebApi workspace() {
        FakeSlackWebApi fake = FakeSlackWebApi.start();
        fake.addUser(ALICE, "alice", "alice@example.com");
        fake.addUser(BOB, "bob", "bob@example.com");
        fake.addChannel("general", ALICE, BOB);
        return fake;
    }

    private SlackBot(Path dir, java.util.function.UnaryOperator<SlackSettings> customise, FakeSlackWebApi fake) {
        this.fake = fake;
        general = fake.channelNamed("general").orElseThrow().id();
        BotConfig config = ConfigLoader.load(Optional.empty()).withStoragePath(dir.resolve("incident-bot.db"));
        TemplateRenderer templates = TemplateRenderer.load(config.templatesDir()).renderer().orElseThrow();
        platform = new SlackPlatform(customise.apply(SlackSettings.of(FakeSlackWebApi.TOKEN, SECRET)
                .withApiUrl(fake.apiUrl()).withWebApiTimeout(Duration.ofSeconds(20))));
        Database db = Database.open(config.storagePath());
        app = new Application(config, templates, db, List.of(platform), Clock.systemUTC(), Optional.of(0),
                Map.of(dev.incidentbot.slack.SlackPlatformProvider.EVENTS_PATH, platform.servlet()));
        app.start();
        slack = new SignedSlackClient(URI.create("http://127.0.0.1:" + app.httpPort() + dev.incidentbot.slack.SlackPlatformProvider.EVENTS_PATH),
                SECRET);
    }

    // ------------------------------------------------------------------ Slack's side

    HttpResponse<String> command(String text, String channelId, String channelName, String userId, String userName) {
        return slack.slashCommand(new SlashCommand("/incident", text, userId, userName, channelId, channelName,
                fake.newResponseUrl(), trigger()));
    }

    /** Alice types {@code /incident text} in #general. */
    HttpResponse<String> inGeneral(String text) {
        return command(text, general, "general", ALICE, "alice");
    }

    /** Alice types {@code /incident text} in the channel of incident {@code number}. */
    HttpResponse<String> inIncident(long number, String text) {
        return inIncident(number, text, ALICE, "alice");
    }

    HttpResponse<String> inIncident(long number, String text, String userId, String userName) {
        ConversationRef channel = channelOf(number);
        return command(text, channel.id(), channel.name(), userId, userName);
    }

    /** Clicks the button labelled {@code label} on the pinned initial message of incident {@code number}. */
    HttpResponse<String> click(long number, String label, String userId, String userName) {
        ConversationRef channel = channelOf(number);
        return slack.clickButton(initialMessage(number).blocks(), label, userId, userName, channel.id(),
                channel.name(), fake.newResponseUrl(), trigger());
    }

    /** Submits the modal opened last (as the platform sent it to views.open), typing {@code values}. */
    HttpResponse<String> submitLastModal(Map<String, String> values, String userId, String userName) {
        JsonNode view = fake.lastOpenedView().orElseThrow(() -> new AssertionError("no modal was opened"));
        return slack.submitView(view, values, userId, userName, trigger());
    }

    String trigger() {
        return "1334522460" + triggers.incrementAndGet() + ".738474920.8088930838d88f008e0";
    }

    // ------------------------------------------------------------------ what the bot did

    /** The incident's Slack channel, once conversations.create succeeded and the outbox stored it. */
    ConversationRef channelOf(long number) {
        return app.database().read(c -> new IncidentStore().conversation(c, number))
                .orElseThrow(() -> new AssertionError("INC-" + number + " has no channel yet"));
    }

    ConversationRef awaitChannel(long number) {
        await().atMost(WAIT).until(() -> app.database().read(c -> new IncidentStore().conversation(c, number))
                .isPresent());
        return channelOf(number);
    }

    Optional<Incident> incident(long number) {
        return app.service().find(number);
    }

    /** The first message in the incident channel: the initial message the bot pinned. */
    FakeSlackWebApi.Message initialMessage(long number) {
        List<FakeSlackWebApi.Message> messages = fake.messages(channelOf(number).id());
        if (messages.isEmpty()) {
            throw new AssertionError("nothing posted in INC-" + number + "'s channel yet");
        }
        return messages.get(0);
    }

    List<String> timelineTypes(long number) {
        return timeline(number).stream().map(TimelineEntry::type).toList();
    }

    List<TimelineEntry> timeline(long number) {
        return DatabaseProbe.timeline(app.database(), number);
    }

    long incidentCount() {
        return app.database().read(c -> new IncidentStore().recent(c, 1000).size());
    }

    /** Texts (the fallback text Slack shows in notifications) of the messages in {@code channelId}, in order. */
    List<String> texts(String channelId) {
        return fake.messages(channelId).stream().map(FakeSlackWebApi.Message::text).toList();
    }

    /** The Web API methods called so far, without the start-up auth.test. */
    List<String> methodsAfterStart() {
        return fake.methods().stream().filter(m -> !m.equals("auth.test")).toList();
    }

    /** Wait until the outbox has nothing left to perform: every side effect so far has reached Slack. */
    void awaitDrained() {
        await().atMost(WAIT).until(() -> app.drain(Duration.ofMillis(100)));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            fake.close();
        }
    }

    /** Stop the bot as a crash would leave things for the next start, keeping Slack (the fake) running. */
    void stopKeepingSlack() {
        app.close();
    }
}
