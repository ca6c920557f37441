package dev.incidentbot.bot.store;

import dev.incidentbot.chat.PlatformState;
import java.util.Optional;

/** A platform's durable key/value bookkeeping, in {@code platform_state}. */
public final class PlatformStateStore implements PlatformState {
    private final Database db;
    private final String platform;

    public PlatformStateStore(Database db, String platform) {
        this.db = db;
        this.platform = platform;
    }

    @Override
    public Optional<String> get(String key) {
        return db.read(c -> Sql.one(c, "SELECT state_value FROM platform_state WHERE platform = ? AND state_key = ?",
                rs -> rs.getString(1), platform, key));
    }

    @Override
    public void put(String key, String value) {
        db.inTransaction(c -> {
            Sql.update(c, "DELETE FROM platform_state WHERE platform = ? AND state_key = ?", platform, key);
            return Sql.update(c, "INSERT INTO platform_state (platform, state_key, state_value) VALUES (?,?,?)",
                    platform, key, value);
        });
    }

    /** A value generated once per database, e.g. the installation id that makes idempotency keys unique. */
    public String getOrCreate(String key, java.util.function.Supplier<String> initial) {
        return get(key).orElseGet(() -> {
            String v = initial.get();
            put(key, v);
            return v;
        });
    }
}
