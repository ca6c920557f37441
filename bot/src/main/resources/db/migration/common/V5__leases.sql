-- Leases for several replicas on one PostgreSQL (unused, but harmless, on SQLite's single process):
-- which replica performs an outbox lane now, and which one consumes a bot account's event stream.
-- expires_at is epoch milliseconds of the database's own clock, so replicas' clocks need not agree.
CREATE TABLE outbox_lane_lease (
    lane       VARCHAR(64)  PRIMARY KEY,
    holder     VARCHAR(128) NOT NULL,
    expires_at BIGINT       NOT NULL
);
CREATE INDEX outbox_lane_lease_by_holder ON outbox_lane_lease (holder);

CREATE TABLE consumer_lease (
    name       VARCHAR(128) PRIMARY KEY,
    holder     VARCHAR(128) NOT NULL,
    expires_at BIGINT       NOT NULL
);
