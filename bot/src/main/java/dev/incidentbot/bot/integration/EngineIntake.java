package dev.incidentbot.bot.integration;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.incident.Caller;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.incident.UnitOfWork;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.integration.IncidentIntake;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link IncidentIntake} over the engine: an inbound integration declares as the bot "from <source>" on the first
 * chat platform (or the one it names), announced in that platform's announce conversation (or the one it names),
 * through the same transaction and outbox.
 */
public final class EngineIntake implements IncidentIntake {
    /** The {@code external_ref} namespace of a source's entry keys, apart from integrations' own refs. */
    private static final String KEYS_OF = "intake:";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EngineIntake.class);

    private final IncidentService service;
    private final BotConfig config;
    private final List<ChatPlatform> platforms;

    public EngineIntake(IncidentService service, BotConfig config, List<ChatPlatform> platforms) {
        this.service = service;
        this.config = config;
        this.platforms = List.copyOf(platforms);
    }

    @Override
    public Optional<Long> findOpen(String source, String externalKey) {
        return service.read(r -> r.incidentSources().findOpen(source, externalKey));
    }

    @Override
    public long declare(String source, String externalKey, String severity, String title) {
        return declare(source, externalKey, severity, title, Optional.empty(), new Entry("", Set.of()));
    }

    @Override
    public long declare(String source, String externalKey, String severity, String title, Optional<Place> announceIn,
                        Entry first) {
        String key = config.severity(severity).orElseThrow(() -> new IllegalArgumentException("unknown severity " + severity
                + " (known: " + String.join(", ", config.severities().stream().map(s -> s.key()).toList()) + ")")).key();
        Caller caller = caller(source, announceIn);
        return service.writeOrDeclare(
                tx -> tx.incidentSources().findOpen(source, externalKey),
                caller, new Command.Declare(key, title, false),
                (tx, incident) -> {
                    tx.incidentSources().record(source, externalKey, incident.number());
                    addIn(tx, incident, source, first);
                },
                (tx, incident) -> addIn(tx, incident, source, first));
    }

    @Override
    public void note(long incident, String source, String text) {
        add(incident, source, new Entry(text, Set.of()), false);
    }

    @Override
    public void add(long incident, String source, Entry entry, boolean tellCommander) {
        service.write(tx -> {
            Incident i = tx.load(incident);
            addIn(tx, i, source, entry);
            if (tellCommander) {
                Text line = i.commander().map(ic -> Text.of(Span.Mention.of(ic), new Span.Plain(" ")))
                        .orElse(Text.of(new Span.Plain("(No commander yet.) ")));
                tx.post(i, service.messages().notice(i, line.append(new Span.Plain(entry.text()))));
            }
            return null;
        });
    }

    @Override
    public Set<String> known(long incident, String source) {
        return service.read(r -> r.integrationCalls().refKeys(incident, KEYS_OF + source));
    }

    private void addIn(UnitOfWork tx, Incident i, String source, Entry entry) throws SQLException {
        if (!entry.text().isEmpty()) {
            tx.event(i, bot(source), new TimelineEvent.NoteAdded(entry.text()));
        }
        for (String k : entry.keys()) {
            tx.integrationCalls().storeRef(i.number(), KEYS_OF + source, k, "noted", tx.now());
        }
    }

    private Caller caller(String source, Optional<Place> announceIn) {
        if (platforms.isEmpty()) {
            throw new IllegalStateException("no chat platform to declare on");
        }
        Optional<ChatPlatform> named = announceIn.flatMap(p -> platforms.stream().filter(c -> c.name().equals(p.platform())).findFirst());
        if (announceIn.isPresent() && named.isEmpty()) {
            LOG.warn("{} asks to announce on {}, which is not running; declaring on {} instead", source,
                    announceIn.get().platform(), platforms.get(0).name());
        }
        ChatPlatform platform = named.orElse(platforms.get(0));
        ConversationRef where = announceIn.filter(p -> p.platform().equals(platform.name()))
                .map(p -> new ConversationRef(p.conversation(), p.conversation()))
                .or(platform::announceConversation)
                .orElse(new ConversationRef("", "incidents"));
        return new Caller(platform, bot(source), where, new ReplyHandle(""), "");
    }

    private static Person bot(String source) {
        return new Person(IncidentService.BOT.id(), "incident-bot (from " + source + ")");
    }
}
