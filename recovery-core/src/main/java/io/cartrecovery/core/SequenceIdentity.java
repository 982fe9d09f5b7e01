package io.cartrecovery.core;

import java.time.Instant;
import java.util.List;

/**
 * What a recovery sequence is, fixed when it starts: which cart of which customer, which segment and variant
 * chose which plan, and the abandonment every offset counts from. Its {@link SequenceProgress} is what changes.
 *
 * @param id          unique id
 * @param storeId     the store
 * @param cartId      the abandoned cart
 * @param customerId  the cart's customer
 * @param type        the segment that chose the plan
 * @param variant     experiment variant, or {@code null}
 * @param plan        the steps
 * @param abandonedAt the abandonment time every offset counts from
 * @param startedAt   when the sequence was created
 */
public record SequenceIdentity(String id, String storeId, String cartId, String customerId, SequenceType type,
                               String variant, List<StepDefinition> plan, Instant abandonedAt, Instant startedAt) {

    public SequenceIdentity {
        Checks.id(id, "id");
        Checks.id(storeId, "storeId");
        Checks.id(cartId, "cartId");
        Checks.id(customerId, "customerId");
        Checks.notNull(type, "type");
        plan = List.copyOf(Checks.notEmpty(plan, "plan"));
        Checks.notNull(abandonedAt, "abandonedAt");
        Checks.notNull(startedAt, "startedAt");
    }
}
