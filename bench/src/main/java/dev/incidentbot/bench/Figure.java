package dev.incidentbot.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One numbered figure of issue 7: measures itself and its limit in the same run, and returns its table rows. */
public interface Figure {

    /** "Slack ack latency", as the table's first column names it. */
    String title();

    /** Runs in a JVM of its own; {@code dir} is an empty folder for its databases and logs. */
    List<Row> run(RunSize size, Path dir) throws Exception;

    /** How long its JVM may run before the harness counts it as failed. */
    default Duration budget(RunSize size) {
        return size.quick() ? Duration.ofSeconds(60) : Duration.ofMinutes(10);
    }
}
