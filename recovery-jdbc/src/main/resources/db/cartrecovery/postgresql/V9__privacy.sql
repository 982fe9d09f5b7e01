-- Cart recovery schema, version 9, PostgreSQL: erasure, export and retention.
-- Suppression keys and the customers' email keys become the lower-case hex SHA-256 of the customer id or of the
-- lower-case address (as SuppressionKey computes them), so that the suppression list, which outlives an erased
-- customer, keeps no address or id in plain text.
UPDATE cr_suppression SET key_value = encode(sha256(convert_to(key_value, 'UTF8')), 'hex');
UPDATE cr_customer SET email_key = encode(sha256(convert_to(email_key, 'UTF8')), 'hex') WHERE email_key IS NOT NULL;
-- The customer and last activity of each cart, so that a customer's carts are found for erasure and export and
-- inactive carts for the retention purge. Existing carts take their customer from their JSON body and count as
-- active at this migration (the purge removes them one retention period after it at the earliest).
ALTER TABLE cr_cart ADD COLUMN customer_id VARCHAR(200) COLLATE "C";
ALTER TABLE cr_cart ADD COLUMN last_activity_at TIMESTAMP WITH TIME ZONE;
UPDATE cr_cart SET customer_id = CAST(body AS jsonb) ->> 'customerId', last_activity_at = CURRENT_TIMESTAMP;
CREATE INDEX cr_cart_customer ON cr_cart (store_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX cr_cart_activity ON cr_cart (store_id, last_activity_at);
-- The sequence of each waiting popup, so that an erased customer's popups go with their sequences.
ALTER TABLE cr_popup ADD COLUMN sequence_id VARCHAR(200) COLLATE "C";
UPDATE cr_popup SET sequence_id = CAST(body AS jsonb) ->> 'sequenceId';
-- Every sequence of a customer (the unique index has only the active ones; neither column ever changes, so
-- updates stay HOT), and a store's ended sequences oldest first for the purge. Neither index may lead with the
-- store alone for all rows: the planner would take it for the batch reads of a store whose statistics lag behind
-- and filter each cart's id over the whole store. So the customer leads the first, and the second is partial (a
-- sequence enters it when it ends, which changes the indexed status anyway).
CREATE INDEX cr_sequence_customer ON cr_sequence (customer_id, store_id);
CREATE INDEX cr_sequence_store_created ON cr_sequence (store_id, created) WHERE status <> 'ACTIVE';
