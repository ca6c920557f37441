package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.incident.Incident;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.Vendor;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.ReminderStateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminders as data: one Quartz trigger per incident and {@link ReminderKind}, in Quartz's JDBC job store inside the
 * bot's own database, so they survive restarts. Re-planning an incident touches only its own triggers (O(1)); a
 * trigger carries just the incident number and kind, and the job re-reads the incident when it fires.
 */
public final class ReminderScheduler implements ReminderPlanner, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);
    private static final String DATA_SOURCE = "incidentbot";
    private static final JobKey JOB = JobKey.jobKey("reminder", "incident-bot");
    /** A failed reminder is tried again after 10 s, 20 s, ... up to this many times. */
    static final int MAX_RETRIES = 6;
    /** How often each clustered instance checks in (PostgreSQL); Quartz recovers one silent for this + 7.5 s. */
    public static final java.time.Duration CLUSTER_CHECKIN = java.time.Duration.ofSeconds(2);
    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final Database db;
    private final ReminderPlan plan;
    private final IncidentStore incidents = new IncidentStore();
    private final ReminderStateStore states = new ReminderStateStore();
    /**
     * Re-plans of one incident run one at a time (a command and a firing job may commit changes to it together):
     * whichever runs last reads the latest commit, and two never both create the same trigger. Striped, so
     * different incidents still plan in parallel.
     */
    private final Object[] planLocks = new Object[64];

    public ReminderScheduler(Database db, BotConfig config, ReminderFiring firing) {
        this.db = db;
        this.plan = new ReminderPlan(config);
        for (int k = 0; k < planLocks.length; k++) {
            planLocks[k] = new Object();
        }
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, provider(db.dataSource()));
        try {
            scheduler = new StdSchedulerFactory(properties(db.vendor())).getScheduler();
            scheduler.setJobFactory((bundle, s) -> new ReminderJob(firing));
            if (!scheduler.checkExists(JOB)) {
                scheduler.addJob(job(), true);
            } else if (!scheduler.getJobDetail(JOB).requestsRecovery()) {
                // Stored before replicas existed: ask for recovery, so a job running on a dying replica runs again.
                scheduler.addJob(job(), true);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot set up the reminder scheduler: " + e.getMessage(), e);
        }
    }

    private static JobDetail job() {
        return JobBuilder.newJob(ReminderJob.class).withIdentity(JOB).storeDurably().requestRecovery(true).build();
    }

    /**
     * Quartz settings that keep SQLite happy: the application's own small Hikari pool (no c3p0), the update-based
     * lock handler (SQLite has no SELECT ... FOR UPDATE), our BLOB-reading delegate, string job data. For several
     * instances on PostgreSQL: PostgreSQLDelegate, the default row-lock semaphore and isClustered=true.
     */
    static Properties properties(Vendor vendor) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "incident-bot");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        if (vendor == Vendor.POSTGRESQL) {
            // Replicas share the triggers: row locks (SELECT ... FOR UPDATE on QRTZ_LOCKS) make each fire on one
            // of them; every replica checks in every 2 s, and one that missed ~2 check-ins is presumed dead and its
            // fired-but-unfinished jobs run again elsewhere (the job asks for recovery; ReminderFiring re-checks).
            p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            p.setProperty("org.quartz.jobStore.isClustered", "true");
            p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CLUSTER_CHECKIN.toMillis()));
        } else {
            p.setProperty("org.quartz.jobStore.driverDelegateClass", SqliteQuartzDelegate.class.getName());
            p.setProperty("org.quartz.jobStore.lockHandler.class", "org.quartz.impl.jdbcjobstore.UpdateLockRowSemaphore");
            p.setProperty("org.quartz.jobStore.isClustered", "false");
        }
        // A trigger later than this counts as misfired and fires once, now (MISFIRE_INSTRUCTION_FIRE_NOW).
        p.setProperty("org.quartz.jobStore.misfireThreshold", "2000");
        // Fetch due triggers in batches, so 10,000 incidents due within a minute are not fetched one by one.
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "20");
        p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
        return p;
    }

    public void start() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the reminder scheduler: " + e.getMessage(), e);
        }
    }

    /** Make sure every open or recently resolved incident has its triggers, e.g. after a crash between commit and plan. */
    public void replanAll() {
        // Resolved incidents too, for their follow-ups; 90 days covers any sensible post-mortem or action item.
        long since = System.currentTimeMillis() - java.time.Duration.ofDays(90).toMillis();
        List<Long> numbers = db.read(c -> incidents.openOrResolvedSince(c, since));
        for (long n : numbers) {
            try {
                db.read(c -> incidents.find(c, n)).ifPresent(this::replan);
            } catch (IllegalStateException e) {
                // e.g. its severity was removed from the config: that incident gets no reminders, the bot still starts.
                log.error("cannot plan reminders for INC-{}: {}", n, e.getMessage());
            }
        }
    }

    @Override
    public void replan(Incident incident) {
        synchronized (planLocks[(int) Math.floorMod(incident.number(), (long) planLocks.length)]) {
            replanLocked(incident);
        }
    }

    private void replanLocked(Incident incident) {
        try {
            Map<ReminderKind, Instant> due = db.read(c -> planFor(c, incident.number()));
            for (ReminderKind kind : ReminderKind.values()) {
                TriggerKey key = TriggerKey.triggerKey(kind.name().toLowerCase(Locale.ROOT), "incident-" + incident.number());
                Instant at = due.get(kind);
                Trigger existing = scheduler.getTrigger(key);
                if (at == null) {
                    if (existing != null) {
                        scheduler.unscheduleJob(key);
                    }
                    continue;
                }
                if (existing != null && existing.getNextFireTime() != null
                        && existing.getNextFireTime().toInstant().toEpochMilli() == at.toEpochMilli()) {
                    continue;
                }
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(JOB)
                        .usingJobData("incident", Long.toString(incident.number()))
                        .usingJobData("kind", kind.name())
                        .startAt(Date.from(at))
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                        .build();
                if (existing != null) {
                    scheduler.rescheduleJob(key, trigger);
                } else {
                    try {
                        scheduler.scheduleJob(trigger);
                    } catch (org.quartz.ObjectAlreadyExistsException raced) {
                        // Another replica planned the same incident a moment ago (both re-plan at start-up).
                        scheduler.rescheduleJob(key, trigger);
                    }
                }
            }
        } catch (SchedulerException e) {
            log.error("could not plan reminders for INC-{}; they will be planned again at the next change or start", incident.number(), e);
        }
    }

    private Map<ReminderKind, Instant> planFor(Connection c, long number) throws SQLException {
        Incident i = incidents.find(c, number).orElseThrow();
        return plan.plan(i, states.find(c, number), plan.followUps(i, incidents.actionItems(c, number)));
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("reminder scheduler did not shut down cleanly", e);
        }
    }

    private static ConnectionProvider provider(DataSource ds) {
        return new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return ds.getConnection();
            }

            @Override
            public void shutdown() {
                // The pool belongs to the application, which closes it after the scheduler.
            }

            @Override
            public void initialize() {
            }
        };
    }

    /** The one Quartz job: hands the trigger's incident and kind to {@link ReminderFiring}. */
    public static final class ReminderJob implements Job {
        private final ReminderFiring firing;

        public ReminderJob(ReminderFiring firing) {
            this.firing = firing;
        }

        @Override
        public void execute(JobExecutionContext context) {
            long incident = Long.parseLong(context.getMergedJobDataMap().getString("incident"));
            ReminderKind kind = ReminderKind.valueOf(context.getMergedJobDataMap().getString("kind"));
            String tried = context.getMergedJobDataMap().getString("retry");
            int retry = tried == null ? 0 : Integer.parseInt(tried);
            try {
                firing.fire(incident, kind);
            } catch (RuntimeException e) {
                retryLater(context, incident, kind, retry + 1, e);
            }
        }

        /**
         * A reminder that failed (the database could not be written, say) is an escalation that did not happen: it is
         * tried again through a trigger in Quartz's own tables, so the retry survives a restart too. Firing re-checks
         * that the reminder is still due, so a late retry of something already done does nothing.
         */
        private static void retryLater(JobExecutionContext context, long incident, ReminderKind kind, int retry,
                                       RuntimeException error) {
            if (retry > MAX_RETRIES) {
                log.error("reminder {} for INC-{} failed {} times; the next change or start plans it again", kind, incident,
                        retry, error);
                return;
            }
            java.time.Duration wait = RETRY_AFTER.multipliedBy(retry);
            log.warn("reminder {} for INC-{} failed ({}); trying again in {} s", kind, incident, error.getMessage(),
                    wait.toSeconds());
            Trigger again = TriggerBuilder.newTrigger()
                    .withIdentity(kind.name().toLowerCase(Locale.ROOT) + "-retry-" + retry, "incident-" + incident)
                    .forJob(JOB).usingJobData("incident", Long.toString(incident)).usingJobData("kind", kind.name())
                    .usingJobData("retry", Integer.toString(retry))
                    .startAt(Date.from(Instant.now().plus(wait)))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
            try {
                if (context.getScheduler().checkExists(again.getKey())) {
                    context.getScheduler().rescheduleJob(again.getKey(), again);
                } else {
                    context.getScheduler().scheduleJob(again);
                }
            } catch (SchedulerException e) {
                log.error("reminder {} for INC-{} failed and its retry could not be stored; the next start plans it again",
                        kind, incident, e);
            }
        }
    }
}
