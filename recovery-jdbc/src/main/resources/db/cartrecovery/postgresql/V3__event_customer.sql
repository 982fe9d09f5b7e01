-- Cart recovery schema, version 3, PostgreSQL: the customer of each event, so that a customer's engagement
-- history (opens and clicks, read for the best send hour) comes from an index instead of a scan of the store's
-- event log. Every insert fills customer_id; existing opens and clicks take it from their JSON body.
-- On a very large cr_event a host may prefer to run CREATE INDEX CONCURRENTLY itself before this script.
ALTER TABLE cr_event ADD COLUMN customer_id VARCHAR(200) COLLATE "C";
UPDATE cr_event SET customer_id = CAST(body AS jsonb) ->> 'customerId'
    WHERE event_type IN ('MESSAGE_OPENED', 'MESSAGE_CLICKED');
CREATE INDEX cr_event_engagement ON cr_event (store_id, customer_id, occurred_at)
    WHERE event_type IN ('MESSAGE_OPENED', 'MESSAGE_CLICKED');
