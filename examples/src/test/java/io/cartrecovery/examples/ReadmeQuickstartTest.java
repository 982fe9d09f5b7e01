package io.cartrecovery.examples;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's quickstart, line for line, so that it keeps compiling and doing what it says. */
class ReadmeQuickstartTest {

    @Test
    void theQuickstartRunsAsWritten() {
        Sender mySender = Sender.noop();
        // README:
        RecoveryEngine engine = RecoveryEngine.builder()
                .store(RecoveryStore.inMemory())                 // forgets everything on exit: see "Going to production"
                .sender(Channel.EMAIL, mySender)                 // or SmtpSender from recovery-smtp
                .configureStore(StoreSettings.defaults("my-store"))
                .build();                                        // starts the store's scheduler

        // Feed it store events:
        Customer alex = new Customer("my-store", "cust-42", "alex@example.com", "Alex", Locale.US,
                ZoneId.of("America/New_York"), 0, BigDecimal.ZERO, true);
        Cart cart = new Cart("my-store", "cart-7", "cust-42", "storefront-token-7", Currency.getInstance("USD"),
                List.of(CartItem.of("SKU-1", "Merino Wool Sweater", 1, new BigDecimal("89.00"))),
                new BigDecimal("89.00"), "https://shop.example.com/cart/7/restore", Instant.now());
        engine.cartUpdated(cart, alex);          // 30 minutes without activity and the sequence starts by itself,
        engine.cartAbandoned("my-store", "cart-7", Instant.now());   // or the host says so
        RecoverySequence sequence = engine.activeSequences("my-store", PageRequest.first(50)).items().get(0);
        engine.orderPlaced(new Order("my-store", "order-1", "cart-7", "cust-42", new BigDecimal("89.00"), Instant.now()));
        assert engine.sequence("my-store", sequence.id()).stopReason() == StopReason.PURCHASED;
        engine.close();
        // README end

        assertThat(engine.sequence("my-store", sequence.id()).stopReason()).isEqualTo(StopReason.PURCHASED);
    }
}
