package io.cartrecovery.core.internal;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.internal.InMemoryRecoveryStore.Partition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Erasure, export and the retention purge of {@link InMemoryRecoveryStore}; the caller holds the monitor. */
final class InMemoryPrivacy {

    private InMemoryPrivacy() {}

    static boolean eraseCustomer(Partition p, String storeId, String customerId) {
        Set<String> sequenceIds = new HashSet<>();
        Set<String> cartIds = new HashSet<>();
        for (RecoverySequence sequence : p.sequences.values()) {
            if (sequence.customerId().equals(customerId)) {
                sequenceIds.add(sequence.id());
                cartIds.add(sequence.cartId());
            }
        }
        p.carts.values().stream().filter(cart -> customerId.equals(cart.customerId()))
                .forEach(cart -> cartIds.add(cart.cartId()));
        Customer customer = p.customers.remove(customerId);
        if (customer != null && customer.hasEmail()) {
            p.suppressed.add(SuppressionKey.email(customer.email()));
        }
        boolean found = customer != null || !sequenceIds.isEmpty() || !cartIds.isEmpty();
        removeSequences(p, sequenceIds, false);
        for (String cartId : cartIds) {
            p.carts.remove(cartId);
            InMemoryRecoveryStore.watch(p, storeId, cartId, null);
        }
        for (int i = 0; i < p.events.size(); i++) {
            RecoveryEvent event = p.events.get(i);
            if (customerId.equals(event.customerId()) || sequenceIds.contains(event.sequenceId())) {
                p.events.set(i, event.erased());
                found = true;
            }
        }
        p.engagementByCustomer.remove(customerId);
        return found;
    }

    static CustomerExport export(Partition p, String storeId, String customerId) {
        List<RecoverySequence> sequences = p.sequences.values().stream()
                .filter(sequence -> sequence.customerId().equals(customerId))
                .sorted(Comparator.comparing(RecoverySequence::startedAt).thenComparing(RecoverySequence::id))
                .toList();
        Set<String> sequenceIds = new HashSet<>();
        sequences.forEach(sequence -> sequenceIds.add(sequence.id()));
        List<Cart> carts = p.carts.values().stream().filter(cart -> customerId.equals(cart.customerId()))
                .sorted(Comparator.comparing(Cart::cartId)).toList();
        List<RecoveryEvent> events = p.events.stream().filter(event -> customerId.equals(event.customerId())
                || sequenceIds.contains(event.sequenceId())).toList();
        Customer customer = p.customers.get(customerId);
        boolean emailSuppressed = customer != null && customer.hasEmail()
                && p.suppressed.contains(SuppressionKey.email(customer.email()));
        return new CustomerExport(storeId, customerId, customer, carts, sequences, events,
                p.suppressed.contains(SuppressionKey.customer(customerId)), emailSuppressed);
    }

    static int purge(Partition p, Instant cutoff, Instant now, int limit) {
        Map<String, Instant> lastEvent = new HashMap<>();
        for (RecoveryEvent event : p.events) {
            if (event.sequenceId() != null) {
                lastEvent.merge(event.sequenceId(), event.at(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        Set<String> expired = new HashSet<>();
        p.sequences.values().stream()
                .filter(s -> !s.isActive() && lastEvent.getOrDefault(s.id(), Instant.MIN).isBefore(cutoff))
                .sorted(Comparator.comparing(RecoverySequence::startedAt).thenComparing(RecoverySequence::id))
                .limit(limit).forEach(s -> expired.add(s.id()));
        int purged = expired.size() + removeSequences(p, expired, true);
        Set<RecoveryEvent> orphans = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Iterator<RecoveryEvent> it = p.events.iterator(); it.hasNext() && orphans.size() < limit; ) {
            RecoveryEvent event = it.next();
            if (event.sequenceId() == null && event.at().isBefore(cutoff)) {
                it.remove();
                orphans.add(event);
            }
        }
        if (!orphans.isEmpty()) {
            p.engagementByCustomer.values().forEach(list -> list.removeIf(orphans::contains));
        }
        List<String> staleCarts = p.carts.values().stream()
                .filter(cart -> cart.lastActivityAt().isBefore(cutoff) && !p.abandonmentDue.containsKey(cart.cartId())
                        && InMemoryRecoveryStore.sequencesOfCart(p, cart.cartId()).stream()
                        .noneMatch(RecoverySequence::isActive))
                .sorted(Comparator.comparing(Cart::lastActivityAt)).limit(limit).map(Cart::cartId).toList();
        staleCarts.forEach(p.carts::remove);
        int popups = 0;
        for (Iterator<PendingPopup> it = p.popups.values().iterator(); it.hasNext() && popups < limit; ) {
            if (it.next().expiresAt().isBefore(now)) {
                it.remove();
                popups++;
            }
        }
        return purged + orphans.size() + staleCarts.size() + popups;
    }

    /**
     * Removes the sequences with their popups, and their events if {@code withEvents}; returns how many popups and
     * events went.
     */
    private static int removeSequences(Partition p, Set<String> ids, boolean withEvents) {
        if (ids.isEmpty()) {
            return 0;
        }
        Set<String> carts = new HashSet<>();
        for (String id : ids) {
            RecoverySequence sequence = p.sequences.remove(id);
            InMemoryRecoveryStore.unindex(p, sequence);
            carts.add(sequence.cartId());
        }
        for (String cartId : carts) {
            List<String> kept = new ArrayList<>();
            InMemoryRecoveryStore.sequencesOfCartIds(p, cartId).stream().filter(id -> !ids.contains(id))
                    .forEach(kept::add);
            if (kept.isEmpty()) {
                p.sequencesByCart.remove(cartId);
            } else {
                p.sequencesByCart.put(cartId, kept.size() == 1 ? kept.get(0) : kept);
            }
        }
        int popups = p.popups.size();
        p.popups.values().removeIf(popup -> ids.contains(popup.sequenceId()));
        popups -= p.popups.size();
        if (!withEvents) {
            return popups;
        }
        int events = p.events.size();
        p.events.removeIf(event -> ids.contains(event.sequenceId()));
        p.engagementByCustomer.values().forEach(list -> list.removeIf(event -> ids.contains(event.sequenceId())));
        return popups + events - p.events.size();
    }
}
