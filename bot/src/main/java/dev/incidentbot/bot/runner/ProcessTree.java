package dev.incidentbot.bot.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Everything a run started, so all of it can be killed. Three nets, because each alone leaks: the live descendants
 * of the leader; every descendant seen while the run was being watched (a child that double-forked away is still
 * remembered); and, on Linux, every process in the leader's session or in a session a descendant created, which
 * catches background children re-parented to init before we ever saw them. A last net, used only when output is
 * still open after the others, kills whatever holds the run's stdout or stderr pipe. A daemon that closes its stdio,
 * leaves every session and is orphaned between two observations can still escape; bubblewrap's PID namespace closes
 * that gap.
 */
final class ProcessTree {
    private static final long OWN_PID = ProcessHandle.current().pid();
    private static final long OWN_SESSION = ProcStat.read(OWN_PID).map(ProcStat::session).orElse(-1L);
    private static final int KILL_ROUNDS = 20;

    private final ProcessHandle leader;
    private final Instant notBefore;
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    private final Set<Long> sessions = new HashSet<>();
    private final Set<String> pipes = new HashSet<>();

    /**
     * @param leaderOwnsSession the leader was started through setsid, so its session is ours alone to kill
     * @param startedAt         processes older than this (less clock slack) are never ours, whatever their pid
     */
    ProcessTree(ProcessHandle leader, boolean leaderOwnsSession, Instant startedAt) {
        this.leader = leader;
        this.notBefore = startedAt.minus(Duration.ofSeconds(2));
        if (leaderOwnsSession && leader.pid() != OWN_SESSION) {
            sessions.add(leader.pid());
        }
        learnPipes(leader.pid());
    }

    /** The identities of the run's output pipes, from any process of the run that still has them open. */
    private void learnPipes(long pid) {
        if (!pipes.isEmpty()) {
            return;
        }
        for (String fd : List.of("1", "2")) {
            String link = ProcStat.readLink(Path.of("/proc", Long.toString(pid), "fd", fd));
            if (link.startsWith("pipe:")) {
                pipes.add(link);
            }
        }
    }

    /** Kills every process of this run still holding its stdout or stderr pipe; returns the pids killed. */
    Set<Long> killPipeHolders() {
        Set<Long> killed = new HashSet<>();
        for (int round = 0; round < KILL_ROUNDS && !pipes.isEmpty(); round++) {
            List<ProcessHandle> holders = new ArrayList<>();
            for (long pid : ProcStat.holdersOf(pipes)) {
                if (pid != OWN_PID) {
                    ProcessHandle.of(pid).filter(this::startedDuringRun).ifPresent(holders::add);
                }
            }
            if (holders.isEmpty()) {
                break;
            }
            for (ProcessHandle h : holders) {
                if (h.destroyForcibly()) {
                    killed.add(h.pid());
                }
            }
            killed.addAll(killAll());
        }
        return killed;
    }

    /** Remember the current descendants and any session they created; cheap enough to call every few ms. */
    void observe() {
        learnPipes(leader.pid());
        leader.descendants().forEach(this::remember);
    }

    /** Kills everything found by the three nets until nothing is left; returns the pids killed. */
    Set<Long> killAll() {
        Set<Long> killed = new HashSet<>();
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<ProcessHandle> targets = targets();
            if (targets.isEmpty()) {
                break;
            }
            List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
            for (ProcessHandle h : targets) {
                if (h.destroyForcibly()) {
                    killed.add(h.pid());
                }
                exits.add(h.onExit());
            }
            try {
                CompletableFuture.allOf(exits.toArray(new CompletableFuture[0])).get(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // some did not exit yet (or are zombies whose parent has not reaped them); the next round looks again
            }
        }
        return killed;
    }

    /** One /proc snapshot per round (it is the expensive part): roots we know are ours, then all their children. */
    private List<ProcessHandle> targets() {
        List<ProcStat> snapshot = ProcStat.all();
        if (snapshot.isEmpty()) {
            // no /proc (not Linux): the JDK's view of the tree is all we have
            List<ProcessHandle> out = new ArrayList<>();
            if (leader.isAlive()) {
                out.add(leader);
            }
            leader.descendants().forEach(out::add);
            return out;
        }
        Map<Long, ProcStat> byPid = new HashMap<>();
        Map<Long, List<Long>> children = new HashMap<>();
        for (ProcStat s : snapshot) {
            byPid.put(s.pid(), s);
            children.computeIfAbsent(s.parent(), k -> new ArrayList<>()).add(s.pid());
        }
        Deque<Long> todo = new ArrayDeque<>();
        if (leader.isAlive()) {
            todo.add(leader.pid());
        }
        for (ProcessHandle h : seen.values()) {
            if (h.isAlive()) {
                todo.add(h.pid());
            }
        }
        for (ProcStat s : snapshot) {
            if ((sessions.contains(s.session()) || sessions.contains(s.processGroup()))
                    && ProcessHandle.of(s.pid()).filter(this::startedDuringRun).isPresent()) {
                todo.add(s.pid());
            }
        }
        Set<Long> ours = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            long pid = todo.poll();
            if (pid != OWN_PID && ours.add(pid)) {
                todo.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        List<ProcessHandle> alive = new ArrayList<>();
        for (long pid : ours) {
            ProcStat s = byPid.get(pid);
            if (s == null || s.zombie()) {
                continue;
            }
            Optional<ProcessHandle> h = pid == leader.pid() ? Optional.of(leader)
                    : Optional.ofNullable(seen.get(pid)).or(() -> ProcessHandle.of(pid));
            h.ifPresent(handle -> {
                remember(handle, s);
                alive.add(handle);
            });
        }
        return alive;
    }

    private void remember(ProcessHandle h) {
        ProcStat.read(h.pid()).ifPresent(s -> remember(h, s));
    }

    private void remember(ProcessHandle h, ProcStat s) {
        if (seen.putIfAbsent(h.pid(), h) == null) {
            learnPipes(h.pid());
        }
        if (s.session() == s.pid() && s.session() != OWN_SESSION) {
            sessions.add(s.session());
        }
    }

    private boolean startedDuringRun(ProcessHandle h) {
        return h.info().startInstant().map(i -> !i.isBefore(notBefore)).orElse(false);
    }
}
