package io.cartrecovery.test;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.StoreSettings;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryArbitrariesTest {

    @Property(tries = 200)
    void cartsAreOfTheStoreWithTheSumOfTheirLinesAsTotal(@ForAll("carts") Cart cart) {
        assertThat(cart.storeId()).isEqualTo("s");
        assertThat(cart.cartId()).matches("cart-[1-4]");
        assertThat(cart.customerId()).matches("cust-[1-3]");
        assertThat(cart.total()).isEqualByComparingTo(cart.items().stream()
                .map(item -> item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(cart.items()).extracting(CartItem::sku).doesNotHaveDuplicates();
    }

    @Property(tries = 200)
    void customersAreOfTheStoreWithAnAddress(@ForAll("customers") Customer customer) {
        assertThat(customer.storeId()).isEqualTo("s");
        assertThat(customer.customerId()).matches("cust-[1-3]");
        assertThat(customer.email()).isEqualTo(customer.customerId() + "@example.com");
    }

    @Property(tries = 200)
    void historiesAreValid(@ForAll("histories") List<StoreEvent> history) {
        Set<String> reported = new HashSet<>();
        Set<String> bought = new HashSet<>();
        for (StoreEvent event : history) {
            if (event instanceof StoreEvent.CartUpdated update) {
                assertThat(bought).doesNotContain(update.cart().cartId());
                assertThat(update.customer().customerId()).isEqualTo(update.cart().customerId());
                reported.add(update.cart().cartId());
            } else if (event instanceof StoreEvent.CartAbandoned abandoned) {
                assertThat(reported).contains(abandoned.cartId());
                assertThat(bought).doesNotContain(abandoned.cartId());
            } else if (event instanceof StoreEvent.OrderPlaced placed) {
                assertThat(reported).contains(placed.cart().cartId());
                assertThat(bought.add(placed.cart().cartId())).isTrue();
            } else if (event instanceof StoreEvent.TimeAdvanced advanced) {
                assertThat(advanced.duration()).isBetween(Duration.ofMinutes(1), Duration.ofHours(30));
            }
        }
        assertThat(history).hasSizeLessThanOrEqualTo(30);
    }

    @Property(tries = 50)
    void everyHistoryRunsOnTheEngine(@ForAll("histories") List<StoreEvent> history) {
        try (RecoveryTestKit kit = RecoveryTestKit.builder().configureStore(StoreSettings.defaults("s")).build()) {
            kit.apply(history);

            assertThat(kit.orders()).hasSize((int) history.stream().filter(StoreEvent.OrderPlaced.class::isInstance)
                    .count());
        }
    }

    @Provide
    Arbitrary<Cart> carts() {
        return RecoveryArbitraries.carts("s");
    }

    @Provide
    Arbitrary<Customer> customers() {
        return RecoveryArbitraries.customers("s");
    }

    @Provide
    Arbitrary<List<StoreEvent>> histories() {
        return RecoveryArbitraries.histories("s");
    }
}
