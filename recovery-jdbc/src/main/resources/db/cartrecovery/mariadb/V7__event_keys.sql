-- Cart recovery schema, version 7, MariaDB: keys of events that are appended at most once (an open per message, a
-- click per message and link); the primary key decides between concurrent appends.
CREATE TABLE IF NOT EXISTS cr_event_key (
    store_id  VARCHAR(200) NOT NULL,
    event_key VARCHAR(200) NOT NULL,
    PRIMARY KEY (store_id, event_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
