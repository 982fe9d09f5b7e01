-- Cart recovery schema, version 1, MariaDB 10.6+ and MySQL 8. Flyway can run this file as it is.
-- Tables use utf8mb4_bin, so that ids compare case-sensitively and paging by id matches Java's String order (the
-- default collations ignore case). Times are UTC in DATETIME(6), to the microsecond like the other dialects.
-- Bodies are JSON as LONGTEXT.

CREATE TABLE cr_store_settings (
    store_id VARCHAR(200) NOT NULL PRIMARY KEY,
    body     LONGTEXT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cr_customer (
    store_id    VARCHAR(200) NOT NULL,
    customer_id VARCHAR(200) NOT NULL,
    body        LONGTEXT NOT NULL,
    PRIMARY KEY (store_id, customer_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- abandonment_due_at: when the cart counts as abandoned, NULL when nobody watches it.
-- picked_until / picked_by: a scheduler node took the timer and has until then to act on it.
CREATE TABLE cr_cart (
    store_id           VARCHAR(200) NOT NULL,
    cart_id            VARCHAR(200) NOT NULL,
    body               LONGTEXT NOT NULL,
    abandonment_due_at DATETIME(6),
    picked_until       DATETIME(6),
    picked_by          VARCHAR(200),
    PRIMARY KEY (store_id, cart_id),
    KEY cr_cart_due (abandonment_due_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- body is the whole RecoverySequence as JSON; the other columns are what queries filter on.
-- due_at is NULL once the sequence is terminal. While a step is claimed, picked_until holds its lease end.
CREATE TABLE cr_sequence (
    store_id     VARCHAR(200) NOT NULL,
    id           VARCHAR(200) NOT NULL,
    created      BIGINT NOT NULL AUTO_INCREMENT,
    cart_id      VARCHAR(200) NOT NULL,
    customer_id  VARCHAR(200) NOT NULL,
    status       VARCHAR(16) NOT NULL,
    due_at       DATETIME(6),
    version      BIGINT NOT NULL,
    picked_until DATETIME(6),
    picked_by    VARCHAR(200),
    body         LONGTEXT NOT NULL,
    -- No partial index: the customer id of an active sequence, NULL otherwise (NULLs never collide).
    active_customer_id VARCHAR(200) AS (CASE WHEN status = 'ACTIVE' THEN customer_id END) STORED,
    PRIMARY KEY (store_id, id),
    KEY cr_sequence_created (created),
    -- One active sequence per customer and store.
    UNIQUE KEY cr_sequence_one_active (store_id, active_customer_id),
    -- The due-work claim.
    KEY cr_sequence_due (due_at),
    -- The active-sequences page of a store uses the primary key.
    KEY cr_sequence_cart (store_id, cart_id, created)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cr_event (
    seq         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    store_id    VARCHAR(200) NOT NULL,
    sequence_id VARCHAR(200),
    event_type  VARCHAR(40) NOT NULL,
    occurred_at DATETIME(6) NOT NULL,
    amount      DECIMAL(38, 10),
    body        LONGTEXT NOT NULL,
    KEY cr_event_store_at (store_id, occurred_at),
    KEY cr_event_sequence (store_id, sequence_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cr_suppression (
    store_id      VARCHAR(200) NOT NULL,
    kind          VARCHAR(16) NOT NULL,
    key_value     VARCHAR(254) NOT NULL,
    reason        VARCHAR(200),
    suppressed_at DATETIME(6) NOT NULL,
    PRIMARY KEY (store_id, kind, key_value)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
