-- Creates a table, then fails: nothing of it may stay.
CREATE TABLE cr_probe_two (id INT PRIMARY KEY);
INSERT INTO cr_probe_missing (id) VALUES (1);
