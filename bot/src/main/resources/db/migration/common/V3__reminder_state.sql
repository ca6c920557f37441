-- Where each incident stands with reminders and escalations, so the scheduler can plan the next one in O(1)
-- and a job that fires twice (after a restart) notices it already ran.
CREATE TABLE reminder_state (
    incident_id         BIGINT  PRIMARY KEY REFERENCES incident (id),
    ack_steps_done      INTEGER NOT NULL,
    overdue_steps_done  INTEGER NOT NULL,
    last_reminder_at    BIGINT  NOT NULL,
    overdue_base        BIGINT  NOT NULL,
    followups_done      INTEGER NOT NULL
);
