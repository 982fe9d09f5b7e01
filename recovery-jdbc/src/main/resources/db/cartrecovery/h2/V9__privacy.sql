-- Cart recovery schema, version 9, H2: erasure, export and retention.
-- Suppression keys and the customers' email keys become the lower-case hex SHA-256 of the customer id or of the
-- lower-case address (as SuppressionKey computes them; H2 hashes a character string as UTF-8), so that the
-- suppression list, which outlives an erased customer, keeps no address or id in plain text.
UPDATE cr_suppression SET key_value = LOWER(RAWTOHEX(HASH('SHA-256', key_value)));
UPDATE cr_customer SET email_key = LOWER(RAWTOHEX(HASH('SHA-256', email_key))) WHERE email_key IS NOT NULL;
-- The customer and last activity of each cart, so that a customer's carts are found for erasure and export and
-- inactive carts for the retention purge. Existing carts take their customer from their JSON body (H2 has no JSON
-- path functions: a regular expression on the text Jackson wrote, as in V5) and count as active at this
-- migration (the purge removes them one retention period after it at the earliest).
ALTER TABLE cr_cart ADD COLUMN customer_id VARCHAR(200);
ALTER TABLE cr_cart ADD COLUMN last_activity_at TIMESTAMP WITH TIME ZONE;
UPDATE cr_cart SET last_activity_at = CURRENT_TIMESTAMP,
    customer_id = REPLACE(REPLACE(REPLACE(REGEXP_SUBSTR(body, '"customerId":"((?:[^"\\]|\\.)*)"', 1, 1, '', 1),
        '\\', CHAR(0)), '\"', '"'), CHAR(0), '\');
CREATE INDEX cr_cart_customer ON cr_cart (store_id, customer_id);
CREATE INDEX cr_cart_activity ON cr_cart (store_id, last_activity_at);
-- The sequence of each waiting popup, so that an erased customer's popups go with their sequences.
ALTER TABLE cr_popup ADD COLUMN sequence_id VARCHAR(200);
UPDATE cr_popup SET sequence_id = REPLACE(REPLACE(REPLACE(REGEXP_SUBSTR(body,
        '"sequenceId":"((?:[^"\\]|\\.)*)"', 1, 1, '', 1), '\\', CHAR(0)), '\"', '"'), CHAR(0), '\');
-- Every sequence of a customer, and a store's sequences oldest first.
CREATE INDEX cr_sequence_customer ON cr_sequence (customer_id, store_id);
CREATE INDEX cr_sequence_store_created ON cr_sequence (store_id, created);
