-- The engine's tables. Portable SQL (SQLite and PostgreSQL): no AUTOINCREMENT/SERIAL, no BLOB, no PRAGMA;
-- ids are allocated by the engine inside its write transaction, times are epoch milliseconds.

CREATE TABLE incident (
    id                       BIGINT        PRIMARY KEY,
    platform                 VARCHAR(32)   NOT NULL,
    title                    VARCHAR(4000) NOT NULL,
    severity                 VARCHAR(64)   NOT NULL,
    status                   VARCHAR(32)   NOT NULL,
    drill                    BOOLEAN       NOT NULL,
    impact                   VARCHAR(4000) NOT NULL,
    declared_by_id           VARCHAR(255)  NOT NULL,
    declared_by_name         VARCHAR(255)  NOT NULL,
    origin_conversation_id   VARCHAR(255)  NOT NULL,
    origin_conversation_name VARCHAR(255)  NOT NULL,
    conversation_name        VARCHAR(255)  NOT NULL,
    conversation_id          VARCHAR(255),
    declared_at              BIGINT        NOT NULL,
    acknowledged_at          BIGINT,
    mitigated_at             BIGINT,
    resolved_at              BIGINT,
    last_update_at           BIGINT
);
CREATE INDEX incident_by_conversation ON incident (platform, conversation_id);
CREATE INDEX incident_by_status ON incident (status);

CREATE TABLE participant (
    incident_id BIGINT       NOT NULL REFERENCES incident (id),
    person_id   VARCHAR(255) NOT NULL,
    person_name VARCHAR(255) NOT NULL,
    role        VARCHAR(64)  NOT NULL,
    since       BIGINT       NOT NULL,
    assigned_by VARCHAR(255) NOT NULL,
    PRIMARY KEY (incident_id, role)
);

CREATE TABLE timeline_event (
    incident_id BIGINT        NOT NULL REFERENCES incident (id),
    seq         INTEGER       NOT NULL,
    type        VARCHAR(64)   NOT NULL,
    actor_id    VARCHAR(255)  NOT NULL,
    actor_name  VARCHAR(255)  NOT NULL,
    occurred_at BIGINT        NOT NULL,
    payload     TEXT          NOT NULL,
    prev_hash   VARCHAR(64)   NOT NULL,
    hash        VARCHAR(64)   NOT NULL,
    PRIMARY KEY (incident_id, seq)
);

CREATE TABLE outbox (
    id              BIGINT        PRIMARY KEY,
    lane            VARCHAR(64)   NOT NULL,
    platform        VARCHAR(32)   NOT NULL,
    incident_id     BIGINT,
    payload         TEXT          NOT NULL,
    created_at      BIGINT        NOT NULL,
    attempts        INTEGER       NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    delivered_at    BIGINT,
    failed_at       BIGINT,
    last_error      VARCHAR(2000)
);
CREATE INDEX outbox_pending ON outbox (delivered_at, failed_at, lane, id);

CREATE TABLE message_ref (
    incident_id       BIGINT       NOT NULL REFERENCES incident (id),
    ref_key           VARCHAR(64)  NOT NULL,
    conversation_id   VARCHAR(255) NOT NULL,
    conversation_name VARCHAR(255) NOT NULL,
    message_id        VARCHAR(255) NOT NULL,
    PRIMARY KEY (incident_id, ref_key)
);

CREATE TABLE action_item (
    incident_id BIGINT        NOT NULL REFERENCES incident (id),
    n           INTEGER       NOT NULL,
    text        VARCHAR(4000) NOT NULL,
    owner       VARCHAR(255)  NOT NULL,
    due         VARCHAR(10)   NOT NULL,
    created_at  BIGINT        NOT NULL,
    PRIMARY KEY (incident_id, n)
);

CREATE TABLE processed_inbound (
    delivery_id  VARCHAR(255) NOT NULL,
    platform     VARCHAR(32)  NOT NULL,
    processed_at BIGINT       NOT NULL,
    PRIMARY KEY (platform, delivery_id)
);

CREATE TABLE platform_state (
    platform    VARCHAR(32)   NOT NULL,
    state_key   VARCHAR(128)  NOT NULL,
    state_value VARCHAR(4000) NOT NULL,
    PRIMARY KEY (platform, state_key)
);
