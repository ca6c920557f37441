-- Commands answered "received, will answer shortly" while the engine was busy, until they have run: a restart runs
-- what is left (a crash must not lose a command the sender was told was received). The delivery id also keys
-- processed_inbound, so a command that ran before the crash is recognised and not applied twice.
CREATE TABLE held_command (
    platform          VARCHAR(64)  NOT NULL,
    delivery_id       VARCHAR(255) NOT NULL,
    person_id         TEXT         NOT NULL,
    person_name       TEXT         NOT NULL,
    conversation_id   TEXT         NOT NULL,
    conversation_name TEXT         NOT NULL,
    reply_handle      TEXT         NOT NULL,
    typed             TEXT         NOT NULL,
    received_at       BIGINT       NOT NULL,
    PRIMARY KEY (platform, delivery_id)
);
