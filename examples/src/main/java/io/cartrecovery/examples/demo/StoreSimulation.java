package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.links.InvalidLinkException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.random.RandomGenerator;

/**
 * Customers of one store on virtual time: they fill carts, some buy at once, most leave; then they react to the
 * engine's popups and emails (see, open, click, buy, opt out) or never come back. Every choice comes from one
 * seeded random source and every action runs on the engine's virtual clock, so a seed always gives the same
 * history. Single-threaded: the scheduler runs the engine's steps in the thread that advances it.
 *
 * <p>Customers act through the engine's engagement API only, the calls a host's endpoints make: a storefront visit
 * asks {@link RecoveryEngine#takePopup}, opening an email follows its open pixel ({@link RecoveryEngine#recordOpen}),
 * a click follows the tracked restore link ({@link RecoveryEngine#click}) and an opt-out the one-click unsubscribe
 * URL of the customer's last email ({@link RecoveryEngine#unsubscribe}). The simulation never writes events.
 */
final class StoreSimulation {
    /** Time resolution: customer actions land at most this late behind the engine's steps. */
    static final Duration TICK = Duration.ofMinutes(1);

    /** Share of carts that come from a customer who already had a cart this period. */
    private static final double RETURNING_CART = 0.12;
    /** How likely customers are to react; {@link Persona} and the sequence type scale these. */
    private static final double BUY_IN_SESSION = 0.10;
    private static final double BUY_LATER_ON_THEIR_OWN = 0.05;
    /** Chance that a customer who left comes back to the store soon (and meets the popup, if one waits). */
    private static final double STOREFRONT_VISIT = 0.55;
    private static final double POPUP_CLICK = 0.35;
    private static final double BUY_AFTER_POPUP_CLICK = 0.45;
    private static final double EMAIL_OPEN = 0.45;
    private static final double EMAIL_CLICK = 0.30;
    private static final double BUY_AFTER_EMAIL_CLICK = 0.40;
    private static final double OPT_OUT_AFTER_OPEN = 0.025;

    /** How much a customer cares: some never come back whatever they get. */
    private enum Persona {
        GONE(0.0), LUKEWARM(1.0), KEEN(1.7);

        final double factor;

        Persona(double factor) {
            this.factor = factor;
        }
    }

    private record Action(Instant at, long order, Runnable run) {}

    private final RecoveryEngine engine;
    private final VirtualTimeScheduler scheduler;
    private final String storeId;
    private final RandomGenerator random;
    private final Shoppers shoppers;
    private final PriorityQueue<Action> timeline = new PriorityQueue<>(
            Comparator.comparing(Action::at).thenComparingLong(Action::order));
    private final Map<String, Customer> customers = new HashMap<>();
    private final Map<String, Persona> personas = new HashMap<>();
    private final Set<String> purchasedCarts = new HashSet<>();
    private final Map<String, Delivery> lastEmails = new HashMap<>();
    /** The type of each sequence met, read once: it never changes, and reading a sequence costs a store query. */
    private final Map<String, SequenceType> sequenceTypes = new HashMap<>();
    private long actions;
    private int orders;
    private int opens;
    private int clicks;
    private int unsubscribes;
    private int popupsTaken;
    private int rejectedLinks;

