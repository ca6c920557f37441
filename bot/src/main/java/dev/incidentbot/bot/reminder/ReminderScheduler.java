package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.Vendor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link ReminderTimer}: one Quartz trigger per job, in Quartz's JDBC job store inside the bot's own
 * database, so reminders survive restarts; clustered across replicas on PostgreSQL. (The class keeps its name: the
 * job class {@code ReminderScheduler$ReminderJob} is stored in QRTZ_JOB_DETAILS of existing databases.)
 */
public final class ReminderScheduler implements ReminderTimer {
    private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);
    /** The scheduler name in Quartz's tables: every replica of one database shares it (that is Quartz's cluster). */
    static final String STORED_NAME = "incident-bot";
    private static final JobKey JOB = JobKey.jobKey("reminder", "incident-bot");
    /** How often each clustered instance checks in (PostgreSQL); Quartz recovers one silent for this + 7.5 s. */
    public static final java.time.Duration CLUSTER_CHECKIN = java.time.Duration.ofSeconds(2);

    private final Scheduler scheduler;
    /** This instance's name inside the JVM (Quartz's scheduler repository): unique, so each Application has its own. */
    private final String name;
    private volatile Consumer<ScheduledReminder> due = job -> {
        throw new IllegalStateException("the reminder scheduler is not started");
    };

    public ReminderScheduler(Database db) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        this.name = STORED_NAME + "-" + unique;
        // Quartz finds its data source by a JVM-wide name: one per instance, or a second bot would take the first's.
        String dataSource = "incidentbot-" + unique;
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, provider(db.dataSource()));
        try {
            scheduler = new StdSchedulerFactory(properties(db.vendor(), name, dataSource)).getScheduler();
            scheduler.setJobFactory((bundle, s) -> new ReminderJob(job -> due.accept(job)));
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
    static Properties properties(Vendor vendor, String name, String dataSource) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        // Unique per instance (AUTO is host name + start millisecond, which two replicas in one JVM can share).
        p.setProperty("org.quartz.scheduler.instanceId", name.substring(STORED_NAME.length() + 1) + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.jobStore.class", StoredNameJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
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

    /**
     * Quartz names a scheduler's rows in its tables after the scheduler (SCHED_NAME); this store keeps the one stored
     * name whatever the instance is called, so existing triggers stay found and replicas still form one cluster.
     */
    public static final class StoredNameJobStore extends JobStoreTX {
        @Override
        public void setInstanceName(String instanceName) {
            super.setInstanceName(STORED_NAME);
        }
    }

    @Override
    public void start(Consumer<ScheduledReminder> due) {
        this.due = due;
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the reminder scheduler: " + e.getMessage(), e);
        }
    }

    private static TriggerKey key(ScheduledReminder job) {
        return TriggerKey.triggerKey(job.name(), job.group());
    }

    @Override
    public Optional<Instant> planned(ScheduledReminder job) {
        try {
            Trigger existing = scheduler.getTrigger(key(job));
            return existing == null ? Optional.empty()
                    : Optional.ofNullable(existing.getNextFireTime()).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new ReminderTimer.Failed("cannot read the trigger of " + job + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void plan(ScheduledReminder job, Instant at) {
        TriggerKey key = key(job);
        TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger().withIdentity(key).forJob(JOB)
                .usingJobData("incident", Long.toString(job.incident()))
                .usingJobData("kind", job.kind().name());
        if (job.retry() > 0) {
            builder = builder.usingJobData("retry", Integer.toString(job.retry()));
        }
        Trigger trigger = builder.startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            try {
                scheduler.scheduleJob(trigger);
            } catch (ObjectAlreadyExistsException planned) {
                // Planned before (or by another replica a moment ago: both re-plan at start-up): move it. If it
                // fired and went away meanwhile, plan it afresh.
                if (scheduler.rescheduleJob(key, trigger) == null) {
                    scheduler.scheduleJob(trigger);
                }
            }
        } catch (SchedulerException e) {
            throw new ReminderTimer.Failed("cannot plan " + job + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(ScheduledReminder job) {
        try {
            scheduler.unscheduleJob(key(job));
        } catch (SchedulerException e) {
            throw new ReminderTimer.Failed("cannot cancel " + job + ": " + e.getMessage(), e);
        }
    }

    /** The Quartz scheduler itself, for tests that look at or disturb its triggers. */
    Scheduler quartz() {
        return scheduler;
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

    /** The one Quartz job: hands the trigger's incident, kind and retry count to the engine's reminders. */
    public static final class ReminderJob implements Job {
        private final Consumer<ScheduledReminder> due;

        public ReminderJob(Consumer<ScheduledReminder> due) {
            this.due = due;
        }

        @Override
        public void execute(JobExecutionContext context) {
            JobDataMap data = context.getMergedJobDataMap();
            String tried = data.getString("retry");
            due.accept(new ScheduledReminder(Long.parseLong(data.getString("incident")),
                    ReminderKind.valueOf(data.getString("kind")), tried == null ? 0 : Integer.parseInt(tried)));
        }
    }
}
