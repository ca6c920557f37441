package dev.incidentbot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.store.StorageTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which database the environment and the config select. */
class StorageSelectionTest {
    private final BotConfig config = ConfigLoader.load(Optional.empty()).withStoragePath(Path.of("data/bot.db"));

    @Test
    void nothingSetMeansTheSqliteFile() {
        assertThat(StorageSelection.choose(config, Map.of(StorageSelection.URL_VARIABLE, "  ")))
                .isEqualTo(new StorageTarget.Sqlite(Path.of("data/bot.db")));
    }

    @Test
    void theEnvironmentWinsOverTheConfigAndBringsTheCredentials() {
        BotConfig withUrl = config.withStorageUrl(Optional.of("jdbc:postgresql://config-db:5432/incidents"));
        assertThat(StorageSelection.choose(withUrl, Map.of())).isEqualTo(new StorageTarget.Postgres(
                "jdbc:postgresql://config-db:5432/incidents", Optional.empty(), Optional.empty()));
        assertThat(StorageSelection.choose(withUrl, Map.of(StorageSelection.URL_VARIABLE, "jdbc:postgresql://env-db/incidents",
                StorageSelection.USER_VARIABLE, "bot", StorageSelection.PASSWORD_VARIABLE, "s3cret")))
                .isEqualTo(new StorageTarget.Postgres("jdbc:postgresql://env-db/incidents", Optional.of("bot"), Optional.of("s3cret")));
    }

    @Test
    void anEnvironmentUrlThatIsNotPostgresSaysWhatToSetInstead() {
        assertThatThrownBy(() -> StorageSelection.choose(config, Map.of(StorageSelection.URL_VARIABLE, "jdbc:mysql://db/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("INCIDENT_BOT_STORAGE_URL: expected a PostgreSQL JDBC URL such as "
                        + "jdbc:postgresql://db.example:5432/incidents (unset it to use the SQLite file)");
    }

    @Test
    void aPasswordInTheUrlIsNeverPrinted() {
        assertThat(new StorageTarget.Postgres("jdbc:postgresql://db/incidents?user=bot&password=s3cret", Optional.empty(),
                Optional.empty()).describe()).isEqualTo("jdbc:postgresql://db/incidents");
    }
}
