-- Cart recovery schema, version 3, H2: the customer of each event, so that a customer's engagement history
-- (opens and clicks, read for the best send hour) comes from an index. Every insert fills customer_id; existing
-- opens and clicks take it from their sequence (H2 has no JSON path functions; the engine records an open or a
-- click always with its sequence's customer).
ALTER TABLE cr_event ADD COLUMN customer_id VARCHAR(200);
UPDATE cr_event e SET customer_id = (SELECT s.customer_id FROM cr_sequence s
        WHERE s.store_id = e.store_id AND s.id = e.sequence_id)
    WHERE event_type IN ('MESSAGE_OPENED', 'MESSAGE_CLICKED');
-- H2 has no partial index: it covers every event.
CREATE INDEX cr_event_engagement ON cr_event (store_id, customer_id, occurred_at);
