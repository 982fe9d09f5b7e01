-- Cart recovery schema, version 2, MariaDB: pending on-site popups, one per storefront token.
CREATE TABLE cr_popup (
    store_id         VARCHAR(200) NOT NULL,
    storefront_token VARCHAR(200) NOT NULL,
    expires_at       DATETIME(6) NOT NULL,
    body             LONGTEXT NOT NULL,
    PRIMARY KEY (store_id, storefront_token)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
