package io.cartrecovery.core.internal;

import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.internal.InMemoryRecoveryStore.Partition;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The batch reads and writes of {@link InMemoryRecoveryStore}; the caller holds the partition's monitor. */
final class InMemoryBatches {

    private InMemoryBatches() {}

    static BatchState read(Partition p, Collection<String> cartIds, Collection<String> customerIds) {
        Map<String, Cart> carts = new HashMap<>();
        Set<String> watched = new HashSet<>();
        Map<String, List<RecoverySequence>> sequences = new HashMap<>();
        for (String cartId : cartIds) {
            Cart cart = p.carts.get(cartId);
            if (cart != null) {
                carts.put(cartId, cart);
            }
            if (p.abandonmentDue.containsKey(cartId)) {
                watched.add(cartId);
            }
            List<RecoverySequence> ofCart = InMemoryRecoveryStore.sequencesOfCart(p, cartId);
            if (!ofCart.isEmpty()) {
                sequences.put(cartId, ofCart);
            }
        }
        Map<String, Customer> customers = new HashMap<>();
        Map<String, RecoverySequence> active = new HashMap<>();
        Set<String> optedOut = new HashSet<>();
        for (String customerId : customerIds) {
            Customer customer = p.customers.get(customerId);
            if (customer != null) {
                customers.put(customerId, customer);
            }
            RecoverySequence sequence = p.activeByCustomer.get(customerId);
            if (sequence != null) {
                active.put(customerId, sequence);
            }
            if (p.suppressed.contains(SuppressionKey.customer(customerId))) {
                optedOut.add(customerId);
            }
        }
        return new BatchState(carts, watched, customers, sequences, active, optedOut);
    }

    /** Checks every compare-and-set and insert first; changes nothing and returns {@code false} on interference. */
    static boolean write(Partition p, BatchWrite write) {
        Set<String> freed = new HashSet<>();
        for (BatchWrite.Change change : write.changes()) {
            RecoverySequence stored = p.sequences.get(change.current().id());
            if (stored == null || stored.version() != change.current().version()) {
                return false;
            }
            if (stored.isActive() && !change.next().isActive()) {
                freed.add(stored.customerId());
            }
        }
        Set<String> starting = new HashSet<>();
        for (BatchWrite.Start start : write.starts()) {
            RecoverySequence sequence = start.sequence();
            if (p.sequences.containsKey(sequence.id())) {
                return false;
            }
            boolean taken = p.activeByCustomer.containsKey(sequence.customerId())
                    && !freed.contains(sequence.customerId());
            if (sequence.isActive() && (taken || !starting.add(sequence.customerId()))) {
                return false;
            }
        }
        write.customers().forEach(customer -> p.customers.put(customer.customerId(), customer));
        for (Cart cart : write.carts()) {
            p.carts.put(cart.cartId(), cart);
            InMemoryRecoveryStore.watch(p, write.storeId(), cart.cartId(), null);
        }
        for (BatchWrite.Change change : write.changes()) {
            InMemoryRecoveryStore.unindex(p, p.sequences.get(change.current().id()));
            p.sequences.put(change.next().id(), change.next());
            InMemoryRecoveryStore.index(p, change.next());
            InMemoryRecoveryStore.appendAll(p, change.events());
        }
        for (BatchWrite.Start start : write.starts()) {
            p.sequences.put(start.sequence().id(), start.sequence());
            InMemoryRecoveryStore.indexByCart(p, start.sequence());
            InMemoryRecoveryStore.index(p, start.sequence());
            InMemoryRecoveryStore.appendAll(p, start.events());
        }
        InMemoryRecoveryStore.appendAll(p, write.appended());
        return true;
    }
}