    StoreSimulation(RecoveryEngine engine, VirtualTimeScheduler scheduler, String storeId, RandomGenerator random) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.storeId = storeId;
        this.random = random;
        this.shoppers = new Shoppers(storeId, random);
    }

    /** Plans the arrival of {@code carts} carts, spread over {@code period} from now, fewer at night. */
    void planArrivals(int carts, Duration period) {
        Instant start = now();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < carts; i++) {
            String customerId;
            if (!seen.isEmpty() && chance(RETURNING_CART)) {
                customerId = seen.get(random.nextInt(seen.size()));
            } else {
                customerId = "cust-%05d".formatted(seen.size());
                customers.put(customerId, shoppers.customer(seen.size()));
                seen.add(customerId);
            }
            Customer customer = customers.get(customerId);
            Instant at;
            do {
                at = start.plusSeconds((long) (random.nextDouble() * period.toSeconds()));
            } while (at.atZone(customer.timeZone()).getHour() < 7 && random.nextDouble() < 0.7);
            String cartId = "cart-%05d".formatted(i);
            at(at, () -> arrive(cartId, customerId));
        }
    }

    /** Runs the timeline and the engine together up to {@code end}; {@code progress} hears fractions 0 to 1. */
    void runUntil(Instant end, DoubleConsumer progress) {
        Instant start = now();
        double span = Duration.between(start, end).toSeconds();
        for (Instant tick = start; tick.isBefore(end); ) {
            Instant target = tick.plus(TICK).isAfter(end) ? end : tick.plus(TICK);
            while (!timeline.isEmpty() && !timeline.peek().at().isAfter(target)) {
                Action action = timeline.poll();
                scheduler.advanceTo(action.at());
                action.run().run();
            }
            scheduler.advanceTo(target);
            tick = target;
            progress.accept(Duration.between(start, tick).toSeconds() / span);
        }
    }

    /** Orders placed by the simulated customers, in a session or after a message. */
    int orders() {
        return orders;
    }

    /** What the simulated customers did through the engine's engagement API. */
    DemoResult.Engagement engagement() {
        return new DemoResult.Engagement(opens, clicks, unsubscribes, popupsTaken, rejectedLinks);
    }

    /** The engine delivered an email: the customer may open it, click through and buy, or opt out. */
    void emailDelivered(Delivery delivery) {
        lastEmails.put(delivery.customer().customerId(), delivery);
        double care = care(delivery.cart().cartId(), delivery.sequenceId());
        if (!chance(EMAIL_OPEN * Math.min(care, 1.5))) {
            return;
        }
        at(now().plus(minutes(2, 8 * 60)), () -> {
            MessageLinks.openToken(delivery.message()).ifPresent(token -> follow(() -> {
                engine.recordOpen(storeId, token);
                opens++;
            }));
            if (chance(OPT_OUT_AFTER_OPEN)) {
                at(now().plus(minutes(1, 5)), () -> optOut(delivery.customer().customerId()));
            } else if (chance(EMAIL_CLICK * pull(delivery.step()))) {
                at(now().plus(minutes(1, 3)), () -> {
                    click(delivery.cart().restoreUrl());
                    if (chance(BUY_AFTER_EMAIL_CLICK * care * pull(delivery.step()))) {
                        at(now().plus(minutes(5, 40)), () -> purchase(delivery.cart()));
                    }
                });
            }
        });
    }

    /**
     * How much the voice of an email moves the customer who opened it, to click and then to buy: answering
     * objections works better than the other tones (what the demo store's experiment on the +24h email can show),
     * a discount helps too.
     */
    static double pull(StepDefinition step) {
        double tone = switch (step.tone()) {
            case OBJECTION_HANDLING -> 1.5;
            case LAST_CHANCE -> 1.1;
            case HELPFUL_REMINDER, SOCIAL_PROOF -> 1.0;
        };
        return step.incentive() == null ? tone : tone * 1.25;
    }

    /** The customer is back on the storefront: the storefront asks for a popup; one may be waiting. */
    private void visit(Cart cart) {
        if (purchasedCarts.contains(cart.cartId())) {
            return;
        }
        engine.takePopup(storeId, cart.storefrontToken()).ifPresent(popup -> {
            popupsTaken++;
            double care = care(cart.cartId(), popup.sequenceId());
            if (chance(POPUP_CLICK)) {
                at(now().plus(minutes(1, 3)), () -> {
                    click(popup.url());
                    if (chance(BUY_AFTER_POPUP_CLICK * care)) {
                        at(now().plus(minutes(3, 20)), () -> purchase(cart));
                    }
                });
            }
        });
    }

    /** Follows a link of a message: a tracked one records the click; a plain one goes to the store unrecorded. */
    private void click(String url) {
        MessageLinks.clickToken(url).ifPresent(token -> follow(() -> {
            engine.click(storeId, token);
            clicks++;
        }));
    }

    /** The one-click unsubscribe of the customer's last email, or the host's own opt-out call without one. */
    private void optOut(String customerId) {
        Delivery last = lastEmails.get(customerId);
        Optional<String> token = last == null ? Optional.empty() : MessageLinks.unsubscribeToken(last.unsubscribeUrl());
        if (token.isPresent()) {
            follow(() -> {
                engine.unsubscribe(storeId, token.get());
                unsubscribes++;
            });
        } else {
            engine.customerOptedOut(storeId, customerId);
        }
    }

    /** Runs a link-following call; a link the engine rejects is counted (the demo's links never should be). */
    private void follow(Runnable call) {
        try {
            call.run();
        } catch (InvalidLinkException e) {
            rejectedLinks++;
        }
    }

    private void arrive(String cartId, String customerId) {
        Customer customer = customers.get(customerId);
        Cart cart = shoppers.cart(cartId, customer, now());
        engine.cartUpdated(cart, customer);
        double r = random.nextDouble();
        personas.put(cartId, r < 0.30 ? Persona.GONE : r < 0.85 ? Persona.LUKEWARM : Persona.KEEN);
        Instant last = now();
        for (int i = random.nextInt(3); i > 0; i--) { // a few more clicks in the same session
            last = last.plus(minutes(2, 10));
            Instant touched = last;
            at(touched, () -> engine.cartUpdated(cart.withLastActivityAt(touched), customers.get(customerId)));
        }
        if (chance(BUY_IN_SESSION)) {
            at(last.plus(minutes(5, 25)), () -> purchase(cart));
            return;
        }
        Persona persona = personas.get(cartId);
        if (persona != Persona.GONE && chance(BUY_LATER_ON_THEIR_OWN)) {
            at(last.plus(minutes(3 * 60, 96 * 60)), () -> purchase(cart));
        }
        if (chance(STOREFRONT_VISIT * persona.factor)) {
            at(last.plus(minutes(80, 180)), () -> visit(cart));
        }
    }

    private void purchase(Cart cart) {
        if (!purchasedCarts.add(cart.cartId())) {
            return;
        }
        orders++;
        engine.orderPlaced(new Order(storeId, "order-%05d".formatted(orders), cart.cartId(), cart.customerId(),
                cart.total(), now()));
        customers.computeIfPresent(cart.customerId(), (id, c) -> Shoppers.afterOrder(c, cart.total()));
    }

    /** The cart owner's appetite: persona, and a little more for scarce stock and loyal customers. */
    private double care(String cartId, String sequenceId) {
        Persona persona = personas.getOrDefault(cartId, Persona.LUKEWARM);
        SequenceType type = sequenceTypes.computeIfAbsent(sequenceId, id -> engine.sequence(storeId, id).type());
        double segment = switch (type) {
            case FIRST_TIME -> 0.8;
            case RETURNING -> 1.0;
            case HIGH_VALUE -> 1.2;
            case LOW_STOCK -> 1.3;
        };
        return persona.factor * segment;
    }

    private void at(Instant at, Runnable run) {
        timeline.add(new Action(at, actions++, run));
    }

    private boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    private Duration minutes(int min, int max) {
        return Duration.ofSeconds(min * 60L + random.nextLong((max - min) * 60L + 1));
    }

    private Instant now() {
        return scheduler.clock().instant();
    }
}
