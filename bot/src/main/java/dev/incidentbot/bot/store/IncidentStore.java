package dev.incidentbot.bot.store;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Incidents, their role holders and action items. Methods take the caller's connection, so they join its transaction. */
public final class IncidentStore {

    public long nextNumber(Connection c) throws SQLException {
        return Sql.nextId(c, "incident");
    }

    public void insert(Connection c, Incident i) throws SQLException {
        Sql.update(c, "INSERT INTO incident (id, platform, title, severity, status, drill, impact, declared_by_id, "
                        + "declared_by_name, origin_conversation_id, origin_conversation_name, conversation_name, declared_at) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                i.number(), i.platform(), i.title(), i.severity(), i.status().name(), i.drill(), i.impact(),
                i.declaredBy().id(), i.declaredBy().displayName(), i.origin().id(), i.origin().name(),
                i.conversationName(), i.declaredAt().toEpochMilli());
    }

    /** Write the mutable parts of {@code i}: status, severity, impact, milestones, roles (a new holder's since = {@code at}). */
    public void save(Connection c, Incident i, Instant at) throws SQLException {
        Sql.update(c, "UPDATE incident SET title = ?, severity = ?, status = ?, impact = ?, acknowledged_at = ?, "
                        + "mitigated_at = ?, resolved_at = ?, last_update_at = ? WHERE id = ?",
                i.title(), i.severity(), i.status().name(), i.impact(), millis(i, Milestone.ACKNOWLEDGED),
                millis(i, Milestone.MITIGATED), millis(i, Milestone.RESOLVED), millis(i, Milestone.LAST_UPDATE),
                i.number());
        Map<String, Person> stored = withRoles(c, i).roles();
        for (Map.Entry<String, Person> role : i.roles().entrySet()) {
            Person before = stored.get(role.getKey());
            if (before != null && before.id().equals(role.getValue().id())) {
                continue;
            }
            Sql.update(c, "DELETE FROM participant WHERE incident_id = ? AND role = ?", i.number(), role.getKey());
            Sql.update(c, "INSERT INTO participant (incident_id, person_id, person_name, role, since, assigned_by) "
                    + "VALUES (?,?,?,?,?,?)", i.number(), role.getValue().id(), role.getValue().displayName(),
                    role.getKey(), at.toEpochMilli(), "");
        }
    }

    public void setConversation(Connection c, long number, ConversationRef conversation) throws SQLException {
        Sql.update(c, "UPDATE incident SET conversation_id = ?, conversation_name = ? WHERE id = ?",
                conversation.id(), conversation.name(), number);
    }

    public Optional<ConversationRef> conversation(Connection c, long number) throws SQLException {
        return Sql.one(c, "SELECT conversation_id, conversation_name FROM incident WHERE id = ? AND conversation_id IS NOT NULL",
                rs -> new ConversationRef(rs.getString(1), rs.getString(2)), number);
    }

    /** Where the incident was declared. */
    public Optional<ConversationRef> origin(Connection c, long number) throws SQLException {
        return Sql.one(c, "SELECT origin_conversation_id, origin_conversation_name FROM incident WHERE id = ?",
                rs -> new ConversationRef(rs.getString(1), rs.getString(2)), number);
    }

    /** The incident; inside a write transaction on PostgreSQL its row stays locked until commit (see {@link Sql#forUpdate}). */
    public Optional<Incident> find(Connection c, long number) throws SQLException {
        String lock = c.getAutoCommit() ? "" : Sql.forUpdate(c);
        Optional<Incident> base = Sql.one(c, "SELECT * FROM incident WHERE id = ?" + lock, this::map, number);
        if (base.isEmpty()) {
            return base;
        }
        return Optional.of(withRoles(c, base.get()));
    }

    /** The incident whose own conversation this is. */
    public Optional<Incident> findByConversation(Connection c, String platform, String conversationId) throws SQLException {
        Optional<Long> number = Sql.one(c, "SELECT id FROM incident WHERE platform = ? AND conversation_id = ?",
                rs -> rs.getLong(1), platform, conversationId);
        return number.isEmpty() ? Optional.empty() : find(c, number.get());
    }

