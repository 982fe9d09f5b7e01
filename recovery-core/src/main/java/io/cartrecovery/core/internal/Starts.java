package io.cartrecovery.core.internal;

import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.experiment.Experiment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The new sequence of an abandoned cart, shared by the single and the batch paths. */
final class Starts {
    private final StepTiming timing;

    Starts(StepTiming timing) {
        this.timing = timing;
    }

    /**
     * The sequence of the cart that makes another abandonment a no-op: an active one, or one started since the
     * cart's last activity.
     */
    static Optional<RecoverySequence> running(List<RecoverySequence> ofCart, Cart cart) {
        return ofCart.stream()
                .filter(s -> s.isActive() || !s.startedAt().isBefore(cart.lastActivityAt()))
                .findFirst();
    }

    /**
     * A new sequence of the cart's abandonment, not yet stored: its type from segmentation, the cart's experiment
     * arm (for good: a hash of cart id and experiment id), the first due time, and its start event. Its id is
     * derived from the store, the cart and the cart's last activity, which is what one abandonment is: two starts
     * of the same abandonment, from any thread or node, make the same id, and the store keeps only one.
     */
    BatchWrite.Start create(Cart cart, Customer customer, StoreSettings settings, Instant abandonedAt, Instant now) {
        return create(abandonmentId(cart), cart, customer, settings, abandonedAt, now);
    }

    /**
     * A manual restart of the {@code ended} sequence of the cart: offsets count from {@code now}; its id is derived
     * from the ended sequence and the time, so that a repeated request at the same moment starts nothing more.
     */
    BatchWrite.Start restart(RecoverySequence ended, Cart cart, Customer customer, StoreSettings settings,
                             Instant now) {
        return create(nameId("restart", ended.id(), now.toString()), cart, customer, settings, now, now);
    }

    static String abandonmentId(Cart cart) {
        return nameId("abandonment", cart.storeId(), cart.cartId(), cart.lastActivityAt().toString());
    }

    /** A name-based UUID of the parts; ids never contain line breaks, so the parts cannot run into each other. */
    private static String nameId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private BatchWrite.Start create(String id, Cart cart, Customer customer, StoreSettings settings,
                                    Instant abandonedAt, Instant now) {
        SequenceType type = Segmentation.classify(customer, cart, settings);
        Experiment experiment = settings.experimentFor(type);
        String arm = experiment == null ? null : experiment.assign(cart.cartId());
        List<StepDefinition> plan = experiment == null ? settings.policy(type).steps()
                : experiment.plan(arm, settings.policy(type));
        String variant = experiment == null ? null : experiment.label(arm);
        Instant firstDue = timing.dueAt(abandonedAt, plan.get(0), customer, settings);
        RecoverySequence sequence = RecoverySequence.start(id, cart, type, variant, plan, abandonedAt, firstDue,
                now);
        return new BatchWrite.Start(sequence, List.of(
                RecoveryEvent.sequenceStarted(sequence, cart.total(), now)));
    }
}
