package io.cartrecovery.test;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ReadmeTestingExampleTest {

    @Test
    void anAbandonedCartGetsAPopupAndAnEmailUntilItIsBought() {
        try (RecoveryTestKit kit = RecoveryTestKit.builder()
                .configureStore(StoreSettings.builder("my-store").exactTiming().build())  // no quiet hours
                .build()) {
            Customer alex = Fixtures.customer("my-store", "alex");                        // alex@example.com
            Cart cart = Fixtures.cart("my-store", "cart-7", "alex", kit.now());
            kit.engine().cartUpdated(cart, alex);
            kit.engine().cartAbandoned("my-store", "cart-7", kit.now());
            Instant abandoned = kit.now();

            kit.advance(Duration.ofHours(2));
            assertThat(kit.sentTo("alex@example.com"))
                    .extracting(sent -> sent.delivery().channel(), RecordingSender.Attempt::at)
                    .containsExactly(tuple(Channel.POPUP, abandoned.plus(Duration.ofHours(1))),
                            tuple(Channel.EMAIL, abandoned.plus(Duration.ofHours(2))));

            kit.engine().orderPlaced(new Order("my-store", "order-1", "cart-7", "alex", cart.total(), kit.now()));
            kit.advance(Duration.ofDays(4));
            assertThat(kit.sentTo("alex@example.com")).hasSize(2);
            assertThat(kit.sequence("my-store", "cart-7").stopReason()).isEqualTo(StopReason.PURCHASED);
        }
    }

    @Property(tries = 50)
    void noCustomerHearsAboutACartAfterBuyingIt(@ForAll("histories") List<StoreEvent> history) {
        try (RecoveryTestKit kit = RecoveryTestKit.builder().configureStore(StoreSettings.defaults("my-store")).build()) {
            kit.apply(history).advance(Duration.ofDays(4));
            for (Order order : kit.orders()) {
                assertThat(kit.sent(Channel.EMAIL)).noneMatch(sent -> sent.at().isAfter(order.placedAt())
                        && sent.delivery().cart().cartId().equals(order.cartId()));
            }
        }
    }

    @Provide
    Arbitrary<List<StoreEvent>> histories() {
        return RecoveryArbitraries.histories("my-store");
    }
}
