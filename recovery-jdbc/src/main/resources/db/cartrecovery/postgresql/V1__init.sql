-- Cart recovery schema, version 1, PostgreSQL 12+. Flyway can run this file as it is.
-- Ids use the "C" collation so that paging by id matches Java's String order and stays index-friendly.

CREATE TABLE cr_store_settings (
    store_id VARCHAR(200) COLLATE "C" NOT NULL PRIMARY KEY,
    body     TEXT NOT NULL
);

CREATE TABLE cr_customer (
    store_id    VARCHAR(200) COLLATE "C" NOT NULL,
    customer_id VARCHAR(200) COLLATE "C" NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (store_id, customer_id)
);

-- abandonment_due_at: when the cart counts as abandoned, NULL when nobody watches it.
-- picked_until / picked_by: a scheduler node took the timer and has until then to act on it.
CREATE TABLE cr_cart (
    store_id           VARCHAR(200) COLLATE "C" NOT NULL,
    cart_id            VARCHAR(200) COLLATE "C" NOT NULL,
    body               TEXT NOT NULL,
    abandonment_due_at TIMESTAMP WITH TIME ZONE,
    picked_until       TIMESTAMP WITH TIME ZONE,
    picked_by          VARCHAR(200),
    PRIMARY KEY (store_id, cart_id)
);
CREATE INDEX cr_cart_due ON cr_cart (abandonment_due_at) WHERE abandonment_due_at IS NOT NULL;

-- body is the whole RecoverySequence as JSON; the other columns are what queries filter on.
-- due_at is NULL once the sequence is terminal. While a step is claimed, picked_until holds its lease end (and
-- picked_by is NULL), so that a claim changes no indexed column: fillfactor leaves room for such in-place updates.
CREATE TABLE cr_sequence (
    store_id     VARCHAR(200) COLLATE "C" NOT NULL,
    id           VARCHAR(200) COLLATE "C" NOT NULL,
    created      BIGINT GENERATED ALWAYS AS IDENTITY,
    cart_id      VARCHAR(200) COLLATE "C" NOT NULL,
    customer_id  VARCHAR(200) COLLATE "C" NOT NULL,
    status       VARCHAR(16) NOT NULL,
    due_at       TIMESTAMP WITH TIME ZONE,
    version      BIGINT NOT NULL,
    picked_until TIMESTAMP WITH TIME ZONE,
    picked_by    VARCHAR(200),
    body         TEXT NOT NULL,
    PRIMARY KEY (store_id, id)
) WITH (fillfactor = 70);
-- One active sequence per customer and store.
CREATE UNIQUE INDEX cr_sequence_one_active ON cr_sequence (store_id, customer_id) WHERE status = 'ACTIVE';
-- The due-work claim.
CREATE INDEX cr_sequence_due ON cr_sequence (due_at) WHERE due_at IS NOT NULL;
-- The active-sequences page of a store.
CREATE INDEX cr_sequence_active ON cr_sequence (store_id, id) WHERE status = 'ACTIVE';
CREATE INDEX cr_sequence_cart ON cr_sequence (store_id, cart_id, created);

CREATE TABLE cr_event (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id    VARCHAR(200) COLLATE "C" NOT NULL,
    sequence_id VARCHAR(200) COLLATE "C",
    event_type  VARCHAR(40) NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    amount      NUMERIC,
    body        TEXT NOT NULL
);
CREATE INDEX cr_event_store_at ON cr_event (store_id, occurred_at);
CREATE INDEX cr_event_sequence ON cr_event (store_id, sequence_id) WHERE sequence_id IS NOT NULL;

CREATE TABLE cr_suppression (
    store_id VARCHAR(200) COLLATE "C" NOT NULL,
    kind     VARCHAR(16) NOT NULL,
    key_value VARCHAR(254) COLLATE "C" NOT NULL,
    reason   VARCHAR(200),
    suppressed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (store_id, kind, key_value)
);