    /** Incidents on {@code platform} resolved before {@code cutoff} whose conversation the bot has not left yet. */
    public List<Long> resolvedAndNotLeft(Connection c, String platform, Instant cutoff) throws SQLException {
        return Sql.query(c, "SELECT id FROM incident WHERE platform = ? AND status = 'RESOLVED' AND resolved_at < ? "
                + "AND conversation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM timeline_event t "
                + "WHERE t.incident_id = incident.id AND t.type = 'conversation_left') ORDER BY id",
                rs -> rs.getLong(1), platform, cutoff.toEpochMilli());
    }

    /** Open incidents first, newest first; at most {@code limit}. */
    public List<Incident> recent(Connection c, int limit) throws SQLException {
        List<Incident> rows = Sql.query(c, "SELECT * FROM incident ORDER BY CASE WHEN status = 'RESOLVED' THEN 1 ELSE 0 END, id DESC LIMIT ?",
                this::map, limit);
        List<Incident> out = new java.util.ArrayList<>();
        for (Incident i : rows) {
            out.add(withRoles(c, i));
        }
        return out;
    }

    /** Open incidents and those resolved after {@code sinceMillis}. */
    public List<Long> openOrResolvedSince(Connection c, long sinceMillis) throws SQLException {
        return Sql.query(c, "SELECT id FROM incident WHERE status <> 'RESOLVED' OR resolved_at > ? ORDER BY id",
                rs -> rs.getLong(1), sinceMillis);
    }

    public int addActionItem(Connection c, long number, String text, String owner, String due, Instant at) throws SQLException {
        int n = Sql.one(c, "SELECT COALESCE(MAX(n), 0) + 1 FROM action_item WHERE incident_id = ?", rs -> rs.getInt(1), number).orElse(1);
        Sql.update(c, "INSERT INTO action_item (incident_id, n, text, owner, due, created_at) VALUES (?,?,?,?,?,?)",
                number, n, text, owner, due, at.toEpochMilli());
        return n;
    }

    /** Action items in the order recorded; owner and due are empty when not given. */
    public List<ActionItem> actionItems(Connection c, long number) throws SQLException {
        return Sql.query(c, "SELECT n, text, owner, due, created_at FROM action_item WHERE incident_id = ? ORDER BY n",
                rs -> new ActionItem(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5))), number);
    }

    public record ActionItem(int n, String text, String owner, String due, Instant createdAt) {
        public ActionItem(int n, String text, String owner, String due) {
            this(n, text, owner, due, Instant.EPOCH);
        }
    }

    private Incident withRoles(Connection c, Incident i) throws SQLException {
        Map<String, Person> roles = new HashMap<>();
        for (Object[] row : Sql.query(c, "SELECT role, person_id, person_name FROM participant WHERE incident_id = ?",
                rs -> new Object[] {rs.getString(1), new Person(rs.getString(2), rs.getString(3))}, i.number())) {
            roles.put((String) row[0], (Person) row[1]);
        }
        return new Incident(i.number(), i.platform(), i.title(), i.severity(), i.status(), i.drill(), i.impact(),
                i.declaredBy(), i.origin(), i.conversationName(), i.declaredAt(), roles, i.milestones());
    }

    private Incident map(ResultSet rs) throws SQLException {
        Map<Milestone, Instant> milestones = new EnumMap<>(Milestone.class);
        putMilestone(rs, "acknowledged_at", Milestone.ACKNOWLEDGED, milestones);
        putMilestone(rs, "mitigated_at", Milestone.MITIGATED, milestones);
        putMilestone(rs, "resolved_at", Milestone.RESOLVED, milestones);
        putMilestone(rs, "last_update_at", Milestone.LAST_UPDATE, milestones);
        return new Incident(rs.getLong("id"), rs.getString("platform"), rs.getString("title"),
                rs.getString("severity"), Status.valueOf(rs.getString("status")), rs.getBoolean("drill"),
                rs.getString("impact"), new Person(rs.getString("declared_by_id"), rs.getString("declared_by_name")),
                new ConversationRef(rs.getString("origin_conversation_id"), rs.getString("origin_conversation_name")),
                rs.getString("conversation_name"), Instant.ofEpochMilli(rs.getLong("declared_at")), Map.of(), milestones);
    }

    private static void putMilestone(ResultSet rs, String column, Milestone m, Map<Milestone, Instant> into) throws SQLException {
        Sql.optionalLong(rs, column).ifPresent(v -> into.put(m, Instant.ofEpochMilli(v)));
    }

    private static Long millis(Incident i, Milestone m) {
        return i.milestone(m).map(Instant::toEpochMilli).orElse(null);
    }
}
