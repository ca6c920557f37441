package dev.incidentbot.bot.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.core.Command;
import dev.incidentbot.platform.Durations;
import dev.incidentbot.bot.incident.Caller;
import dev.incidentbot.bot.incident.DiagnosticsHandler;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.incident.Rejected;
import dev.incidentbot.bot.store.DiagnosticRunStore;
import dev.incidentbot.bot.store.RunState;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine side of diagnostics: who may request and approve which run, and what goes on the timeline and into the
 * channel. Every request, decision, start and result is a timeline event; the process starts only after the
 * transaction that approved it has committed.
 */
public final class DiagnosticCommands implements DiagnosticsHandler, RunListener {
    private static final Logger log = LoggerFactory.getLogger(DiagnosticCommands.class);
    private static final Pattern RUN_ID = Pattern.compile("(?i)r?(\\d{1,9})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int RECORD_TRIES = 24;
    private static final Duration RECORD_RETRY = Duration.ofSeconds(5);
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "diagnostic-record-retry");
        t.setDaemon(true);
        return t;
    });

    private final IncidentService service;
    private final DiagnosticCatalog catalog;
    private final RunnerSettings settings;
    private final List<String> unavailable;
    private final DiagnosticRunStore runs = new DiagnosticRunStore();
    private final IncidentStore incidents = new IncidentStore();
    private volatile DiagnosticRunner runner;

    public DiagnosticCommands(IncidentService service, DiagnosticCatalog catalog, RunnerSettings settings,
                              List<String> unavailable) {
        this.service = service;
        this.catalog = catalog;
        this.settings = settings;
        this.unavailable = List.copyOf(unavailable);
    }

    /** The runner is built with this object as its listener, so it is attached afterwards. */
    public void attach(DiagnosticRunner runner) {
        this.runner = runner;
    }

    @Override
    public Ack list(String commandPrefix) {
        if (catalog.all().isEmpty() && unavailable.isEmpty()) {
            return DiagnosticsHandler.NONE.list(commandPrefix);
        }
        StringBuilder s = new StringBuilder("Diagnostics (run one in an incident channel with " + commandPrefix
                + " run <name> [param=value ...]):\n");
        for (DiagnosticDefinition d : catalog.all()) {
            s.append("  ").append(d.usage()).append(" — ").append(d.description());
            if (d.approval() != Approval.NONE) {
                s.append(" (needs ").append(d.approval().configName()).append(" approval)");
            }
            s.append('\n');
            d.parameterHelp().forEach(p -> s.append("      ").append(p).append('\n'));
        }
        unavailable.forEach(u -> s.append("  unavailable here: ").append(u).append('\n'));
        return Ack.reply(s.toString().stripTrailing());
    }

    @Override
    public Ack run(IncidentService.Tx tx, Caller caller, Incident i, Command.RunDiagnostic run) throws SQLException {
        return request(tx, caller, i, run);
    }

    @Override
    public Ack approve(IncidentService.Tx tx, Caller caller, Incident i, Command.ApproveRun approve) throws SQLException {
        return approve(tx, caller, i, approve.runId());
    }

    @Override
    public Ack deny(IncidentService.Tx tx, Caller caller, Incident i, Command.DenyRun deny) throws SQLException {
        return deny(tx, caller, i, deny.runId(), deny.reason());
    }

    private Ack request(IncidentService.Tx tx, Caller caller, Incident i, Command.RunDiagnostic run) throws SQLException {
        requireOpen(i);
        if (!service.participants(tx.c, i).contains(caller.person().id())) {
            throw new Rejected("Only participants of " + i.id() + " can run diagnostics; join in first (e.g. /incident ack or a note).");
        }
        Optional<String> missing = unavailable.stream().filter(u -> u.startsWith(run.name() + ":")).findFirst();
        if (missing.isPresent() && catalog.find(run.name()).isEmpty()) {
            throw new Rejected(run.name() + " is not available on this host: " + missing.get().substring(run.name().length() + 2));
        }
        Preparation prepared = catalog.prepare(run.name(), run.arguments());
        if (prepared instanceof Preparation.Refused refused) {
            throw new Rejected(refused.reason());
        }
        PreparedCommand ready = ((Preparation.Ready) prepared).command();
        Approval approval = ready.diagnostic().approval();
        RunState state = approval == Approval.NONE ? RunState.APPROVED : RunState.PENDING;
        String line = shown(ready);
        long id = runs.insert(tx.c, i.number(), run.name(), json(run.arguments()), line,
                approval.configName(), state, caller.person().id(), tx.now);
        String label = "R" + id;
        tx.event(i, caller.person(), new TimelineEvent.DiagnosticRequested(label, run.name(), line,
                approval.configName()));
        if (approval == Approval.NONE) {
            tx.afterCommit(() -> submit(label, i, ready));
            return Ack.reply("Running " + label + ": " + line + ". The output will be posted in #" + i.conversationName() + ".");
        }
        String who = approval == Approval.COMMANDER ? "the commander" : "another responder";
        String cmd = service.messages().wording().prefix(i.platform());
        // The commander who must approve is mentioned, so the request reaches them.
        Span approver = approval == Approval.COMMANDER && i.commander().isPresent()
                ? Span.Mention.of(i.commander().get())
                : new Span.Plain(approval == Approval.COMMANDER ? "the commander (nobody has taken command yet)" : who);
        tx.post(i, service.messages().notice(i, Text.of(new Span.Plain("🔧 "), Span.Mention.of(caller.person()),
                new Span.Plain(" asks to run " + label + ": " + line + ". It needs approval by "), approver,
                new Span.Plain(": " + cmd + " approve " + label + " (or " + cmd + " deny " + label + " <reason>) within "
                        + Durations.format(settings.approvalExpiry()) + "."))));
        return Ack.reply(label + " is waiting for approval by " + who + ".");
    }

    private Ack approve(IncidentService.Tx tx, Caller caller, Incident i, String runId) throws SQLException {
        DiagnosticRunStore.Run run = pending(tx, i, runId);
        requireOpen(i);
        if (expired(tx, i, run)) {
            return Ack.reply(run.label() + " expired unapproved; request it again with "
                    + caller.platform().commandPrefix() + " run " + run.diagnostic() + ".");
        }
        Person approver = caller.person();
        if (approver.id().equals(run.requestedBy())) {
            throw new Rejected("Nobody approves their own run; ask " + (run.approval().equals("commander") ? "the commander" : "another responder") + ".");
        }
        if (run.approval().equals(Approval.COMMANDER.configName())) {
            Optional<Person> commander = i.commander();
            if (commander.isEmpty() || !commander.get().id().equals(approver.id())) {
                throw new Rejected(run.label() + " needs the commander's approval" + commander.map(p -> " (" + p.displayName() + ")")
                        .orElse("; nobody has taken command yet") + ".");
            }
        } else if (!service.participants(tx.c, i).contains(approver.id())) {
            throw new Rejected(run.label() + " needs approval by another participant of " + i.id() + ".");
        }
        Preparation prepared = catalog.prepare(run.diagnostic(), arguments(run.arguments()));
        if (prepared instanceof Preparation.Refused refused) {
            runs.decide(tx.c, run.id(), RunState.FAILED, approver.id(), tx.now);
            tx.event(i, approver, new TimelineEvent.DiagnosticDecided(run.label(), "refused", refused.reason()));
            return Ack.reply(run.label() + " can no longer run: " + refused.reason());
        }
        runs.decide(tx.c, run.id(), RunState.APPROVED, approver.id(), tx.now);
        tx.event(i, approver, new TimelineEvent.DiagnosticDecided(run.label(), "approved", "by " + approver.displayName()));
        PreparedCommand ready = ((Preparation.Ready) prepared).command();
        tx.afterCommit(() -> submit(run.label(), i, ready));
        return Ack.reply("Approved " + run.label() + "; running " + shown(ready) + ".");
    }

    private Ack deny(IncidentService.Tx tx, Caller caller, Incident i, String runId, String reason) throws SQLException {
        DiagnosticRunStore.Run run = pending(tx, i, runId);
        if (expired(tx, i, run)) {
            return Ack.reply(run.label() + " had already expired unapproved.");
        }
        if (!service.participants(tx.c, i).contains(caller.person().id())) {
            throw new Rejected("Only participants of " + i.id() + " can deny a run.");
        }
        runs.decide(tx.c, run.id(), RunState.DENIED, caller.person().id(), tx.now);
        tx.event(i, caller.person(), new TimelineEvent.DiagnosticDecided(run.label(), "denied", reason));
        tx.post(i, service.messages().notice(i, Text.of(Span.Mention.of(caller.person()),
                new Span.Plain(" denied " + run.label() + (reason.isEmpty() ? "." : ": " + reason)))));
        return Ack.reply("Denied " + run.label() + ".");
    }

    private static void requireOpen(Incident i) {
        if (!i.isOpen()) {
            throw new Rejected(i.id() + " is resolved; diagnostics run only for open incidents.");
        }
    }

    private DiagnosticRunStore.Run pending(IncidentService.Tx tx, Incident i, String runId) throws SQLException {
        Matcher m = RUN_ID.matcher(runId);
        if (!m.matches()) {
            throw new Rejected("\"" + runId + "\" is not a run id; they look like R12.");
        }
        DiagnosticRunStore.Run run = runs.find(tx.c, Long.parseLong(m.group(1)))
                .filter(r -> r.incident() == i.number())
                .orElseThrow(() -> new Rejected("There is no run R" + m.group(1) + " in " + i.id() + "."));
        if (run.state() != RunState.PENDING) {
            throw new Rejected(run.label() + " is " + run.state().said() + ", not waiting for approval.");
        }
        return run;
    }

    private boolean expired(IncidentService.Tx tx, Incident i, DiagnosticRunStore.Run run) throws SQLException {
        if (run.requestedAt().plus(settings.approvalExpiry()).isAfter(tx.now)) {
            return false;
        }
        runs.decide(tx.c, run.id(), RunState.EXPIRED, "", tx.now);
        tx.event(i, IncidentService.BOT, new TimelineEvent.DiagnosticDecided(run.label(), "expired",
                "not approved within " + Durations.format(settings.approvalExpiry())));
        return true;
    }

    /**
     * The command line as people see it, each argv element redacted as the run's result shows it: a secret in a
     * configured argv stays out of the replies, the approval notice, the timeline and the run record.
     */
    private String shown(PreparedCommand command) {
        return PreparedCommand.displayLine(command.argv().stream().map(settings.redactor()::redact).toList());
    }

    private void submit(String label, Incident i, PreparedCommand command) {
        runner.submit(new RunRequest(label, i.id(), command));
    }

    @Override
    public void started(RunRequest request) {
        record(request, (tx, i, id) -> {
            runs.setState(tx.c, id, RunState.RUNNING);
            tx.event(i, IncidentService.BOT, new TimelineEvent.DiagnosticStarted(request.runId()));
            String commandLine = runs.find(tx.c, id).map(DiagnosticRunStore.Run::commandLine).orElse("");
            tx.post(i, service.messages().notice(i, Text.plain("🔧 " + request.runId() + " running: " + commandLine)));
        });
    }

    @Override
    public void finished(RunRequest request, RunResult result) {
        record(request, (tx, i, id) -> {
            RunState state = result.timedOut() ? RunState.TIMED_OUT : result.exitCode().isPresent() ? RunState.FINISHED : RunState.FAILED;
            runs.finish(tx.c, id, state, tx.now, result.exitCode().isPresent() ? result.exitCode().getAsInt() : null,
                    result.timedOut(), result.statusLine(), result.stdout().text(), result.stderr().text());
            String summary = result.chatSummary();
            tx.event(i, IncidentService.BOT, new TimelineEvent.DiagnosticFinished(request.runId(), result.statusLine(),
                    result.exitCode().orElse(-1), result.timedOut(), result.duration().toMillis(), summary));
            RichMessage message = service.messages().notice(i, Text.of(new Span.Strong("🔧 " + request.runId() + " · "
                    + result.commandLine()), new Span.Plain("\n" + result.statusLine())));
            tx.post(i, message.withBlock(new Block.Code(summary.isEmpty() ? "(no output)" : summary)));
        });
    }

    /** Mark runs that were approved or running when the bot stopped; their processes died with it. */
    public void recoverInterrupted() {
        service.write(tx -> {
            for (DiagnosticRunStore.Run run : runs.unfinished(tx.c)) {
                Optional<Incident> i = incidents.find(tx.c, run.incident());
                runs.finish(tx.c, run.id(), RunState.INTERRUPTED, tx.now, null, false, "interrupted by a bot restart", "", "");
                if (i.isPresent()) {
                    tx.event(i.get(), IncidentService.BOT, new TimelineEvent.DiagnosticFinished(run.label(),
                            "interrupted by a bot restart; request it again", -1, false, 0, ""));
                }
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface RunStep {
        void apply(IncidentService.Tx tx, Incident incident, long runId) throws SQLException;
    }

    private void record(RunRequest request, RunStep step) {
        record(request, step, 1);
    }

    /**
     * Record a run's progress; when the database refuses (a full disk), try again a few times over two minutes rather
     * than leave the run "running" for good. A restart still marks whatever is left running as interrupted.
     */
    private void record(RunRequest request, RunStep step, int attempt) {
        long id = Long.parseLong(request.runId().substring(1));
        try {
            service.write(tx -> {
                Optional<DiagnosticRunStore.Run> run = runs.find(tx.c, id);
                if (run.isPresent()) {
                    Optional<Incident> i = incidents.find(tx.c, run.get().incident());
                    if (i.isPresent()) {
                        step.apply(tx, i.get(), id);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (attempt >= RECORD_TRIES) {
                log.error("could not record diagnostic {} progress after {} tries; a restart marks it interrupted",
                        request.runId(), attempt, e);
                return;
            }
            log.warn("could not record diagnostic {} progress ({}); trying again in {} s", request.runId(),
                    e.getMessage(), RECORD_RETRY.toSeconds());
            RETRIES.schedule(() -> record(request, step, attempt + 1), RECORD_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String json(List<String> words) {
        try {
            return JSON.writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> arguments(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable run arguments " + json, e);
        }
    }
}
