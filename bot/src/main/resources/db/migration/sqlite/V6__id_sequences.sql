-- SQLite has one writer at a time: ids stay MAX(id) + 1 inside the write transaction (see Sql.nextId), so there is
-- no sequence to create (PostgreSQL's V6 creates them). Both add the index that lets old delivery ids be pruned.
CREATE INDEX processed_inbound_by_time ON processed_inbound (processed_at);
