-- Cart recovery schema, version 3, MariaDB: the customer of each event, so that a customer's engagement history
-- (opens and clicks, read for the best send hour) comes from an index. Every insert fills customer_id; existing
-- opens and clicks take it from their JSON body.
ALTER TABLE cr_event ADD COLUMN customer_id VARCHAR(200);
UPDATE cr_event SET customer_id = JSON_VALUE(body, '$.customerId')
    WHERE event_type IN ('MESSAGE_OPENED', 'MESSAGE_CLICKED');
-- No partial index: it covers every event.
CREATE INDEX cr_event_engagement ON cr_event (store_id, customer_id, occurred_at);
