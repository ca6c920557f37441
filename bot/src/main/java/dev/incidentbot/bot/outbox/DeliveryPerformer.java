package dev.incidentbot.bot.outbox;

import dev.incidentbot.bot.core.BotActor;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.IntegrationCallStore;
import dev.incidentbot.bot.store.MessageRefStore;
import dev.incidentbot.bot.store.StoredExternalRefs;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Attempt;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.integration.CallOutcome;
import dev.incidentbot.integration.Integration;
import dev.incidentbot.integration.OutboundCall;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs one outbox row: a chat delivery on its platform or an integration call. Knows where each kind goes (the
 * incident's own conversation, or where it was declared when that could not be created) and what to record with it.
 */
final class DeliveryPerformer {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Person BOT = BotActor.PERSON;

    private final Database db;
    private final OutboxStore outbox;
    private final Clock clock;
    private final IncidentStore incidents = new IncidentStore();
    private final MessageRefStore refs = new MessageRefStore();
    private final TimelineStore timeline = new TimelineStore();
    private final IntegrationCallStore integrationCalls = new IntegrationCallStore();
    private volatile Map<String, Integration> integrations = Map.of();

    DeliveryPerformer(Database db, OutboxStore outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    void attachIntegrations(Map<String, Integration> byName) {
        this.integrations = Map.copyOf(byName);
    }

    Map<String, Integration> integrations() {
        return integrations;
    }

    /** Perform an integration call; on success record its reference and a timeline line with the row. */
    Consequence call(OutboxRow row, OutboundCall call) {
        Integration integration = integrations.get(call.integration());
        if (integration == null) {
            throw new DeliveryException.Retryable("integration " + call.integration() + " is not configured in this run", null);
        }
        CallOutcome outcome = integration.perform(call,
                new StoredExternalRefs(db, row.incident(), call.integration(), clock));
        return c -> {
            if (outcome.externalRef().isPresent()) {
                integrationCalls.storeRef(c, row.incident(), call.integration(), call.idempotencyKey(),
                        outcome.externalRef().get(), clock.instant());
            }
            if (row.incident() != 0 && outcome.performed()) {
                timeline.append(c, row.incident(), BOT, clock.instant(), new TimelineEvent.IntegrationCalled(
                        call.integration(), call.action(), outcome.timelineLine().orElse(call.summary()),
                        outcome.externalRef().orElse("")));
            }
        };
    }

    Consequence deliver(ChatPlatform platform, OutboxRow row, Attempt attempt) {
        return row.delivery().accept(new Delivery.Visitor<Consequence>() {
            @Override
            public Consequence createConversation(Delivery.CreateConversation create) {
                ConversationRef created = platform.createConversation(create.spec(), attempt);
                return c -> incidents.setConversation(c, row.incident(), created);
            }

            @Override
            public Consequence reply(Delivery.Reply reply) {
                platform.reply(reply.handle(), reply.message(), reply.ephemeral());
                return Consequence.NOTHING;
            }

            @Override
            public Consequence post(Delivery.Post post) {
                Destination to = destination(post.target(), row);
                MessageRef ref = platform.post(to.where(), to.explained(post.message()), attempt);
                return post.refKey().isEmpty() ? Consequence.NOTHING : c -> refs.save(c, row.incident(), post.refKey(), ref);
            }

            @Override
            public Consequence announce(Delivery.Announce announce) {
                // Announce even when the incident conversation could not be created: people must still hear of it.
                Optional<ConversationRef> incident = db.read(c -> incidents.conversation(c, row.incident()));
                RichMessage message = incident.isPresent() ? withLink(announce.message(), incident.get())
                        : announce.message().withBlock(new Block.Paragraph(Text.plain(
                                "(the incident channel could not be created; follow it here)")));
                platform.post(announce.where(), message, attempt);
                return Consequence.NOTHING;
            }

            @Override
            public Consequence update(Delivery.Update update) {
                platform.update(messageRef(row, update.refKey()), update.message());
                return Consequence.NOTHING;
            }

            @Override
            public Consequence pin(Delivery.Pin pin) {
                platform.pin(messageRef(row, pin.refKey()));
                return Consequence.NOTHING;
            }

            @Override
            public Consequence invite(Delivery.Invite invite) {
                return inOwnConversation(invite, where -> platform.invite(where, invite.targets(), invite.reason()));
            }

            @Override
            public Consequence setTopic(Delivery.SetTopic topic) {
                return inOwnConversation(topic, where -> platform.setTopic(where, topic.topic()));
            }

            @Override
            public Consequence setModerator(Delivery.SetModerator mod) {
                return inOwnConversation(mod, where -> platform.setModerator(where, mod.person(), mod.moderator()));
            }

            @Override
            public Consequence rename(Delivery.Rename rename) {
                return inOwnConversation(rename, where -> platform.renameConversation(where, rename.name()));
            }

            @Override
            public Consequence leave(Delivery.Leave leave) {
                return inOwnConversation(leave, platform::leaveConversation);
            }

            /** These belong to the incident's own conversation, never to the one where it was declared. */
            private Consequence inOwnConversation(Delivery d, Consumer<ConversationRef> perform) {
                Destination to = destination(Delivery.Target.incident(), row);
                if (to.fallback().isPresent()) {
                    log.info("{} of INC-{} skipped: it has no conversation of its own", d.describe(), row.incident());
                } else {
                    perform.accept(to.where());
                }
                return Consequence.NOTHING;
            }

            @Override
            public Consequence upload(Delivery.Upload upload) {
                Destination to = destination(upload.target(), row);
                platform.upload(to.where(), upload.filename(), upload.content().getBytes(StandardCharsets.UTF_8),
                        to.fallback().map(why -> upload.comment() + " " + why).orElse(upload.comment()), attempt);
                return Consequence.NOTHING;
            }

            @Override
            public Consequence call(Delivery.Call call) {
                return DeliveryPerformer.this.call(row, call.call());
            }
        });
    }

    private static RichMessage withLink(RichMessage message, ConversationRef conversation) {
        List<Block> blocks = new ArrayList<>(message.blocks());
        if (!blocks.isEmpty() && blocks.get(blocks.size() - 1) instanceof Block.Paragraph p) {
            blocks.set(blocks.size() - 1, new Block.Paragraph(p.text().append(new Span.ConversationLink(conversation))));
        } else {
            blocks.add(new Block.Paragraph(Text.of(new Span.ConversationLink(conversation))));
        }
        return new RichMessage(message.header(), blocks, message.actions(), message.context());
    }

    /**
     * Where a message goes: its conversation, or the incident's own; when that could not be created (for good), the
     * conversation where the incident was declared, with a line saying so, rather than nowhere.
     */
    private record Destination(ConversationRef where, Optional<String> fallback) {
        RichMessage explained(RichMessage message) {
            return fallback.map(line -> message.withBlock(new Block.Paragraph(Text.plain(line)))).orElse(message);
        }
    }

    private Destination destination(Delivery.Target target, OutboxRow row) {
        if (target instanceof Delivery.Target.Conversation c) {
            return new Destination(c.ref(), Optional.empty());
        }
        return db.read(c -> {
            Optional<ConversationRef> own = incidents.conversation(c, row.incident());
            if (own.isPresent()) {
                return new Destination(own.get(), Optional.empty());
            }
            Optional<String> why = outbox.creationFailure(c, row.incident());
            Optional<ConversationRef> origin = incidents.origin(c, row.incident());
            if (why.isEmpty() || origin.isEmpty()) {
                throw new DeliveryException.Permanent("the incident conversation for INC-" + row.incident() + " was never created");
            }
            return new Destination(origin.get(), Optional.of("(INC-" + row.incident()
                    + "'s own channel could not be created (" + why.get() + "), so it continues here.)"));
        });
    }

    private MessageRef messageRef(OutboxRow row, String key) {
        return db.read(c -> refs.find(c, row.incident(), key)).orElseThrow(() ->
                new DeliveryException.Permanent("message " + key + " of INC-" + row.incident() + " was never posted"));
    }
}
