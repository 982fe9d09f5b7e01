-- Cart recovery schema, version 5, PostgreSQL: the fields of an event that the analytics report groups and counts
-- by, as columns, so that the report is computed by SQL aggregates without parsing JSON: the step, the experiment
-- arm, the type of a started sequence (its detail when that names a sequence type) and the scale of the amount
-- (BigDecimal's scale, so that the recovered revenue keeps the scale of the amounts). Every insert fills them;
-- existing rows take them from their JSON body and amount. The report reads the period through cr_event_store_at.
-- On a very large cr_event this update rewrites every row; a host may prefer to run it in slices itself first.
ALTER TABLE cr_event ADD COLUMN step_id VARCHAR COLLATE "C";
ALTER TABLE cr_event ADD COLUMN variant VARCHAR COLLATE "C";
ALTER TABLE cr_event ADD COLUMN sequence_type VARCHAR(16);
ALTER TABLE cr_event ADD COLUMN amount_scale INT;
UPDATE cr_event SET step_id = CAST(body AS jsonb) ->> 'stepId',
    variant = CAST(body AS jsonb) ->> 'variant',
    sequence_type = CASE WHEN event_type = 'SEQUENCE_STARTED'
        AND CAST(body AS jsonb) ->> 'detail' IN ('FIRST_TIME', 'RETURNING', 'HIGH_VALUE', 'LOW_STOCK')
        THEN CAST(body AS jsonb) ->> 'detail' END,
    amount_scale = SCALE(amount);
