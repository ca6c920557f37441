package dev.incidentbot.bot;

import dev.incidentbot.bot.command.CommandParser;
import dev.incidentbot.bot.command.CommandRouter;
import dev.incidentbot.bot.incident.CommandWording;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.http.BotMetrics;
import dev.incidentbot.bot.http.HttpServer;
import dev.incidentbot.bot.http.Readiness;
import dev.incidentbot.bot.http.MountedHandler;
import dev.incidentbot.bot.incident.IncidentMessages;
import dev.incidentbot.bot.integration.ActiveIntegrations;
import dev.incidentbot.bot.integration.EngineIntake;
import dev.incidentbot.bot.integration.EngineIntegrationContext;
import dev.incidentbot.bot.integration.IntegrationCatalog;
import dev.incidentbot.bot.integration.IntegrationSignals;
import dev.incidentbot.bot.template.TextTemplates;
import dev.incidentbot.integration.HttpMount;
import dev.incidentbot.integration.Integration;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.outbox.LaneClaims;
import dev.incidentbot.bot.outbox.LeasedLanes;
import dev.incidentbot.bot.outbox.OutboxDispatcher;
import dev.incidentbot.bot.outbox.OutboxStore;
import dev.incidentbot.bot.reminder.ReminderFiring;
import dev.incidentbot.bot.reminder.ReminderScheduler;
import dev.incidentbot.bot.reminder.ReminderTimer;
import dev.incidentbot.bot.reminder.Reminders;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.PlatformStateStore;
import dev.incidentbot.bot.store.Vendor;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.bot.incident.TimelineExporter;
import dev.incidentbot.chat.ChatPlatform;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bot: engine, outbox dispatcher, reminders, HTTP endpoints and chat platforms, wired once. Start-up order puts the
 * dispatcher before the platforms, so whatever the outbox kept from the last run is delivered first.
 */
