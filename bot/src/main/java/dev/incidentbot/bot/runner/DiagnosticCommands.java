package dev.incidentbot.bot.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.core.Command;
import dev.incidentbot.platform.Durations;
import dev.incidentbot.bot.incident.Caller;
import dev.incidentbot.bot.incident.DiagnosticsHandler;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Rejected;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.incident.UnitOfWork;
import dev.incidentbot.bot.store.DiagnosticRunStore;
import dev.incidentbot.bot.store.RunState;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine side of diagnostics: who may request and approve which run, and what goes on the timeline and into the
 * channel. Every request, decision, start and result is a timeline event; the process starts only after the
 * transaction that approved it has committed.
 */
public final class DiagnosticCommands implements DiagnosticsHandler, RunListener {
    private static final Pattern RUN_ID = Pattern.compile("(?i)r?(\\d{1,9})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IncidentService service;
    private final DiagnosticCatalog catalog;
    private final RunnerSettings settings;
    private final List<String> unavailable;
    private final RunProgress progress;
    private volatile DiagnosticRunner runner;

    public DiagnosticCommands(IncidentService service, DiagnosticCatalog catalog, RunnerSettings settings,
                              List<String> unavailable) {
        this.service = service;
        this.catalog = catalog;
        this.settings = settings;
        this.unavailable = List.copyOf(unavailable);
        this.progress = new RunProgress(service);
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
    public Ack run(UnitOfWork tx, Caller caller, Incident i, Command.RunDiagnostic run) throws SQLException {
        return request(tx, caller, i, run);
    }

    @Override
    public Ack approve(UnitOfWork tx, Caller caller, Incident i, Command.ApproveRun approve) throws SQLException {
        return approve(tx, caller, i, approve.runId());
    }

    @Override
    public Ack deny(UnitOfWork tx, Caller caller, Incident i, Command.DenyRun deny) throws SQLException {
        return deny(tx, caller, i, deny.runId(), deny.reason());
    }

    private Ack request(UnitOfWork tx, Caller caller, Incident i, Command.RunDiagnostic run) throws SQLException {
        requireOpen(i);
        if (!tx.participants(i).contains(caller.person().id())) {
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
        long id = tx.diagnosticRuns().insert(i.number(), run.name(), json(run.arguments()), line,
                approval.configName(), state, caller.person().id(), tx.now());
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

    private Ack approve(UnitOfWork tx, Caller caller, Incident i, String runId) throws SQLException {
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
        } else if (!tx.participants(i).contains(approver.id())) {
            throw new Rejected(run.label() + " needs approval by another participant of " + i.id() + ".");
        }
        Preparation prepared = catalog.prepare(run.diagnostic(), arguments(run.arguments()));
        if (prepared instanceof Preparation.Refused refused) {
            tx.diagnosticRuns().decide(run.id(), RunState.FAILED, approver.id(), tx.now());
            tx.event(i, approver, new TimelineEvent.DiagnosticDecided(run.label(), "refused", refused.reason()));
            return Ack.reply(run.label() + " can no longer run: " + refused.reason());
        }
        tx.diagnosticRuns().decide(run.id(), RunState.APPROVED, approver.id(), tx.now());
        tx.event(i, approver, new TimelineEvent.DiagnosticDecided(run.label(), "approved", "by " + approver.displayName()));
        PreparedCommand ready = ((Preparation.Ready) prepared).command();
        tx.afterCommit(() -> submit(run.label(), i, ready));
        return Ack.reply("Approved " + run.label() + "; running " + shown(ready) + ".");
    }

    private Ack deny(UnitOfWork tx, Caller caller, Incident i, String runId, String reason) throws SQLException {
        DiagnosticRunStore.Run run = pending(tx, i, runId);
        if (expired(tx, i, run)) {
            return Ack.reply(run.label() + " had already expired unapproved.");
        }
        if (!tx.participants(i).contains(caller.person().id())) {
            throw new Rejected("Only participants of " + i.id() + " can deny a run.");
        }
        tx.diagnosticRuns().decide(run.id(), RunState.DENIED, caller.person().id(), tx.now());
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

    private DiagnosticRunStore.Run pending(UnitOfWork tx, Incident i, String runId) throws SQLException {
        Matcher m = RUN_ID.matcher(runId);
        if (!m.matches()) {
            throw new Rejected("\"" + runId + "\" is not a run id; they look like R12.");
        }
        DiagnosticRunStore.Run run = tx.diagnosticRuns().find(Long.parseLong(m.group(1)))
                .filter(r -> r.incident() == i.number())
                .orElseThrow(() -> new Rejected("There is no run R" + m.group(1) + " in " + i.id() + "."));
        if (run.state() != RunState.PENDING) {
            throw new Rejected(run.label() + " is " + run.state().said() + ", not waiting for approval.");
        }
        return run;
    }

    private boolean expired(UnitOfWork tx, Incident i, DiagnosticRunStore.Run run) throws SQLException {
        if (run.requestedAt().plus(settings.approvalExpiry()).isAfter(tx.now())) {
            return false;
        }
        tx.diagnosticRuns().decide(run.id(), RunState.EXPIRED, "", tx.now());
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
        progress.started(request);
    }

    @Override
    public void finished(RunRequest request, RunResult result) {
        progress.finished(request, result);
    }

    /** Mark runs that were approved or running when the bot stopped; their processes died with it. */
    public void recoverInterrupted() {
        progress.recoverInterrupted();
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
