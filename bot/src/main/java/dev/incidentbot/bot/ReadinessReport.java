package dev.incidentbot.bot;

import dev.incidentbot.bot.http.Readiness;
import dev.incidentbot.bot.outbox.OutboxDispatcher;
import dev.incidentbot.bot.outbox.OutboxStore;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.chat.ChatPlatform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What /readyz shows: each part of the running bot, whether it is ready, and why not (or what else to know). */
final class ReadinessReport {
    private final Database db;
    private final OutboxStore outbox;
    private final OutboxDispatcher dispatcher;
    private final List<ChatPlatform> platforms;
    private final BooleanSupplier platformsStarted;

    ReadinessReport(Database db, OutboxStore outbox, OutboxDispatcher dispatcher, List<ChatPlatform> platforms,
                    BooleanSupplier platformsStarted) {
        this.db = db;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.platforms = platforms;
        this.platformsStarted = platformsStarted;
    }

    Map<String, Readiness> now() {
        Map<String, Readiness> parts = new LinkedHashMap<>();
        parts.put("database", db.health().failing()
                .map(f -> Readiness.notReady("writes fail: " + f.fault().cause() + ", since " + f.since()))
                .orElseGet(() -> db.isReachable() ? Readiness.ok() : Readiness.notReady("cannot open a connection")));
        long quarantined = quarantinedRows();
        String setAside = quarantined == 0 ? "" : quarantined + " row(s) quarantined: undeliverable, see the incidents' timelines";
        parts.put("outbox", !dispatcher.isRunning() ? Readiness.notReady("the dispatcher is not running")
                : setAside.isEmpty() ? Readiness.ok() : Readiness.okBut(setAside));
        boolean started = platformsStarted.getAsBoolean();
        for (ChatPlatform p : platforms) {
            parts.put("platform " + p.name(), started && p.isReady() ? Readiness.ok()
                    : Readiness.notReady(started ? "not connected" : "not started yet"));
        }
        return parts;
    }

    private long quarantinedRows() {
        try {
            return outbox.quarantinedCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