public final class Application implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Application.class);
    /** Slack allows 3 s for an acknowledgement; leave room for the network. */
    public static final Duration ACK_WITHIN = Duration.ofMillis(2000);
    /**
     * Lanes delivered at once: after an outage every incident's lane is due together, and 8 drained the drills' backlog
     * in 3.0 s where 4 took about 7 s (issue 12's target is 5 s).
     */
    static final int DELIVERY_WORKERS = 8;
    /** How long a replica's claim on an outbox lane lasts unrenewed (it renews every second): a dead one's lanes wait this long. */
    public static final Duration LANE_LEASE = Duration.ofSeconds(10);

    private final BotConfig config;
    private final Database db;
    private final List<ChatPlatform> platforms;
    private final IncidentService service;
    private final OutboxDispatcher dispatcher;
    private final OutboxStore outbox;
    private final CommandRouter router;
    private final BotMetrics metrics;
    private final Optional<HttpServer> http;
    private final Reminders reminders;
    private final ActiveIntegrations integrations;
    private final List<AutoCloseable> extras = new ArrayList<>();
    /** This process among the replicas sharing one database: holder of its leases. */
    private final String replica;
    private final Clock clock;
    private final DiagnosticsAssembly diagnosticsParts;
    private final ReadinessReport readiness;
    private volatile boolean platformsStarted;
    private final Housekeeping housekeeping = new Housekeeping();

    public Application(BotConfig config, TemplateRenderer templates, Database db, List<ChatPlatform> platforms,
                       Clock clock, Optional<Integer> httpPort, Map<String, HttpServlet> mounts) {
        this(config, templates, db, platforms, clock, httpPort, mounts, System.getenv());
    }

    /** {@code env} is where the integrations read their secrets (routing keys, API keys, the SMTP password). */
    public Application(BotConfig config, TemplateRenderer templates, Database db, List<ChatPlatform> platforms,
                       Clock clock, Optional<Integer> httpPort, Map<String, HttpServlet> mounts, Map<String, String> env) {
        this(config, templates, db, platforms, clock, httpPort, mounts, env, new ReminderScheduler(db));
    }

    /** With {@code timer} running the reminder jobs (Quartz on {@code db} in production; tests may drive their own). */
    public Application(BotConfig config, TemplateRenderer templates, Database db, List<ChatPlatform> platforms,
                       Clock clock, Optional<Integer> httpPort, Map<String, HttpServlet> mounts, Map<String, String> env,
                       ReminderTimer timer) {
        this.config = config;
        this.clock = clock;
        this.db = db;
        this.platforms = List.copyOf(platforms);
        this.outbox = new OutboxStore(db);
        this.metrics = new BotMetrics(db, config, outbox);
        String installation = new PlatformStateStore(db, "engine").getOrCreate("installation_id",
                () -> UUID.randomUUID().toString().substring(0, 8));
        this.replica = installation + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, ChatPlatform> byName = platforms.stream()
                .collect(Collectors.toMap(ChatPlatform::name, p -> p, (a, b) -> a, LinkedHashMap::new));
        // Replicas on PostgreSQL lease outbox lanes; the lease outlives a slow delivery, renewed every second.
        LaneClaims lanes = db.vendor() == Vendor.POSTGRESQL ? new LeasedLanes(db, replica, LANE_LEASE)
                : LaneClaims.EVERY_LANE;
        this.dispatcher = new OutboxDispatcher(db, outbox, byName, clock, installation, DELIVERY_WORKERS, metrics, lanes);
        IncidentMessages messages = new IncidentMessages(config, templates, CommandWording.of(platforms));
        this.service = new IncidentService(db, config, clock, messages, new TimelineExporter(config, templates, messages.wording()), outbox,
                dispatcher::wake);
        CommandParser parser = new CommandParser(word -> config.severity(word).isPresent(),
                config.severities().stream().map(SeverityLevel::typedAs).toList());
        this.router = new CommandRouter(parser, service, db, clock, ACK_WITHIN, metrics::command);
        this.reminders = new Reminders(db, config, timer, new ReminderFiring(service, config), clock);
        service.setPlanner(reminders);
        this.diagnosticsParts = DiagnosticsAssembly.attach(config, service, clock);
        extras.add(diagnosticsParts.runner());
        this.integrations = IntegrationCatalog.installed().create(config, env, new EngineIntegrationContext(clock,
                new TextTemplates(config.templatesDir()), new EngineIntake(service, config, platforms)));
        service.setIntegrations(new IntegrationSignals(integrations));
        service.setConversationLinks((name, conversation) -> Optional.ofNullable(byName.get(name))
                .flatMap(p -> p.conversationLink(conversation)).map(java.net.URI::toString));
        dispatcher.attachIntegrations(integrations.byName());
        Map<String, HttpServlet> allMounts = withIntegrationMounts(mounts, integrations);
        this.readiness = new ReadinessReport(db, outbox, dispatcher, this.platforms, () -> platformsStarted);
        this.http = httpPort.map(port -> new HttpServer("0.0.0.0", port, this::readinessReport, metrics::scrape, allMounts));
    }

    /** The platforms' mounts and each integration's; a path claimed twice stops the start. */
    private static Map<String, HttpServlet> withIntegrationMounts(Map<String, HttpServlet> mounts,
                                                                  ActiveIntegrations integrations) {
        Map<String, HttpServlet> all = new LinkedHashMap<>(mounts);
        for (Integration integration : integrations.all()) {
            for (HttpMount m : integration.mounts()) {
                if (all.putIfAbsent(m.path(), new MountedHandler(m.handler())) != null) {
                    throw new IllegalStateException(integration.name() + " wants " + m.path() + ", which is taken");
                }
            }
        }
        return all;
    }

    public void start() {
        http.ifPresent(HttpServer::start);
        dispatcher.start();
        integrations.startAll();
        reminders.start();
        reminders.replanAll();
        diagnosticsParts.commands().recoverInterrupted();
        for (ChatPlatform p : platforms) {
            p.start(router);
        }
        platformsStarted = true;
        housekeeping.runHeldCommands(router, platforms, db.vendor() == Vendor.POSTGRESQL, clock);
        housekeeping.leaveResolvedConversations(platforms, service);
        log.info("incident-bot ready: platforms {}, database {}{}", platforms.stream().map(ChatPlatform::name).toList(),
                db.describe(), http.map(h -> ", http port " + h.port()).orElse(""));
    }

    /** Something else to close with the application (the reminder scheduler, for instance). */
    public void closeWith(AutoCloseable resource) {
        extras.add(resource);
    }

    /** Each part and whether it is ready. */
    public Map<String, Boolean> readiness() {
        Map<String, Boolean> parts = new LinkedHashMap<>();
        readinessReport().forEach((part, state) -> parts.put(part, state.ready()));
        return parts;
    }

    /** Each part, whether it is ready, and why not (or what else to know): what /readyz shows. */
    public Map<String, Readiness> readinessReport() {
        return readiness.now();
    }

    public IncidentService service() {
        return service;
    }

    public OutboxDispatcher dispatcher() {
        return dispatcher;
    }

    public Database database() {
        return db;
    }

    public BotConfig config() {
        return config;
    }

    /** Processes the diagnostics sandbox has started; tests use it to show that a refused request started none. */
    public long diagnosticProcessesStarted() {
        return diagnosticsParts.sandbox().processesStarted();
    }

    public int httpPort() {
        return http.map(HttpServer::port).orElse(-1);
    }

    /** Deliver what is still in the outbox, waiting at most {@code timeout}. */
    public boolean drain(Duration timeout) {
        return dispatcher.drain(timeout);
    }

    @Override
    public void close() {
        housekeeping.close();
        for (ChatPlatform p : platforms) {
            try {
                p.stop();
            } catch (RuntimeException e) {
                log.warn("stopping {} failed", p.name(), e);
            }
        }
        for (AutoCloseable extra : extras) {
            try {
                extra.close();
            } catch (Exception e) {
                log.warn("closing {} failed", extra, e);
            }
        }
        router.close();
        integrations.stopAll();
        reminders.close();
        dispatcher.close();
        http.ifPresent(HttpServer::close);
        db.close();
    }
}
