package io.cartrecovery.core;

import io.cartrecovery.core.internal.InMemoryRecoveryStore;
import io.cartrecovery.core.spi.BatchStore;
import io.cartrecovery.core.spi.CartStore;
import io.cartrecovery.core.spi.EventLog;
import io.cartrecovery.core.spi.PopupStore;
import io.cartrecovery.core.spi.PrivacyStore;
import io.cartrecovery.core.spi.SequenceStore;
import io.cartrecovery.core.spi.SettingsStore;
import io.cartrecovery.core.spi.SuppressionList;
import io.cartrecovery.core.spi.TimerStore;
import io.cartrecovery.core.spi.WebhookReceipts;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the engine keeps everything, as the one store hosts wire: the roles of {@link io.cartrecovery.core.spi}
 * (settings, carts and customers, sequences, due timers, batches, the event log, popups, the suppression list,
 * the receipts of inbound webhooks, erasure, export and retention) together, with defaults for the reads that
 * combine several roles. Every read and write is scoped by store id; implementations are thread-safe. Use
 * {@link #inMemory()}, or {@code JdbcRecoveryStore} for a database.
 */
public interface RecoveryStore extends SettingsStore, CartStore, SequenceStore, TimerStore, BatchStore, EventLog,
        PopupStore, SuppressionList, WebhookReceipts, PrivacyStore {

    /** A thread-safe store in the heap; forgets everything when the process ends. */
    static RecoveryStore inMemory() {
        return new InMemoryRecoveryStore();
    }

    /**
     * Composes {@link #sequence}, {@link #cart}, {@link #customer} and {@link #isSuppressed}; an adapter may
     * answer in one round trip.
     */
    @Override
    default Optional<StepContext> stepContext(String storeId, String sequenceId) {
        return sequence(storeId, sequenceId).map(sequence -> {
            Cart cart = cart(storeId, sequence.cartId()).orElse(null);
            Customer customer = customer(storeId, sequence.customerId()).orElse(null);
            boolean suppressed = customer != null && customer.hasEmail()
                    && isSuppressed(storeId, SuppressionKey.email(customer.email()));
            return new StepContext(sequence, cart, customer, suppressed);
        });
    }

    /**
     * Composes the single-item reads; an adapter should answer in a number of round trips that does not grow with
     * the batch.
     */
    @Override
    default BatchState readBatch(String storeId, Collection<String> cartIds, Collection<String> customerIds) {
        Map<String, Cart> carts = new HashMap<>();
        Set<String> watched = new HashSet<>();
        Map<String, List<RecoverySequence>> sequences = new HashMap<>();
        for (String cartId : new HashSet<>(cartIds)) {
            cart(storeId, cartId).ifPresent(cart -> carts.put(cartId, cart));
            abandonmentDueAt(storeId, cartId).ifPresent(due -> watched.add(cartId));
            List<RecoverySequence> ofCart = sequencesOfCart(storeId, cartId);
            if (!ofCart.isEmpty()) {
                sequences.put(cartId, ofCart);
            }
        }
        Map<String, Customer> customers = new HashMap<>();
        Map<String, RecoverySequence> active = new HashMap<>();
        Set<String> optedOut = new HashSet<>();
        for (String customerId : new HashSet<>(customerIds)) {
            customer(storeId, customerId).ifPresent(customer -> customers.put(customerId, customer));
            activeSequenceOfCustomer(storeId, customerId).ifPresent(sequence -> active.put(customerId, sequence));
            if (isSuppressed(storeId, SuppressionKey.customer(customerId))) {
                optedOut.add(customerId);
            }
        }
        return new BatchState(carts, watched, customers, sequences, active, optedOut);
    }

    /** Composes {@link #eventsOfSequence}; an adapter should answer in one query. */
    @Override
    default Set<String> sequencesWithEvent(String storeId, Collection<String> sequenceIds, EventType type) {
        Set<String> found = new HashSet<>();
        for (String sequenceId : new HashSet<>(sequenceIds)) {
            if (eventsOfSequence(storeId, sequenceId).stream().anyMatch(event -> event.type() == type)) {
                found.add(sequenceId);
            }
        }
        return found;
    }
}
