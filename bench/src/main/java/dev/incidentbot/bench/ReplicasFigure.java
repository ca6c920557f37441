package dev.incidentbot.bench;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.reminder.ReminderScheduler;
import dev.incidentbot.bot.store.LeasedConsumer;
import dev.incidentbot.bot.store.StorageTarget;
import dev.incidentbot.bot.testing.TestPostgres;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Figure 10 (issue 15): the bot as operators run it ({@code Main} in child JVMs, Slack over HTTP against the fake Web
 * API answering at once) on SQLite with one process, on PostgreSQL with one replica, and with two replicas sharing
 * the load (request {@code i} to replica {@code i mod 2}, as a load balancer spreads it). PostgreSQL is the bot tests'
 * real PostgreSQL 17 ({@link TestPostgres}, fsync off), on this machine. For each:
 *
 * <ul>
 *   <li>declares per second: {@value #CALLERS} people declaring sev2 incidents back to back (closed loop), counted
 *       in the database; beside raw single-row commits on the same database;</li>
 *   <li>ack p99: signed {@code /incident note} at {@value #ACK_RATE}/s, open loop, beside a bare servlet in the
 *       bench's JVM answering the same requests at the same rate;</li>
 *   <li>reminder lateness p99: the declared incidents' update reminders, due one period after each declare and then
 *       every period, timed at the fake Web API; beside a plain JDK scheduler given as many due times over the same
 *       window at the same time.</li>
 * </ul>
 *
 * <p>With two replicas, one more period: one second before the middle of its reminders Slack slows to 200 ms a call
 * and updates arrive at 100/s (so the replicas are mid-delivery), then replica a is killed with SIGKILL and Slack is fast again. Measured: when the
 * outbox lanes it held deliver again (limit: the lane lease), how late that period's reminders are (limit: Quartz's
 * failure detection), and, in a run of its own in Socket Mode, when the survivor becomes the one consuming the bot's
 * event stream (limit: the consumer lease).
 */
public final class ReplicasFigure implements Figure {
    private static final int CALLERS = 4;
    private static final int ACK_RATE = 100;
    private static final Duration SLOW_SLACK = Duration.ofMillis(200);
    /** Quartz presumes a clustered instance dead this long after its last check-in was due (JobStoreSupport). */
    private static final Duration QUARTZ_GRACE = Duration.ofMillis(7500);
    /** Beyond a lease: the survivor notices on its next round (every second) and delivers. */
    private static final Duration FAILOVER_SLACK = Duration.ofSeconds(2);
    /** After a kill, how long to wait before counting a reminder as never posted: past the slowest failover promised. */
    private static final Duration FAILOVER_WAIT = ReminderScheduler.CLUSTER_CHECKIN.multipliedBy(2).plus(QUARTZ_GRACE)
            .plus(FAILOVER_SLACK).plusSeconds(1);

    enum Setup {
        SQLITE("SQLite, 1 process", 1, false),
        POSTGRES_ONE("PostgreSQL, 1 replica", 1, true),
        POSTGRES_TWO("PostgreSQL, 2 replicas", 2, true);

        final String label;
        final int replicas;
        final boolean postgres;

        Setup(String label, int replicas, boolean postgres) {
            this.label = label;
            this.replicas = replicas;
            this.postgres = postgres;
        }

        String slug() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Declares(long count, double seconds, long errors, double drainSeconds, double rawCommitsPerSecond) {
        double perSecond() {
            return count / seconds;
        }

        Declares withRawCommits(double perSecond) {
            return new Declares(count, seconds, errors, drainSeconds, perSecond);
        }
    }

    /** What one setup measured; {@code lanes} only with two replicas. */
    record Measured(Setup setup, Declares declares, List<Latencies> acks, List<Latencies> bareAcks,
                    ReminderPosts.Measured reminders, int periods, int perPeriod, List<Latencies> timer,
                    Optional<LaneTakeover.Measured> lanes) { }

    @Override
    public String title() {
        return "Replicas on PostgreSQL beside SQLite";
    }

    @Override
    public Duration budget(RunSize size) {
        return size.quick() ? Duration.ofSeconds(150) : Duration.ofMinutes(20);
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<Measured> all = new ArrayList<>();
        for (Setup setup : Setup.values()) {
            // --quick keeps to about a minute: one replica on PostgreSQL runs the same code as two, minus the kill.
            if (size.quick() && setup == Setup.POSTGRES_ONE) {
                rows.add(Row.notMeasured("10 " + setup.label + " (all of its rows)", "", "--quick runs SQLite and 2 "
                        + "replicas only"));
                continue;
            }
            all.add(measure(setup, size, dir.resolve(setup.slug())));
        }
        for (Measured m : all) {
            rows.add(declareRow(m, size));
        }
        for (Measured m : all) {
            rows.add(ackRow(m, size));
        }
        for (Measured m : all) {
            rows.add(reminderRow(m, size));
        }
        Measured two = all.get(all.size() - 1);
        rows.add(laneRow(two.lanes().orElseThrow(), size));
        rows.add(reminderFailoverRow(two, size));
        progress(Setup.POSTGRES_TWO, "consumer failover (Socket Mode)");
        ConsumerFailover.Measured consumer = ConsumerFailover.run(dir.resolve("socket-mode"),
                TestPostgres.server().createDatabase("bench_socket_mode"));
        rows.add(consumerRow(consumer, size));
        return rows;
    }

    private static Measured measure(Setup setup, RunSize size, Path work) throws Exception {
        Files.createDirectories(work);
        Duration period = size.replicaPeriod();
        Path config = new BenchConfig(Duration.ofDays(1), period, Duration.ofDays(1), SlackAckFigure.USER).write(work);
        try (FakeSlackWebApi fake = FakeSlackWebApi.start(); BareAckServer bare = BareAckServer.start();
             JdkTimerBaseline timer = new JdkTimerBaseline()) {
            fake.addUser(SlackAckFigure.USER, "bench-user", "bench@example.org");
            String channel = fake.addChannel("incidents", SlackAckFigure.USER);
            Map<String, String> env = new HashMap<>(Map.of("SLACK_BOT_TOKEN", FakeSlackWebApi.TOKEN,
                    "SLACK_SIGNING_SECRET", SlackAckFigure.SECRET, "SLACK_API_URL", fake.apiUrl().toString()));
            BenchDatabase db;
            Optional<String> postgresUrl = Optional.empty();
            if (setup.postgres) {
                StorageTarget.Postgres target = TestPostgres.server().createDatabase("bench_" + setup.slug());
                env.put("INCIDENT_BOT_STORAGE_URL", target.url());
                env.put("INCIDENT_BOT_STORAGE_USER", "postgres");
                db = BenchDatabase.postgres(target.url());
                postgresUrl = Optional.of(target.url());
            } else {
                db = BenchDatabase.sqlite(work.resolve("data-a").resolve("incident-bot.db"));
            }
            List<ReplicaProcess> replicas = new ArrayList<>();
            try {
                for (int r = 0; r < setup.replicas; r++) {
                    replicas.add(ReplicaProcess.start(String.valueOf((char) ('a' + r)), work, config, env));
                }
                for (ReplicaProcess r : replicas) {
                    r.awaitReady(Duration.ofSeconds(90));
                }
                progress(setup, "ready");
                ReplicaLoad load = new ReplicaLoad(replicas.stream().map(ReplicaProcess::port).toList(), fake, channel);
                int acksPerRun = (int) (ACK_RATE * size.replicaAcks().toMillis() / 1000);
                // Warm-up, which also opens the sev1 incidents the notes go to (sev2 ones are the reminders' own).
                load.declares(CALLERS, "sev1 bench warm-up", size.replicaAcks());
                awaitDrained(db, Duration.ofSeconds(120));
                List<Long> noted = db.rows("SELECT id FROM incident WHERE severity = 'sev1'", rs -> rs.getLong(1));
                List<byte[]> warm = load.notes(noted, acksPerRun, "warm");
                load.acks(warm, ACK_RATE);
                load.bare(bare, warm, ACK_RATE);
                awaitDrained(db, Duration.ofSeconds(120));

                progress(setup, "warmed up");
                Declares declares = declares(size, db, load);
                progress(setup, "declares measured");

                List<Latencies> acks = new ArrayList<>();
                List<Latencies> bareAcks = new ArrayList<>();
                for (int rep = 0; rep < size.repetitions(); rep++) {
                    List<byte[]> bodies = load.notes(noted, acksPerRun, "r" + rep);
                    // Alternate which goes first, so neither always follows the other's garbage.
                    if (rep % 2 == 0) {
                        bareAcks.add(load.bare(bare, bodies, ACK_RATE));
                        acks.add(load.acks(bodies, ACK_RATE));
                    } else {
                        acks.add(load.acks(bodies, ACK_RATE));
                        bareAcks.add(load.bare(bare, bodies, ACK_RATE));
                    }
                }

                progress(setup, "acks measured");
                // The limit for declares, run after the acks: its burst of commits must not colour their first run.
                double raw = postgresUrl.isPresent() ? RawPostgresCommits.run(postgresUrl.get(), size.replicaAcks())
                        : RawSqliteCommits.run(work.resolve("raw.db"), size.replicaAcks());
                declares = declares.withRawCommits(raw);
                long[] window = db.rows("SELECT MIN(declared_at), MAX(declared_at), COUNT(*) FROM incident "
                        + "WHERE severity = 'sev2'", rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).get(0);
                long first = window[0];
                long last = window[1];
                int perPeriod = (int) window[2];
                List<Latencies> timerLimits = new ArrayList<>();
                int periods = size.replicaPeriods();
                for (int p = 1; p <= periods; p++) {
                    sleepUntil(first + p * period.toMillis());
                    timerLimits.add(timer.run(perPeriod, Duration.ofMillis(Math.max(1, last - first))));
                }
                Optional<LaneTakeover.Measured> lanes = Optional.empty();
                if (setup.replicas == 2) {
                    periods++;
                    long killAt = first + periods * period.toMillis() + (last - first) / 2;
                    lanes = Optional.of(killOne(replicas.get(0), fake, db, killAt, load.updates(noted, ACK_RATE * 2, "kill"),
                            load));
                    progress(setup, "killed a, lanes taken over");
                    awaitReminders(db, fake, period, periods, killAt + FAILOVER_WAIT.toMillis());
                }
                sleepUntil(last + periods * period.toMillis() + (size.quick() ? 1500 : 3000));
                awaitDrained(db, Duration.ofSeconds(120));
                ReminderPosts.Measured reminders = ReminderPosts.measure(db, fake, "sev2", period, periods,
                        Instant.now().minusSeconds(2));
                progress(setup, "reminders measured");
                return new Measured(setup, declares, acks, bareAcks, reminders, size.replicaPeriods(), perPeriod,
                        timerLimits, lanes);
            } finally {
                for (ReplicaProcess r : replicas) {
                    r.close();
                }
            }
        }
    }

    private static Declares declares(RunSize size, BenchDatabase db, ReplicaLoad load) throws Exception {
        long before = db.count("SELECT COUNT(*) FROM incident");
        double[] run = load.declares(CALLERS, "sev2 bench declare", size.replicaDeclares());
        long count = db.count("SELECT COUNT(*) FROM incident") - before;
        long t = System.nanoTime();
        awaitDrained(db, Duration.ofSeconds(120));
        double drain = (System.nanoTime() - t) / 1e9;
        return new Declares(count, run[0], (long) run[1], drain, Double.NaN);
    }

    /**
     * Kills {@code victim} at {@code killAt} (epoch ms). For the second before, Slack answers in 200 ms and updates
     * (each posts and edits in its incident's channel) arrive at {@value #ACK_RATE}/s, so both replicas are
     * mid-delivery on several lanes; Slack is fast again right after the kill. Waits until the lanes the victim held deliver again (or a minute).
     */
    private static LaneTakeover.Measured killOne(ReplicaProcess victim, FakeSlackWebApi fake, BenchDatabase db,
                                                 long killAt, List<byte[]> updates, ReplicaLoad load) throws Exception {
        sleepUntil(killAt - 1000);
        fake.delayEachCall(SLOW_SLACK);
        Thread busy = new Thread(() -> {
            try {
                load.acks(updates, ACK_RATE); // the killed replica's share fails: not measured
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "notes-around-the-kill");
        busy.start();
        sleepUntil(killAt);
        victim.kill();
        long killed = System.currentTimeMillis();
        fake.delayEachCall(Duration.ZERO);
        // Read once the victim is gone (so it can claim nothing after), and again after a few renewal rounds.
        List<LaneTakeover.Lease> atKill = LaneTakeover.leases(db);
        Thread.sleep(2500);
        Set<String> dead = LaneTakeover.deadLanes(db, atKill, LaneTakeover.leases(db));
        long deadline = killed + 60_000;
        while (System.currentTimeMillis() < deadline
                && LaneTakeover.measure(db, dead, killed).takeoverMillis().size() < dead.size()) {
            Thread.sleep(250);
        }
        busy.join();
        return LaneTakeover.measure(db, dead, killed);
    }

    /**
     * Waits until every reminder of the first {@code periods} is posted, but at least until {@code atLeast} (epoch ms,
     * past Quartz's recovery of the killed instance's jobs) and at most a minute beyond it.
     */
    private static void awaitReminders(BenchDatabase db, FakeSlackWebApi fake, Duration period, int periods,
                                       long atLeast) throws InterruptedException {
        sleepUntil(atLeast);
        long deadline = atLeast + 60_000;
        while (System.currentTimeMillis() < deadline && ReminderPosts.measure(db, fake, "sev2", period, periods,
                Instant.now().minusSeconds(2)).byPeriod().stream().anyMatch(l -> l.errors() > 0)) {
            Thread.sleep(500);
        }
    }

    /** Where the figure is, in its log, with the time since its JVM started. */
    private static void progress(Setup setup, String what) {
        System.err.printf(Locale.ROOT, "%7.1f s  %s: %s%n",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, setup.label, what);
    }

    private static void awaitDrained(BenchDatabase db, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (db.count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the outbox did not drain within " + within.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long millis = epochMillis - System.currentTimeMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    // ------------------------------------------------------------------ rows

    private static Row declareRow(Measured m, RunSize size) {
        Declares d = m.declares();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("setup", m.setup().label);
        numbers.put("declares", d.count());
        numbers.put("seconds", d.seconds());
        numbers.put("declares_per_s", d.perSecond());
        numbers.put("errors", d.errors());
        numbers.put("drain_s", d.drainSeconds());
        numbers.put("raw_commits_per_s", d.rawCommitsPerSecond());
        double slackLimit = 20 / 60.0;
        return new Row("10 Declares/s, " + m.setup().label, "≥ 0.33/s (Slack creates 20 channels/min, Tier 2)",
                Spread.number(d.perSecond()) + " declares/s (" + d.count() + " in " + Spread.number(d.seconds()) + " s, "
                        + CALLERS + " callers back to back); outbox drained " + Spread.number(d.drainSeconds())
                        + " s after the last" + (d.errors() > 0 ? "; " + d.errors() + " errors" : ""),
                "raw single-row commits, same database: " + Spread.number(d.rawCommitsPerSecond()) + "/s",
                Row.ratio(d.perSecond(), d.rawCommitsPerSecond()),
                Verdict.of(d.perSecond() >= slackLimit && d.errors() == 0, size), numbers);
    }

    private static Row ackRow(Measured m, RunSize size) {
        Spread p50 = Spread.of(m.acks(), l -> l.percentileMillis(50));
        Spread p99 = Spread.of(m.acks(), l -> l.percentileMillis(99));
        Spread bareP99 = Spread.of(m.bareAcks(), l -> l.percentileMillis(99));
        double[] paired = new double[m.acks().size()];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = m.acks().get(i).percentileMillis(99) / m.bareAcks().get(i).percentileMillis(99);
        }
        Spread ratio = Spread.of(paired);
        int errors = m.acks().stream().mapToInt(Latencies::errors).sum();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("setup", m.setup().label);
        numbers.put("rate_per_s", ACK_RATE);
        numbers.put("p50_ms", p50.values());
        numbers.put("p99_ms", p99.values());
        numbers.put("bare_p99_ms", bareP99.values());
        numbers.put("p99_ratio", paired);
        numbers.put("errors", errors);
        numbers.put("requests_per_run", m.acks().get(0).count());
        return new Row("10 Ack, /incident note at " + ACK_RATE + "/s, " + m.setup().label, "p99 < 20 ms (issue 5)",
                "p99 " + p99.ms() + "; p50 " + Spread.number(p50.median()) + " ms" + (errors > 0 ? "; " + errors
                        + " errors" : ""),
                "bare servlet (bench JVM), same requests: p99 " + bareP99.ms(),
                "p99 " + Spread.number(ratio.median()) + "x (" + Spread.number(ratio.min()) + "–"
                        + Spread.number(ratio.max()) + ")",
                Verdict.of(p99.median() < 20 && errors == 0, size), numbers);
    }

    private static Row reminderRow(Measured m, RunSize size) {
        List<Latencies> steady = m.reminders().byPeriod().subList(0, m.periods());
        Spread p99 = Spread.of(steady, l -> l.percentileMillis(99));
        Spread p50 = Spread.of(steady, l -> l.percentileMillis(50));
        Spread max = Spread.of(steady, Latencies::maxMillis);
        Spread limitP99 = Spread.of(m.timer(), l -> l.percentileMillis(99));
        int missing = steady.stream().mapToInt(Latencies::errors).sum();
        int duplicates = m.reminders().duplicates();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("setup", m.setup().label);
        numbers.put("reminders_per_period", m.perPeriod());
        numbers.put("p50_ms", p50.values());
        numbers.put("p99_ms", p99.values());
        numbers.put("max_ms", max.values());
        numbers.put("missing", missing);
        numbers.put("duplicates", duplicates);
        numbers.put("limit_p99_ms", limitP99.values());
        return new Row("10 Reminder lateness, " + m.setup().label, "p99 < 1 s; none missing or twice",
                "p99 " + p99.ms() + "; p50 " + Spread.number(p50.median()) + ", max " + Spread.number(max.median())
                        + " ms; " + m.perPeriod() + " reminders per period, " + m.periods() + " periods"
                        + (missing > 0 ? "; " + missing + " due but never posted" : "")
                        + (duplicates > 0 ? "; " + duplicates + " recorded twice" : ""),
                "plain JDK scheduler, as many due times over the same window: p99 " + limitP99.ms(),
                Row.ratio(p99.median(), limitP99.median()),
                Verdict.of(p99.median() < 1000 && missing == 0 && duplicates == 0, size), numbers);
    }

    private static Row laneRow(LaneTakeover.Measured lanes, RunSize size) {
        String figure = "10 Failover, outbox lanes (kill -9 of 1 of 2 replicas)";
        Duration lease = Application.LANE_LEASE;
        String target = "every lane taken over ≤ lease + " + FAILOVER_SLACK.toSeconds() + " s";
        if (lanes.deadLanes() == 0) {
            return Row.notMeasured(figure, target, "the killed replica held no lane with messages pending");
        }
        Spread takeover = Spread.of(lanes.takeoverMillis().stream().mapToDouble(Double::doubleValue).toArray());
        int never = lanes.deadLanes() - lanes.takeoverMillis().size();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("dead_lanes", lanes.deadLanes());
        numbers.put("takeover_ms", takeover.values());
        numbers.put("never_taken_over", never);
        numbers.put("lease_ms", lease.toMillis());
        return new Row(figure, target,
                lanes.deadLanes() + " lanes held by the killed replica delivering again after max "
                        + Spread.number(takeover.max() / 1000) + " s (median " + Spread.number(takeover.median() / 1000)
                        + " s)" + (never > 0 ? "; " + never + " never" : ""),
                "lane lease " + lease.toSeconds() + " s, renewed every second",
                Row.ratio(takeover.max(), lease.toMillis()),
                Verdict.of(never == 0 && takeover.max() <= lease.plus(FAILOVER_SLACK).toMillis(), size), numbers);
    }

    private static Row reminderFailoverRow(Measured m, RunSize size) {
        Latencies failover = m.reminders().byPeriod().get(m.periods());
        Duration detection = ReminderScheduler.CLUSTER_CHECKIN.plus(QUARTZ_GRACE);
        int late = failover.countAboveMillis(1000);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("reminders", failover.count());
        numbers.put("p99_ms", failover.percentileMillis(99));
        numbers.put("max_ms", failover.maxMillis());
        numbers.put("later_than_1s", late);
        numbers.put("missing", failover.errors());
        numbers.put("duplicates", m.reminders().duplicates());
        numbers.put("detection_ms", detection.toMillis());
        Duration worst = detection.plus(ReminderScheduler.CLUSTER_CHECKIN);
        return new Row("10 Failover, reminders due around the kill", "max ≤ " + Spread.number(
                worst.plus(FAILOVER_SLACK).toMillis() / 1000.0) + " s (latest detection + " + FAILOVER_SLACK.toSeconds()
                + " s); none missing or twice",
                "max " + Spread.number(failover.maxMillis() / 1000) + " s, p99 " + Spread.number(failover.percentileMillis(99))
                        + " ms; " + late + " of " + failover.count() + " later than 1 s; " + failover.errors()
                        + " missing, " + m.reminders().duplicates() + " recorded twice",
                "Quartz presumes an instance dead " + QUARTZ_GRACE.toMillis() / 1000.0 + " s after its "
                        + ReminderScheduler.CLUSTER_CHECKIN.toSeconds() + " s check-in was due, seen at the survivor's "
                        + "next check-in: " + Spread.number(detection.toMillis() / 1000.0) + "–"
                        + Spread.number(worst.toMillis() / 1000.0) + " s after the last check-in",
                Row.ratio(failover.maxMillis(), worst.toMillis()),
                Verdict.of(failover.maxMillis() <= worst.plus(FAILOVER_SLACK).toMillis() && failover.errors() == 0
                        && m.reminders().duplicates() == 0, size), numbers);
    }

    private static Row consumerRow(ConsumerFailover.Measured c, RunSize size) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("failover_ms", c.millis());
        numbers.put("one_consumer_before_kill", c.oneConsumerBefore());
        numbers.put("lease_ms", LeasedConsumer.LEASE.toMillis());
        return new Row("10 Failover, Slack Socket Mode consumer (kill -9 of the holder of 2)", "≤ 10 s (issue 15)",
                Spread.number(c.millis() / 1000) + " s from the kill to the survivor's ack of a new command"
                        + (c.oneConsumerBefore() ? "" : "; both replicas were connected before the kill"),
                "consumer lease " + LeasedConsumer.LEASE.toSeconds() + " s, tried every second",
                Row.ratio(c.millis(), LeasedConsumer.LEASE.toMillis()),
                Verdict.of(c.millis() <= 10_000 && c.oneConsumerBefore(), size), numbers);
    }
}
