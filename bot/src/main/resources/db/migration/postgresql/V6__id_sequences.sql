-- Replicas insert at once, so ids come from sequences instead of MAX(id) + 1 (see Sql.nextId).
-- Each starts after the largest id already there (a database that ran before this migration).
CREATE SEQUENCE incident_id_seq;
SELECT setval('incident_id_seq', COALESCE((SELECT MAX(id) FROM incident), 0) + 1, false);
CREATE SEQUENCE outbox_id_seq;
SELECT setval('outbox_id_seq', COALESCE((SELECT MAX(id) FROM outbox), 0) + 1, false);
CREATE SEQUENCE diagnostic_run_id_seq;
SELECT setval('diagnostic_run_id_seq', COALESCE((SELECT MAX(id) FROM diagnostic_run), 0) + 1, false);
-- As on SQLite: old delivery ids can be pruned by time.
CREATE INDEX processed_inbound_by_time ON processed_inbound (processed_at);
