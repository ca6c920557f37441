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
        // An upsert: two replicas writing one key at once both succeed, the later commit wins.
        db.inTransaction(c -> Sql.update(c, "INSERT INTO platform_state (platform, state_key, state_value) VALUES (?,?,?) "
                + "ON CONFLICT (platform, state_key) DO UPDATE SET state_value = excluded.state_value", platform, key, value));
    }

    /** A value generated once per database, e.g. the installation id that makes idempotency keys unique. */
    public String getOrCreate(String key, java.util.function.Supplier<String> initial) {
        // Replicas starting together: the first insert wins and every one of them reads that value.
        return get(key).orElseGet(() -> {
            db.inTransaction(c -> Sql.update(c, "INSERT INTO platform_state (platform, state_key, state_value) VALUES (?,?,?) "
                    + "ON CONFLICT (platform, state_key) DO NOTHING", platform, key, initial.get()));
            return get(key).orElseThrow();
        });
    }
}
