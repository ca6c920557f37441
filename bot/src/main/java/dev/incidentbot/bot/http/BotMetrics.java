package dev.incidentbot.bot.http;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.outbox.OutboxDispatcher;
import dev.incidentbot.bot.outbox.OutboxRow;
import dev.incidentbot.bot.outbox.OutboxStore;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.chat.DeliveryException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The /metrics figures. Incident counts are read from the database at scrape time, so they survive restarts and
 * agree across processes; commands and deliveries are counted as they happen.
 */
public final class BotMetrics implements OutboxDispatcher.DeliveryListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public BotMetrics(Database db, BotConfig config, OutboxStore outbox) {
        for (SeverityLevel s : config.severities()) {
            Gauge.builder("incidents_open", () -> count(db, "SELECT COUNT(*) FROM incident WHERE severity = ? AND status <> 'RESOLVED' AND drill = ?", s.key()))
                    .description("Open incidents (drills excluded)").tag("severity", s.key()).register(registry);
            Gauge.builder("incidents_declared", () -> count(db, "SELECT COUNT(*) FROM incident WHERE severity = ? AND drill = ?", s.key()))
                    .description("Incidents declared so far (drills excluded)").tag("severity", s.key()).register(registry);
        }
        Gauge.builder("outbox_depth", outbox::pendingCount).description("Chat side effects waiting for delivery")
                .register(registry);
        Gauge.builder("outbox_quarantined", outbox::quarantinedCount)
                .description("Outbox rows set aside undelivered (unreadable, platform not running, repeated errors)")
                .register(registry);
    }

    public void command(String command, String outcome) {
        Counter.builder("commands").description("Commands handled, by outcome").tag("command", command)
                .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void delivered(OutboxRow row) {
        Counter.builder("outbox_deliveries").tag("platform", row.platform()).register(registry).increment();
    }

    @Override
    public void failed(OutboxRow row, DeliveryException error, boolean permanent) {
        Counter.builder("outbox_delivery_failures").description("Failed delivery attempts")
                .tag("platform", row.platform()).tag("permanent", Boolean.toString(permanent))
                .register(registry).increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    private static double count(Database db, String sql, String severity) {
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, severity);
                    ps.setBoolean(2, false);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return (double) rs.getLong(1);
                    }
                }
            });
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
