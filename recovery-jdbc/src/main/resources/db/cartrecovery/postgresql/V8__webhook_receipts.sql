-- Cart recovery schema, version 8, PostgreSQL: receipts of inbound webhooks, so that a redelivery changes nothing. The
-- primary key decides between concurrent deliveries of one webhook; held_until is the claim's hold, NULL once
-- the webhook was processed; touched_at (the claim's or the completion's time) drives the bounded purge.
CREATE TABLE IF NOT EXISTS cr_webhook_receipt (
    store_id    VARCHAR(200) COLLATE "C" NOT NULL,
    receipt_key VARCHAR(200) COLLATE "C" NOT NULL,
    held_until  TIMESTAMP WITH TIME ZONE NULL,
    touched_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (store_id, receipt_key)
);
CREATE INDEX IF NOT EXISTS cr_webhook_receipt_touched ON cr_webhook_receipt (touched_at);
