-- The application's own migrations, with Flyway's default history table.
CREATE TABLE app_order (id VARCHAR(40) NOT NULL PRIMARY KEY, total DECIMAL(12, 2) NOT NULL);
