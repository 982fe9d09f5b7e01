package io.cartrecovery.core.internal;

import io.cartrecovery.core.Customer;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;

import java.time.Instant;

/** When a step is due: abandonment time plus the step's offset, never counted from the previous step. */
class StepTiming {

    Instant dueAt(Instant abandonedAt, StepDefinition step, Customer customer, StoreSettings settings) {
        return abandonedAt.plus(step.offset());
    }
}
