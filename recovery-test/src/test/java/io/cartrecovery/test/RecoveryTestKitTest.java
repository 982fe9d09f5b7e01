package io.cartrecovery.test;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RecoveryTestKitTest {
    private static final String STORE = "store-a";
    private static final Duration HOUR = Duration.ofHours(1);

    private RecoveryTestKit kit = kit(RecoveryTestKit.builder());

    private static RecoveryTestKit kit(RecoveryTestKit.Builder builder) {
        return builder.configureStore(StoreSettings.builder(STORE).exactTiming().build()).build();
    }

    @AfterEach
    void close() {
        kit.close();
    }

    private Cart abandon(String cartId, String customerId) {
        Cart cart = Fixtures.cart(STORE, cartId, customerId, kit.now());
        kit.engine().cartUpdated(cart, Fixtures.customer(STORE, customerId));
        kit.engine().cartAbandoned(STORE, cartId, kit.now());
        return cart;
    }

    @Test
    void startsAtTheDefaultStartAndRunsNothingUntilTimeMoves() {
        abandon("c1", "u1");

        assertThat(kit.now()).isEqualTo(RecoveryTestKit.DEFAULT_START).isEqualTo(kit.clock().instant());
        assertThat(kit.sent(Channel.POPUP)).isEmpty();
        assertThat(kit.sequence(STORE, "c1").status()).isEqualTo(SequenceStatus.ACTIVE);
        assertThat(kit.store().sequencesOfCart(STORE, "c1")).hasSize(1);
    }

    @Test
    void advanceRunsTheStepsDueOnTheWayAtTheirDueTimes() {
        abandon("c1", "u1");

        kit.advance(Duration.ofMinutes(59));
        assertThat(kit.sent(Channel.POPUP)).isEmpty();

        kit.advanceTo(T0.plus(Duration.ofHours(24)));
        assertThat(kit.now()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(kit.sent(Channel.POPUP)).extracting(RecordingSender.Attempt::at).containsExactly(T0.plus(HOUR));
        assertThat(kit.sent(Channel.EMAIL)).extracting(RecordingSender.Attempt::at)
                .containsExactly(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(24)));
        assertThat(kit.sequence(STORE, "c1").nextStep()).isEqualTo(3);
    }

    @Test
    void sentToIsEveryDeliveryToOneAddressOnEveryChannelInTimeOrder() {
        abandon("c1", "u1");
        abandon("c2", "u2");

        kit.advance(Duration.ofHours(2));

        assertThat(kit.sentTo("U1@example.com"))
                .extracting(sent -> sent.delivery().channel(), sent -> sent.delivery().cart().cartId())
                .containsExactly(tuple(Channel.POPUP, "c1"),
                        tuple(Channel.EMAIL, "c1"));
        assertThat(kit.sentTo("nobody@example.com")).isEmpty();
    }

    @Test
    void sequenceIsTheCartsLatestOrNone() {
        abandon("c1", "u1");
        kit.advance(HOUR);
        Cart again = Fixtures.cart(STORE, "c1", "u1", kit.now());
        kit.engine().cartUpdated(again, Fixtures.customer(STORE, "u1"));
        RecoverySequence second = kit.engine().cartAbandoned(STORE, "c1", kit.now()).orElseThrow();

        assertThat(kit.sequence(STORE, "c1").id()).isEqualTo(second.id());
        assertThatThrownBy(() -> kit.sequence(STORE, "other")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("other");
    }

    @Test
    void aScriptedSenderFailsAndTheStepIsRetried() {
        kit.sender(Channel.EMAIL).failTransiently(2);
        abandon("c1", "u1");

        kit.advance(Duration.ofHours(3));

        assertThat(kit.sender(Channel.EMAIL).attempts()).extracting(a -> a.result().status())
                .containsExactly(SendResult.Status.TRANSIENT_FAILURE, SendResult.Status.TRANSIENT_FAILURE,
                        SendResult.Status.DELIVERED);
        assertThat(kit.sent(Channel.EMAIL)).hasSize(1);
        assertThat(kit.sent(Channel.EMAIL).get(0).at()).isAfter(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void applyFeedsEveryKindOfStoreEventAtTheClocksTime() {
        Cart cart = Fixtures.cart(STORE, "c1", "u1", T0.minus(Duration.ofDays(30)));
        kit.apply(List.of(new StoreEvent.CartUpdated(cart, Fixtures.customer(STORE, "u1")),
                new StoreEvent.CartAbandoned(STORE, "c1"),
                new StoreEvent.TimeAdvanced(HOUR),
                new StoreEvent.OrderPlaced(cart, "o1")));

        assertThat(kit.now()).isEqualTo(T0.plus(HOUR));
        assertThat(kit.sequence(STORE, "c1").abandonedAt()).isEqualTo(T0);
        assertThat(kit.sequence(STORE, "c1").stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(kit.orders()).singleElement().satisfies(order -> {
            assertThat(order.placedAt()).isEqualTo(T0.plus(HOUR));
            assertThat(order.total()).isEqualByComparingTo(cart.total());
        });

        Cart other = Fixtures.cart(STORE, "c2", "u2", T0);
        kit.apply(new StoreEvent.CartUpdated(other, Fixtures.customer(STORE, "u2")))
                .apply(new StoreEvent.OptedOut(STORE, "u2"))
                .apply(new StoreEvent.CartAbandoned(STORE, "c2"));
        assertThat(kit.store().sequencesOfCart(STORE, "c2")).isEmpty();
    }

    @Test
    void theBuilderTakesTheClockStoreGeneratorAndRetryPolicy() {
        kit.close();
        SettableClock clock = SettableClock.at(Instant.parse("2027-01-01T00:00:00Z"));
        RecoveryStore store = RecoveryStore.inMemory();
        MessageGenerator generator = request -> new Message("Still there?", "", "Your cart waits.",
                "<p>Your cart waits.</p>", "Back");
        kit = kit(RecoveryTestKit.builder().clock(clock).store(store).messageGenerator(generator).seed(7)
                .retryPolicy(new RetryPolicy(1, Duration.ofMinutes(1), 2.0, HOUR, 0.0)));
        kit.sender(Channel.POPUP).failTransiently(1);
        abandon("c1", "u1");

        kit.advance(Duration.ofHours(2));

        assertThat(kit.clock()).isSameAs(clock);
        assertThat(kit.store()).isSameAs(store);
        assertThat(kit.sender(Channel.POPUP).attempts()).hasSize(1);              // one attempt only: no retry
        assertThat(kit.sent(Channel.EMAIL)).singleElement()
                .satisfies(sent -> assertThat(sent.delivery().message().subject()).isEqualTo("Still there?"));
    }

    @Test
    void theSeedDecidesTheJitterOfRetries() {
        assertThat(retriedAt(42)).isEqualTo(retriedAt(42)).isNotEqualTo(retriedAt(7));
    }

    private static Instant retriedAt(long seed) {
        try (RecoveryTestKit seeded = kit(RecoveryTestKit.builder().seed(seed))) {
            seeded.sender(Channel.POPUP).failTransiently(1);
            Cart cart = Fixtures.cart(STORE, "c1", "u1", seeded.now());
            seeded.engine().cartUpdated(cart, Fixtures.customer(STORE, "u1"));
            seeded.engine().cartAbandoned(STORE, "c1", seeded.now());
            seeded.advance(Duration.ofMinutes(90));
            return seeded.sent(Channel.POPUP).get(0).at();
        }
    }
}
