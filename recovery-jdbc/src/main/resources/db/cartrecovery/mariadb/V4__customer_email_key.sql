-- Cart recovery schema, version 4, MariaDB: the suppression key of the customer's email address (the address in
-- lower case), so that a due step reads its sequence, cart, customer and email suppression in one query. Rows
-- written before this version keep NULL until the customer is saved again; the store then asks the suppression
-- list separately.
ALTER TABLE cr_customer ADD COLUMN email_key VARCHAR(254);
