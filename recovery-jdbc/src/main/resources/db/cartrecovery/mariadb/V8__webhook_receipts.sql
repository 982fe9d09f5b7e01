-- Cart recovery schema, version 8, MariaDB: receipts of inbound webhooks, so that a redelivery changes nothing. The
-- primary key decides between concurrent deliveries of one webhook; held_until is the claim's hold, NULL once
-- the webhook was processed; touched_at (the claim's or the completion's time) drives the bounded purge.
CREATE TABLE IF NOT EXISTS cr_webhook_receipt (
    store_id    VARCHAR(200) NOT NULL,
    receipt_key VARCHAR(200) NOT NULL,
    held_until  DATETIME(6) NULL,
    touched_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (store_id, receipt_key),
    INDEX cr_webhook_receipt_touched (touched_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
