package dev.incidentbot.bot.integration;

import dev.incidentbot.bot.command.Command;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.incident.Caller;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.store.IncidentSourceStore;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.integration.IncidentIntake;
import java.util.List;
import java.util.Optional;

/**
 * {@link IncidentIntake} over the engine: an inbound integration declares as the bot "from <source>" on the first
 * chat platform, announced in that platform's announce conversation, through the same transaction and outbox.
 */
public final class EngineIntake implements IncidentIntake {
    private final IncidentService service;
    private final BotConfig config;
    private final List<ChatPlatform> platforms;
    private final IncidentSourceStore sources = new IncidentSourceStore();

    public EngineIntake(IncidentService service, BotConfig config, List<ChatPlatform> platforms) {
        this.service = service;
        this.config = config;
        this.platforms = List.copyOf(platforms);
    }

    @Override
    public Optional<Long> findOpen(String source, String externalKey) {
        return service.read(c -> sources.findOpen(c, source, externalKey));
    }

    @Override
    public long declare(String source, String externalKey, String severity, String title) {
        String key = config.severity(severity).orElseThrow(() -> new IllegalArgumentException("unknown severity " + severity
                + " (known: " + String.join(", ", config.severities().stream().map(s -> s.key()).toList()) + ")")).key();
        if (platforms.isEmpty()) {
            throw new IllegalStateException("no chat platform to declare on");
        }
        ChatPlatform platform = platforms.get(0);
        ConversationRef where = platform.announceConversation().orElse(new ConversationRef("", "incidents"));
        Person bot = new Person(IncidentService.BOT.id(), "incident-bot (from " + source + ")");
        Caller caller = new Caller(platform, bot, where, new ReplyHandle(""), "");
        return service.declareFrom(caller, new Command.Declare(key, title, false),
                (tx, declared) -> sources.record(tx.c, source, externalKey, declared.number()));
    }

    @Override
    public void note(long incident, String source, String text) {
        service.write(tx -> {
            tx.event(tx.load(incident), new Person(IncidentService.BOT.id(), "incident-bot (from " + source + ")"),
                    new TimelineEvent.NoteAdded(text));
            return null;
        });
    }
}
