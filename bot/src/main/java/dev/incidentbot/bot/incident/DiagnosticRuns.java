package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.store.DiagnosticRunStore;
import dev.incidentbot.bot.store.RunState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Diagnostic runs ({@link DiagnosticRunStore}) in one unit of work. */
public final class DiagnosticRuns {
    private final DiagnosticRunStore runs = new DiagnosticRunStore();
    private final Connection c;

    DiagnosticRuns(Connection c) {
        this.c = c;
    }

    public long insert(long incident, String diagnostic, String arguments, String commandLine, String approval,
                       RunState state, String requestedBy, Instant at) throws SQLException {
        return runs.insert(c, incident, diagnostic, arguments, commandLine, approval, state, requestedBy, at);
    }

    public Optional<DiagnosticRunStore.Run> find(long id) throws SQLException {
        return runs.find(c, id);
    }

    public void decide(long id, RunState state, String decidedBy, Instant at) throws SQLException {
        runs.decide(c, id, state, decidedBy, at);
    }

    public void setState(long id, RunState state) throws SQLException {
        runs.setState(c, id, state);
    }

    /** {@code exitCode} is empty when the process did not exit by itself. */
    public void finish(long id, RunState state, Instant at, Optional<Integer> exitCode, boolean timedOut,
                       String statusLine, String stdout, String stderr) throws SQLException {
        runs.finish(c, id, state, at, exitCode.orElse(null), timedOut, statusLine, stdout, stderr);
    }

    /** Runs that were approved or running when the bot stopped. */
    public List<DiagnosticRunStore.Run> unfinished() throws SQLException {
        return runs.unfinished(c);
    }
}
