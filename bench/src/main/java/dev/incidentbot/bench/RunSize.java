package dev.incidentbot.bench;

import java.time.Duration;
import java.util.List;

/**
 * How big each figure's run is. {@link #fullRun()} follows the issues (20 s per rate, 10,000 incidents, 3 repetitions;
 * figure 10: 10 s of declares, 60 s reminder periods) and fits the whole run in about 25 minutes; {@link #quickRun()}
 * only proves the harness still works, in a minute or two, and its numbers mean nothing.
 */
public record RunSize(boolean quick, int repetitions,
                      List<Integer> ackRates, Duration ackDuration, Duration ackWarmup,
                      int declares, double declareRate, int declareWarmup,
                      int reminderIncidents, Duration reminderPeriod,
                      Duration throughputDuration, Duration throughputWarmup,
                      int exportEvents, int exportWarmups,
                      int footprintIncidents, Duration footprintIdle,
                      int runnerRuns,
                      boolean matrix, int matrixCommands, double matrixRate,
                      Duration replicaDeclares, Duration replicaAcks, Duration replicaPeriod, int replicaPeriods) {

    public static RunSize fullRun() {
        return new RunSize(false, 3,
                List.of(100, 500, 2000), Duration.ofSeconds(20), Duration.ofSeconds(5),
                200, 20, 50,
                10_000, Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(3),
                10_000, 5,
                1_000, Duration.ofSeconds(3),
                100,
                true, 30, 4,
                Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(60), 2);
    }

    public static RunSize quickRun() {
        return new RunSize(true, 1,
                List.of(100, 500), Duration.ofMillis(500), Duration.ofMillis(500),
                10, 20, 5,
                200, Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(300),
                500, 1,
                20, Duration.ofMillis(200),
                5,
                false, 0, 0,
                Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(3), 1);
    }

    public static RunSize of(boolean quick) {
        return quick ? quickRun() : fullRun();
    }
}
