-- A good first migration.
CREATE TABLE cr_probe_one (id INT PRIMARY KEY);
