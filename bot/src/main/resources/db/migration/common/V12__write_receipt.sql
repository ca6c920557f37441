-- One row per engine write transaction, written just before COMMIT: when COMMIT reports an error, a fresh connection
-- looks for the row to tell a commit that landed from one that did not. Rows older than a few minutes are pruned.
CREATE TABLE write_receipt (
    token VARCHAR(64) PRIMARY KEY,
    at    BIGINT      NOT NULL
);
CREATE INDEX write_receipt_by_time ON write_receipt (at);

-- When the last attempt at a row began: set before each send, so a retry knows an earlier try may have landed
-- (a crash or a timeout between send and record) and looks for it before sending again.
ALTER TABLE outbox ADD COLUMN attempt_started_at BIGINT;

-- Why a row was set aside without being performed (unreadable, no_platform, unexpected_error); failed_at is set too,
-- so it never holds up its lane. Rows set aside because their platform was not running are released when it runs.
ALTER TABLE outbox ADD COLUMN quarantined VARCHAR(32);
