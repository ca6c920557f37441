package dev.incidentbot.bot.runner;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.incident.UnitOfWork;
import dev.incidentbot.bot.store.DiagnosticRunStore;
import dev.incidentbot.bot.store.RunState;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's progress on the record: its start and result on the timeline and in the channel, and the runs a restart
 * interrupted. Each step is its own engine transaction.
 */
final class RunProgress {
    private static final Logger log = LoggerFactory.getLogger(RunProgress.class);
    private static final int RECORD_TRIES = 24;
    private static final Duration RECORD_RETRY = Duration.ofSeconds(5);
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "diagnostic-record-retry");
        t.setDaemon(true);
        return t;
    });

    private final IncidentService service;

    RunProgress(IncidentService service) {
        this.service = service;
    }

    void started(RunRequest request) {
        record(request, (tx, i, id) -> {
            tx.diagnosticRuns().setState(id, RunState.RUNNING);
            tx.event(i, IncidentService.BOT, new TimelineEvent.DiagnosticStarted(request.runId()));
            String commandLine = tx.diagnosticRuns().find(id).map(DiagnosticRunStore.Run::commandLine).orElse("");
            tx.post(i, service.messages().notice(i, Text.plain("🔧 " + request.runId() + " running: " + commandLine)));
        });
    }

    void finished(RunRequest request, RunResult result) {
        record(request, (tx, i, id) -> {
            RunState state = result.timedOut() ? RunState.TIMED_OUT : result.exitCode().isPresent() ? RunState.FINISHED : RunState.FAILED;
            tx.diagnosticRuns().finish(id, state, tx.now(),
                    result.exitCode().isPresent() ? Optional.of(result.exitCode().getAsInt()) : Optional.empty(),
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
    void recoverInterrupted() {
        service.write(tx -> {
            for (DiagnosticRunStore.Run run : tx.diagnosticRuns().unfinished()) {
                Optional<Incident> i = tx.find(run.incident());
                tx.diagnosticRuns().finish(run.id(), RunState.INTERRUPTED, tx.now(), Optional.empty(), false,
                        "interrupted by a bot restart", "", "");
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
        void apply(UnitOfWork tx, Incident incident, long runId) throws SQLException;
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
                Optional<DiagnosticRunStore.Run> run = tx.diagnosticRuns().find(id);
                if (run.isPresent()) {
                    Optional<Incident> i = tx.find(run.get().incident());
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
}
