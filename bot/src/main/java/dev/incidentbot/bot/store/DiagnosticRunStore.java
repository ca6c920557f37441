package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Diagnostic runs: what was asked, who decided, what came out. */
public final class DiagnosticRunStore {

    /** A stored run; {@code arguments} is the JSON array of the {@code param=value} words as typed. */
    public record Run(long id, long incident, String diagnostic, String arguments, String commandLine, String approval,
                      RunState state, String requestedBy, Instant requestedAt) {
        public String label() {
            return "R" + id;
        }
    }

    public long insert(Connection c, long incident, String diagnostic, String arguments, String commandLine,
                       String approval, RunState state, String requestedBy, Instant at) throws SQLException {
        long id = Sql.nextId(c, "diagnostic_run");
        Sql.update(c, "INSERT INTO diagnostic_run (id, incident_id, diagnostic, arguments, command_line, approval, state, "
                        + "requested_by_id, requested_at) VALUES (?,?,?,?,?,?,?,?,?)",
                id, incident, diagnostic, arguments, commandLine, approval, state.column(), requestedBy, at.toEpochMilli());
        return id;
    }

    public Optional<Run> find(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT id, incident_id, diagnostic, arguments, command_line, approval, state, requested_by_id, "
                + "requested_at FROM diagnostic_run WHERE id = ?", rs -> new Run(rs.getLong(1), rs.getLong(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), RunState.ofColumn(rs.getString(7)),
                rs.getString(8), Instant.ofEpochMilli(rs.getLong(9))), id);
    }

    public void decide(Connection c, long id, RunState state, String decidedBy, Instant at) throws SQLException {
        Sql.update(c, "UPDATE diagnostic_run SET state = ?, decided_by_id = ?, decided_at = ? WHERE id = ?",
                state.column(), decidedBy, at.toEpochMilli(), id);
    }

    public void setState(Connection c, long id, RunState state) throws SQLException {
        Sql.update(c, "UPDATE diagnostic_run SET state = ? WHERE id = ?", state.column(), id);
    }

    public void finish(Connection c, long id, RunState state, Instant at, Integer exitCode, boolean timedOut,
                       String statusLine, String stdout, String stderr) throws SQLException {
        Sql.update(c, "UPDATE diagnostic_run SET state = ?, finished_at = ?, exit_code = ?, timed_out = ?, status_line = ?, "
                + "stdout = ?, stderr = ? WHERE id = ?", state.column(), at.toEpochMilli(), exitCode, timedOut, statusLine,
                stdout, stderr, id);
    }

    /** Runs that were approved or running when the bot stopped. */
    public List<Run> unfinished(Connection c) throws SQLException {
        return Sql.query(c, "SELECT id, incident_id, diagnostic, arguments, command_line, approval, state, requested_by_id, "
                + "requested_at FROM diagnostic_run WHERE state IN ('approved', 'running') ORDER BY id",
                rs -> new Run(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), RunState.ofColumn(rs.getString(7)), rs.getString(8),
                        Instant.ofEpochMilli(rs.getLong(9))));
    }
}
