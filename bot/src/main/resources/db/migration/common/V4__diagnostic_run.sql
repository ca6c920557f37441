-- Diagnostic runs: the request, the approval decision and the (capped, redacted) result, next to the timeline
-- events that tell the same story.
CREATE TABLE diagnostic_run (
    id              BIGINT        PRIMARY KEY,
    incident_id     BIGINT        NOT NULL REFERENCES incident (id),
    diagnostic      VARCHAR(128)  NOT NULL,
    arguments       VARCHAR(4000) NOT NULL,
    command_line    VARCHAR(4000) NOT NULL,
    approval        VARCHAR(32)   NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    requested_by_id VARCHAR(255)  NOT NULL,
    requested_at    BIGINT        NOT NULL,
    decided_by_id   VARCHAR(255),
    decided_at      BIGINT,
    finished_at     BIGINT,
    exit_code       INTEGER,
    timed_out       BOOLEAN,
    status_line     VARCHAR(1000),
    stdout          TEXT,
    stderr          TEXT
);
CREATE INDEX diagnostic_run_by_state ON diagnostic_run (state);
