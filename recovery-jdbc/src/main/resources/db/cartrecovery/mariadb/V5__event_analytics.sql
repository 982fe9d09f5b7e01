-- Cart recovery schema, version 5, MariaDB: the fields of an event that the analytics report groups and counts
-- by, as columns, so that the report is computed by SQL aggregates: the step, the experiment arm, the type of a
-- started sequence (its detail when that names a sequence type) and the scale of the amount (BigDecimal's scale:
-- the amount column keeps 10 decimal places, the revenue is given with the scale of the amounts). Every insert
-- fills them; existing rows take them from their JSON body.
ALTER TABLE cr_event ADD COLUMN step_id VARCHAR(1000);
ALTER TABLE cr_event ADD COLUMN variant VARCHAR(1000);
ALTER TABLE cr_event ADD COLUMN sequence_type VARCHAR(16);
ALTER TABLE cr_event ADD COLUMN amount_scale INT;
UPDATE cr_event SET step_id = JSON_VALUE(body, '$.stepId'),
    variant = JSON_VALUE(body, '$.variant'),
    sequence_type = CASE WHEN event_type = 'SEQUENCE_STARTED'
        AND JSON_VALUE(body, '$.detail') IN ('FIRST_TIME', 'RETURNING', 'HIGH_VALUE', 'LOW_STOCK')
        THEN JSON_VALUE(body, '$.detail') END;
-- The scale of "value" as Jackson wrote it: digits after the point, less the exponent (1.0E-7 has scale 8, 1E+1
-- has scale -1). String functions, not regular expressions, whose replacement syntax MySQL and MariaDB spell
-- differently.
UPDATE cr_event SET amount_scale =
        CASE WHEN JSON_VALUE(body, '$.value') LIKE '%.%'
            THEN LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(LOWER(JSON_VALUE(body, '$.value')), 'e', 1), '.', -1))
            ELSE 0 END
        - CASE WHEN LOWER(JSON_VALUE(body, '$.value')) LIKE '%e%'
            THEN CAST(REPLACE(SUBSTRING_INDEX(LOWER(JSON_VALUE(body, '$.value')), 'e', -1), '+', '') AS SIGNED)
            ELSE 0 END
    WHERE amount IS NOT NULL;
