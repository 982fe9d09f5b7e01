-- Cart recovery schema, version 2, PostgreSQL: pending on-site popups, one per storefront token.
CREATE TABLE cr_popup (
    store_id         VARCHAR(200) COLLATE "C" NOT NULL,
    storefront_token VARCHAR(200) COLLATE "C" NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    body             TEXT NOT NULL,
    PRIMARY KEY (store_id, storefront_token)
);
