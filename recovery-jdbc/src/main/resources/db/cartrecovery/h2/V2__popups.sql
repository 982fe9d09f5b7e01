-- Cart recovery schema, version 2, H2: pending on-site popups, one per storefront token.
CREATE TABLE cr_popup (
    store_id         VARCHAR(200) NOT NULL,
    storefront_token VARCHAR(200) NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    body             VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (store_id, storefront_token)
);
