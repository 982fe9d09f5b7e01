-- Cart recovery schema, version 9, MariaDB: erasure, export and retention.
-- Suppression keys and the customers' email keys become the lower-case hex SHA-256 of the customer id or of the
-- lower-case address (as SuppressionKey computes them; the columns are utf8mb4, so SHA2 hashes UTF-8), so that
-- the suppression list, which outlives an erased customer, keeps no address or id in plain text.
UPDATE cr_suppression SET key_value = SHA2(key_value, 256);
UPDATE cr_customer SET email_key = SHA2(email_key, 256) WHERE email_key IS NOT NULL;
-- The customer and last activity of each cart, so that a customer's carts are found for erasure and export and
-- inactive carts for the retention purge. Existing carts take their customer from their JSON body and count as
-- active at this migration (the purge removes them one retention period after it at the earliest).
ALTER TABLE cr_cart ADD COLUMN customer_id VARCHAR(200), ADD COLUMN last_activity_at DATETIME(6);
UPDATE cr_cart SET customer_id = JSON_VALUE(body, '$.customerId'), last_activity_at = UTC_TIMESTAMP(6);
CREATE INDEX cr_cart_customer ON cr_cart (store_id, customer_id);
CREATE INDEX cr_cart_activity ON cr_cart (store_id, last_activity_at);
-- The sequence of each waiting popup, so that an erased customer's popups go with their sequences.
ALTER TABLE cr_popup ADD COLUMN sequence_id VARCHAR(200);
UPDATE cr_popup SET sequence_id = JSON_VALUE(body, '$.sequenceId');
-- Every sequence of a customer (the unique key has only the active ones), and a store's sequences oldest first.
CREATE INDEX cr_sequence_customer ON cr_sequence (customer_id, store_id);
CREATE INDEX cr_sequence_store_created ON cr_sequence (store_id, created);
