-- Cart recovery schema, version 5, H2: the fields of an event that the analytics report groups and counts by, as
-- columns, so that the report is computed by SQL aggregates: the step, the experiment arm, the type of a started
-- sequence (its detail when that names a sequence type) and the scale of the amount (BigDecimal's scale: the
-- amount column keeps 10 decimal places, the revenue is given with the scale of the amounts). Every insert fills
-- them. H2 has no JSON path functions: existing rows take them from their JSON body with regular expressions on
-- the text Jackson wrote (a quote or backslash escaped in an id is unescaped; other JSON escapes are kept).
ALTER TABLE cr_event ADD COLUMN step_id VARCHAR(1000000);
ALTER TABLE cr_event ADD COLUMN variant VARCHAR(1000000);
ALTER TABLE cr_event ADD COLUMN sequence_type VARCHAR(16);
ALTER TABLE cr_event ADD COLUMN amount_scale INT;
UPDATE cr_event SET
    step_id = REPLACE(REPLACE(REPLACE(REGEXP_SUBSTR(body, '"stepId":"((?:[^"\\]|\\.)*)"', 1, 1, '', 1),
        '\\', CHAR(0)), '\"', '"'), CHAR(0), '\'),
    variant = REPLACE(REPLACE(REPLACE(REGEXP_SUBSTR(body, '"variant":"((?:[^"\\]|\\.)*)"', 1, 1, '', 1),
        '\\', CHAR(0)), '\"', '"'), CHAR(0), '\'),
    sequence_type = CASE WHEN event_type = 'SEQUENCE_STARTED'
        THEN REGEXP_SUBSTR(body, '"detail":"(FIRST_TIME|RETURNING|HIGH_VALUE|LOW_STOCK)"', 1, 1, '', 1) END;
-- The scale of "value": digits after the point, less the exponent (1.0E-7 has scale 8, 1E+1 has scale -1).
UPDATE cr_event SET amount_scale =
        COALESCE(LENGTH(REGEXP_SUBSTR(body, '"value":-?[0-9]*\.([0-9]+)', 1, 1, '', 1)), 0)
        - COALESCE(CAST(REGEXP_SUBSTR(body, '"value":-?[0-9.]+[eE]\+?(-?[0-9]+)', 1, 1, '', 1) AS INT), 0)
    WHERE amount IS NOT NULL;
