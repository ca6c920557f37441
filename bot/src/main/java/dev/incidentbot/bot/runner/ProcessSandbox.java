package dev.incidentbot.bot.runner;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a checked command as a real process, never through a shell: argv only, environment scrubbed to PATH, LANG and
 * the variables the diagnostic lists, stdin from /dev/null, a fresh private working directory that is removed
 * afterwards, output capped while it is read and redacted, and the whole process tree killed at the timeout and
 * whatever is left of it when the program exits. With {@code isolation: bwrap} the program runs inside bubblewrap.
 */
public final class ProcessSandbox implements DiagnosticSandbox {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSandbox.class);
    private static final File NO_INPUT = new File("/dev/null");
    // Watch closely at first (fast forkers) and back off, so a long run costs little.
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
    // once the known tree is dead, the pipes close within microseconds unless a process we missed holds them
    private static final Duration PIPE_GRACE = Duration.ofMillis(50);

    private final RunnerSettings settings;
    private final Map<String, String> botEnvironment;
    private final List<Path> hiddenPaths;
    private final Path workRoot;
    private final Clock clock;
    private final Optional<Path> setsid;
    private final Optional<Path> unsetPwd;
    private final ExecutorService pumps;
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
        this.botEnvironment = Map.copyOf(botEnvironment);
        this.hiddenPaths = List.copyOf(hiddenPaths);
        this.workRoot = workRoot;
        this.clock = clock;
        // setsid makes the program the leader of a session of its own, so its background children can be found
        this.setsid = ExecutableSearch.find("setsid", settings.childPath());
        this.unsetPwd = ExecutableSearch.find("env", settings.childPath());
        AtomicInteger n = new AtomicInteger();
        this.pumps = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "diagnostic-output-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
            workDir = Files.createTempDirectory(workRoot, "incident-bot-run-");
        } catch (IOException | RuntimeException e) {
            return failed(d, shownArgv, startedAt, t0, "could not create a working directory: " + e.getMessage());
        }
        try {
            return runIn(command, workDir, shownArgv, startedAt, t0);
        } finally {
            removeTree(workDir);
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
        List<String> program = new ArrayList<>();
        program.add(d.executable().toString());
        program.addAll(command.argv().subList(1, command.argv().size()));
        List<String> argv = new ArrayList<>();
        setsid.ifPresent(s -> argv.addAll(List.of(s.toString(), "--wait")));
        if (settings.isolation() instanceof Isolation.Bubblewrap b) {
            if (unsetPwd.isPresent() && !program.get(0).contains("=")) {
                // bubblewrap always exports PWD; take it out again so the environment is exactly what we chose
                program.addAll(0, List.of(unsetPwd.get().toString(), "-u", "PWD", "--"));
            }
            argv.addAll(Bubblewrap.wrap(b.executable(), d, workDir, hiddenPaths, program));
        } else {
            argv.addAll(program);
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
        builder.environment().clear();
        builder.environment().putAll(environmentFor(d));

        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return failed(d, shownArgv, startedAt, t0, "could not start " + d.program() + ": " + e.getMessage());
        }
        // first thing after the start: the tree reads the leader's pipe identities while it surely still runs
        ProcessTree tree = new ProcessTree(process.toHandle(), setsid.isPresent(), startedAt);
        processesStarted.incrementAndGet();
        OutputCapture out = new OutputCapture(d.outputCapBytes());
        OutputCapture err = new OutputCapture(d.outputCapBytes());
        Future<?> outPump = pumps.submit(() -> pump(process.getInputStream(), out));
        Future<?> errPump = pumps.submit(() -> pump(process.getErrorStream(), err));

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
        if (!outputClosedWithin(PIPE_GRACE, outPump, errPump)) {
            // something outside every tree we know still writes to our pipes
            killed.addAll(tree.killPipeHolders());
        }
        int stray = killed.size() - (killed.contains(process.pid()) ? 1 : 0);
        drain(process, outPump, errPump);

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

    private Map<String, String> environmentFor(DiagnosticDefinition d) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", settings.childPath());
        env.put("LANG", botEnvironment.getOrDefault("LANG", "C.UTF-8"));
        for (String name : d.environment()) {
            if (!env.containsKey(name) && botEnvironment.containsKey(name)) {
                env.put(name, botEnvironment.get(name));
            }
        }
        return env;
    }

    private static void pump(InputStream in, OutputCapture capture) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                capture.append(buffer, 0, n);
            }
        } catch (IOException e) {
            // the pipe went away with the process; what was read is kept
        }
    }

    private static boolean outputClosedWithin(Duration grace, Future<?> outPump, Future<?> errPump) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            outPump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            errPump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    /** Waits for both streams to reach EOF; a process that escaped every net could hold them open forever. */
    private static void drain(Process process, Future<?> outPump, Future<?> errPump) {
        long deadline = System.nanoTime() + OUTPUT_DRAIN.toNanos();
        for (Future<?> pump : List.of(outPump, errPump)) {
            try {
                pump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("diagnostic output still open {} after its process tree was killed; keeping what was read",
                        OUTPUT_DRAIN);
                pump.cancel(true);
                closeQuietly(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("reading diagnostic output failed", e);
            }
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
            process.getErrorStream().close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private RunResult failed(DiagnosticDefinition d, List<String> argv, Instant startedAt, long t0, String reason) {
        return new RunResult(d.name(), argv, new Outcome.Failed(reason), startedAt,
                Duration.ofNanos(System.nanoTime() - t0), CapturedOutput.EMPTY, CapturedOutput.EMPTY, 0);
    }

    /** Removes the working directory even when the program left read-only directories in it; never follows links. */
    static void removeTree(Path root) {
        removeTree(root, true);
    }

    private static void removeTree(Path root, boolean mayRetry) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
                    try {
                        Files.setPosixFilePermissions(dir, perms);
                    } catch (UnsupportedOperationException | IOException e) {
                        // Best effort: whatever stays unwritable, the delete below reports.
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // a directory the program made unreadable: make it ours again and take it down separately
                    if (mayRetry && Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
                        removeTree(file, false);
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not remove diagnostic working directory {}: {}", root, e.toString());
        }
    }
}
