-- Integrations (issue 16). Numbered after the issue so parallel branches' migrations do not collide.

-- Each outbound call an incident asked for, once per idempotency key: the engine enqueues a key at most once, so
-- "one page per incident and service" holds however often a step is reached, also across restarts.
CREATE TABLE integration_call (
    incident_id  BIGINT       NOT NULL REFERENCES incident (id),
    integration  VARCHAR(64)  NOT NULL,
    idem_key     VARCHAR(255) NOT NULL,
    outbox_id    BIGINT,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (incident_id, integration, idem_key)
);

-- External ids per incident and integration (a Statuspage incident id): written as soon as the outside answered.
CREATE TABLE external_ref (
    incident_id  BIGINT        NOT NULL REFERENCES incident (id),
    integration  VARCHAR(64)   NOT NULL,
    ref_key      VARCHAR(255)  NOT NULL,
    ref_value    VARCHAR(4000) NOT NULL,
    created_at   BIGINT        NOT NULL,
    PRIMARY KEY (incident_id, integration, ref_key)
);

-- Incidents declared by an inbound integration, by the source's own key (an Alertmanager groupKey).
CREATE TABLE incident_source (
    source        VARCHAR(64)   NOT NULL,
    external_key  VARCHAR(1000) NOT NULL,
    incident_id   BIGINT        NOT NULL REFERENCES incident (id),
    PRIMARY KEY (source, external_key)
);
