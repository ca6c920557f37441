package dev.incidentbot.bot.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a checked command as a real process, never through a shell ({@link ChildProcessSpec}): a fresh private working
 * directory that is removed afterwards, output capped while it is read and redacted ({@link OutputPumps}), and the
 * whole process tree killed at the timeout and whatever is left of it when the program exits ({@link ProcessTree}).
 * With {@code isolation: bwrap} the program runs inside bubblewrap.
 */
public final class ProcessSandbox implements DiagnosticSandbox {
    // Watch closely at first (fast forkers) and back off, so a long run costs little.
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    // once the known tree is dead, the pipes close within microseconds unless a process we missed holds them
    private static final Duration PIPE_GRACE = Duration.ofMillis(50);

    private final RunnerSettings settings;
    private final ChildProcessSpec spec;
    private final Path workRoot;
    private final Clock clock;
    private final OutputPumps pumps = new OutputPumps();
    private final AtomicLong processesStarted = new AtomicLong();

    public ProcessSandbox(RunnerSettings settings) {
        this(settings, System.getenv(), List.of(), Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC());
    }

    /**
     * @param botEnvironment where the variables a diagnostic lists are taken from (normally {@code System.getenv()})
     * @param hiddenPaths    the bot's data directory and the like, masked inside a bubblewrap sandbox
     * @param workRoot       where the per-run working directories are created
     */
    public ProcessSandbox(RunnerSettings settings, Map<String, String> botEnvironment, List<Path> hiddenPaths,
                          Path workRoot, Clock clock) {
        this.settings = settings;
        this.spec = new ChildProcessSpec(settings, botEnvironment, hiddenPaths);
        this.workRoot = workRoot;
        this.clock = clock;
    }

    /** How many processes this sandbox has started, ever; tests use it to prove a bad request started nothing. */
    public long processesStarted() {
        return processesStarted.get();
    }

    @Override
    public RunResult run(PreparedCommand command) {
        DiagnosticDefinition d = command.diagnostic();
        Instant startedAt = clock.instant();
        long t0 = System.nanoTime();
        List<String> shownArgv = new ArrayList<>();
        for (String arg : command.argv()) {
            shownArgv.add(settings.redactor().redact(arg));
        }
        Path workDir;
        try {
            workDir = WorkDirectories.create(workRoot);
        } catch (IOException | RuntimeException e) {
            return failed(d, shownArgv, startedAt, t0, "could not create a working directory: " + e.getMessage());
        }
        try {
            return runIn(command, workDir, shownArgv, startedAt, t0);
        } finally {
            WorkDirectories.remove(workDir);
        }
    }

    private RunResult runIn(PreparedCommand command, Path workDir, List<String> shownArgv, Instant startedAt,
                            long t0) {
        DiagnosticDefinition d = command.diagnostic();
        if (!Files.isRegularFile(d.executable()) || !Files.isExecutable(d.executable())) {
            // checked here because through setsid or bwrap a missing program would look like an exit code 127
            return failed(d, shownArgv, startedAt, t0, "could not start " + d.executable()
                    + ": no longer an executable file");
        }
        Process process;
        try {
            process = spec.builder(command, workDir).start();
        } catch (IOException | RuntimeException e) {
            return failed(d, shownArgv, startedAt, t0, "could not start " + d.program() + ": " + e.getMessage());
        }
        // first thing after the start: the tree reads the leader's pipe identities while it surely still runs
        ProcessTree tree = new ProcessTree(process.toHandle(), spec.ownSession(), startedAt);
        processesStarted.incrementAndGet();
        OutputCapture out = new OutputCapture(d.outputCapBytes());
        OutputCapture err = new OutputCapture(d.outputCapBytes());
        OutputPumps.Reading reading = pumps.start(process, out, err);

        boolean timedOut = false;
        boolean cancelled = false;
        long deadline = t0 + d.timeout().toNanos();
        long poll = FIRST_POLL_NANOS;
        try {
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    timedOut = true;
                    break;
                }
                if (process.waitFor(Math.min(poll, remaining), TimeUnit.NANOSECONDS)) {
                    break;
                }
                tree.observe();
                poll = Math.min(poll * 2, MAX_POLL_NANOS);
            }
        } catch (InterruptedException e) {
            cancelled = true;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        Set<Long> killed = new HashSet<>(tree.killAll());
        if (!reading.closedWithin(PIPE_GRACE)) {
            // something outside every tree we know still writes to our pipes
            killed.addAll(tree.killPipeHolders());
        }
        int stray = killed.size() - (killed.contains(process.pid()) ? 1 : 0);
        reading.drain();

        Outcome outcome;
        if (cancelled) {
            outcome = new Outcome.Cancelled("the runner shut down");
        } else if (timedOut) {
            outcome = new Outcome.TimedOut(d.timeout());
        } else {
            outcome = new Outcome.Exited(process.exitValue());
        }
        RunResult result = new RunResult(d.name(), shownArgv, outcome, startedAt, elapsed,
                out.finish(settings.redactor()), err.finish(settings.redactor()), stray);
        if (cancelled) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private RunResult failed(DiagnosticDefinition d, List<String> argv, Instant startedAt, long t0, String reason) {
        return new RunResult(d.name(), argv, new Outcome.Failed(reason), startedAt,
                Duration.ofNanos(System.nanoTime() - t0), CapturedOutput.EMPTY, CapturedOutput.EMPTY, 0);
    }
}
