package dev.incidentbot.bot.command;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.IncidentId;
import dev.incidentbot.bot.core.IncidentRef;
import dev.incidentbot.bot.incident.Usage;
import dev.incidentbot.bot.incident.Caller;
import dev.incidentbot.bot.incident.IncidentMessages;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.template.TypedText;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.bot.store.StoreException;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.HeldCommand;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of the chat port: turns inbound events into commands, answers parse errors at once, and runs the
 * rest on the engine's own threads. The platform always gets its answer within {@code ackWithin}: when the engine is
 * slower, the sender hears "working on it" now and the result later, through the outbox.
 */
public final class CommandRouter implements dev.incidentbot.chat.InboundHandler {
    private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

    private final CommandParser parser;
    private final IncidentService service;
    static final String LATE = "Received; the bot is busy and will answer here shortly.";
    static final String NOT_HELD = "Received, but the bot is busy and could not save this command yet: if no answer "
            + "comes within a minute, send it again.";
    // Slack gives up at 3 s and Socket Mode acknowledges by itself at 2.5 s; the engine had ackWithin (2 s) of it.
    private static final Duration HOLD_WITHIN = Duration.ofMillis(400);

    private final Duration ackWithin;
    private final BiConsumer<String, String> outcomes;
    private final ExecutorService engine = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "engine");
        t.setDaemon(true);
        return t;
    });

    private final HeldCommands held;

    /** {@code outcomes} is told (command word, outcome) for metrics. */
    public CommandRouter(CommandParser parser, IncidentService service, Database db, Clock clock, Duration ackWithin,
                         BiConsumer<String, String> outcomes) {
        this.parser = parser;
        this.service = service;
        this.ackWithin = ackWithin;
        this.outcomes = outcomes;
        this.held = new HeldCommands(db, clock, HOLD_WITHIN);
    }

    @Override
    public Ack handle(ChatPlatform from, Inbound inbound) {
        if (inbound instanceof Inbound.Command c) {
            // Every command gets a delivery id, so one held over a crash is recognised if it ran before it.
            String delivery = c.deliveryId().isEmpty() ? "local:" + UUID.randomUUID() : c.deliveryId();
            Caller caller = new Caller(from, c.person(), c.conversation(), c.reply(), delivery);
            String typed = TypedText.encode(c.typed());
            ParseResult parsed = parser.parse(typed);
            if (parsed instanceof ParseResult.Invalid invalid) {
                outcomes.accept("Invalid", "rejected");
                return Ack.reply(invalid.message(from.commandPrefix()));
            }
            Command command = ((ParseResult.Parsed) parsed).command();
            if (command instanceof Command.Help) {
                outcomes.accept(CommandMetricLabel.of(command), "applied");
                return Ack.reply(Usage.help(from.commandPrefix()));
            }
            return onEngine(work(caller, command), caller, CommandMetricLabel.of(command), Optional.of(typed));
        }
        if (inbound instanceof Inbound.Action a) {
            // As for commands: a click held over a crash needs an id to be recognised if it ran before it.
            Caller caller = new Caller(from, a.person(), a.conversation(), a.reply(),
                    a.deliveryId().isEmpty() ? "local:" + UUID.randomUUID() : a.deliveryId());
            Optional<Long> number = number(a.value());
            if (number.isEmpty()) {
                return Ack.silent();
            }
            IncidentRef ref = new IncidentRef.Numbered(number.get());
            switch (a.actionId()) {
                // A button press is held over a crash as the command it stands for, typed.
                case IncidentMessages.ACTION_ACK:
                    return run(caller, new Command.Acknowledge(ref), Optional.of(IncidentId.format(number.get()) + " ack"));
                case IncidentMessages.ACTION_COMMANDER:
                    return run(caller, new Command.Commander(ref, ""),
                            Optional.of(IncidentId.format(number.get()) + " commander"));
                case IncidentMessages.ACTION_UPDATE:
                    return Ack.reply("Type: " + Usage.of("update", from.commandPrefix()));
                case IncidentMessages.ACTION_RESOLVE:
                    return Ack.reply("Type: " + Usage.of("resolve", from.commandPrefix()));
                default:
                    return Ack.silent();
            }
        }
        if (inbound instanceof Inbound.FormSubmission f) {
            return form(from, f);
        }
        if (inbound instanceof Inbound.Reaction r) {
            Caller caller = new Caller(from, r.person(), r.conversation(), new ReplyHandle(""), r.deliveryId());
            return onEngine(() -> service.pin(caller, r.author(), UserText.body(r.text()), r.permalink()), caller, "pin");
        }
        return Ack.silent();
    }

    @Override
    public void answerLater(ChatPlatform from, ReplyHandle reply, RichMessage message) {
        service.replyLater(from, reply, message);
    }

    private Ack form(ChatPlatform from, Inbound.FormSubmission f) {
        Caller caller = new Caller(from, f.person(), f.conversation(), f.reply(), f.deliveryId());
        Optional<Long> number = number(f.value());
        if (number.isEmpty()) {
            return Ack.silent();
        }
        IncidentRef ref = new IncidentRef.Numbered(number.get());
        Map<String, String> v = f.values();
        Map<String, String> errors = new HashMap<>();
        if (f.actionId().equals(IncidentMessages.ACTION_UPDATE)) {
            String status = clean(v, "status");
            Optional<Status> incidentStatus = Status.settable(status);
            UpdateGrammar.statusAnUpdateCannotSet(status).ifPresent(error -> errors.put("status", error));
            if (v.getOrDefault("progress", "").isBlank()) {
                errors.put("progress", "Say what you learned or did.");
            }
            if (!errors.isEmpty()) {
                return new Ack.FormErrors(errors);
            }
            return run(caller, new Command.Update(ref, CommandParser.clean(v.get("progress")),
                    incidentStatus, incidentStatus.isPresent() ? "" : status,
                    clean(v, "impact"), clean(v, "next"), clean(v, "eta")), Optional.empty());
        }
        if (f.actionId().equals(IncidentMessages.ACTION_RESOLVE)) {
            if (v.getOrDefault("solution", "").isBlank()) {
                return new Ack.FormErrors(Map.of("solution", "Say what fixed it."));
            }
            return run(caller, new Command.Resolve(ref, CommandParser.clean(v.get("solution")), clean(v, "root_cause"),
                    clean(v, "follow_up")), Optional.empty());
        }
        return Ack.silent();
    }

    private Supplier<IncidentService.Outcome> work(Caller caller, Command command) {
        return () -> {
            ShortHandles.Resolved resolved = ShortHandles.resolve(caller.platform(), caller.conversation(), command);
            if (resolved instanceof ShortHandles.Resolved.Ambiguous ambiguous) {
                return new IncidentService.Outcome(Ack.reply(ambiguous.question()), IncidentService.Outcome.Kind.REJECTED);
            }
            return service.execute(caller, ((ShortHandles.Resolved.Ready) resolved).command());
        };
    }

    private Ack run(Caller caller, Command command, Optional<String> typed) {
        return onEngine(() -> service.execute(caller, command), caller, CommandMetricLabel.of(command), typed);
    }

    private Ack onEngine(Supplier<IncidentService.Outcome> work, Caller caller, String word) {
        return onEngine(work, caller, word, Optional.empty());
    }

    /** {@code typed}: the command as typed, when it can be held over a crash if the engine is late. */
    private Ack onEngine(Supplier<IncidentService.Outcome> work, Caller caller, String word, Optional<String> typed) {
        CompletableFuture<IncidentService.Outcome> result = CompletableFuture.supplyAsync(work, engine);
        try {
            IncidentService.Outcome outcome = result.get(ackWithin.toMillis(), TimeUnit.MILLISECONDS);
            outcomes.accept(word, outcome.kind().name().toLowerCase(Locale.ROOT));
            return outcome.ack();
        } catch (TimeoutException e) {
            outcomes.accept(word, "late");
            result.whenComplete((outcome, error) -> {
                if (outcome != null && outcome.ack() instanceof Ack.Reply reply) {
                    answerLater(caller, reply.message());
                } else if (error != null) {
                    // The sender was promised an answer: give the true one, even when it is a failure.
                    answerLater(caller, RichMessage.text(failureAnswer(word, unwrap(error))));
                }
            });
            if (typed.isEmpty() || !held.hold(caller, typed.get(), result)) {
                // Not on disk (a form's fields have no typed form to keep): a crash now would lose it, so do not promise.
                return Ack.reply(NOT_HELD);
            }
            return Ack.reply(LATE);
        } catch (ExecutionException e) {
            outcomes.accept(word, "error");
            return Ack.reply(failureAnswer(word, e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Ack.reply("The bot is shutting down; try again in a moment.");
        }
    }

    /** What to tell the sender when the command failed: a storage fault by its cause, anything else as a bot error. */
    private String failureAnswer(String word, Throwable error) {
        if (error instanceof StoreException store) {
            outcomes.accept(word, "storage_fault");
            return store.answer();
        }
        log.error("{} failed", word, error);
        return "Something went wrong on the bot's side; nothing was changed. The error is in the bot's log.";
    }

    /** Through the outbox; straight to the platform when the database cannot take the row (the answer is about that). */
    private void answerLater(Caller caller, RichMessage message) {
        try {
            service.replyLater(caller, message);
        } catch (StoreException e) {
            try {
                caller.platform().reply(caller.reply(), message, true);
            } catch (RuntimeException unreachable) {
                log.error("could not answer {} after the acknowledgement", caller.person().id(), unreachable);
            }
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String clean(Map<String, String> values, String key) {
        return CommandParser.clean(values.getOrDefault(key, ""));
    }

    private static Optional<Long> number(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Run the held commands received before {@code cutoff} (those a dead process acknowledged as received but did not
     * finish), oldest first, and answer each sender. Those of platforms not running here are kept for a process that
     * runs them.
     */
    public void runHeld(Collection<ChatPlatform> running, java.time.Instant cutoff) {
        for (HeldCommand h : held.receivedBefore(cutoff)) {
            Optional<ChatPlatform> from = running.stream().filter(p -> p.name().equals(h.platform())).findFirst();
            if (from.isEmpty()) {
                log.warn("a command held for {} waits until that platform runs: {}", h.platform(), h.typed());
                continue;
            }
            Caller caller = new Caller(from.get(), new Person(h.personId(), h.personName()),
                    new ConversationRef(h.conversationId(), h.conversationName()), new ReplyHandle(h.replyHandle()),
                    h.deliveryId());
            ParseResult parsed = parser.parse(h.typed());
            try {
                RichMessage answer = parsed instanceof ParseResult.Invalid invalid
                        ? RichMessage.text(invalid.message(caller.platform().commandPrefix()))
                        : answerOf(CompletableFuture.supplyAsync(work(caller, ((ParseResult.Parsed) parsed).command()),
                        engine).join(), h.typed(), caller);
                answerLater(caller, answer);
                held.release(h.platform(), h.deliveryId());
            } catch (java.util.concurrent.CompletionException | StoreException e) {
                // Kept for the next start; the delivery id keeps it from being applied twice.
                log.error("a held command could not run now and is kept: {}", h.typed(), unwrap(e));
            }
        }
    }

    private static RichMessage answerOf(IncidentService.Outcome outcome, String typed, Caller caller) {
        if (outcome.kind() == IncidentService.Outcome.Kind.DUPLICATE) {
            return RichMessage.text("Recorded: " + caller.platform().commandPrefix() + " " + typed);
        }
        return outcome.ack() instanceof Ack.Reply reply ? reply.message()
                : RichMessage.text("Done: " + caller.platform().commandPrefix() + " " + typed);
    }

    public void close() {
        engine.shutdown();
        held.close();
    }
}
