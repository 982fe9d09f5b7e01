package io.cartrecovery.smtp;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.test.Fixtures;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/** Deliveries and store mail settings for the SMTP tests. */
final class Deliveries {
    static final String STORE = "store-a";
    static final String TEXT = "Hi Alex,\nyour cart is waiting: https://shop.example.com/cart/c-1/restore\n";
    static final String HTML = "<html><body><p>Hi Alex, your cart is waiting.</p></body></html>";

    private Deliveries() {}

    static StoreMailSettings storeMail() {
        return StoreMailSettings.builder("shop@shop.example.com")
                .fromName("Shop")
                .replyTo("help@shop.example.com")
                .unsubscribeUrlTemplate("https://shop.example.com/unsubscribe?store={storeId}&seq={sequenceId}")
                .build();
    }

    static Delivery delivery(String sequenceId, String email) {
        Customer customer = new Customer(STORE, "cust-1", email, "Alex", Locale.US, ZoneId.of("UTC"), 0,
                BigDecimal.ZERO, true);
        return delivery(sequenceId, "EMAIL_2H", customer,
                new Message("Your cart is waiting", "", TEXT, HTML, "Back to my cart"));
    }

    static Delivery delivery(String sequenceId, String stepId, Customer customer, Message message) {
        StepDefinition step = StepDefinition.of(stepId, Duration.ofHours(2), Channel.EMAIL, Tone.HELPFUL_REMINDER);
        return new Delivery(sequenceId + ":" + stepId, StoreSettings.defaults(STORE), sequenceId, step,
                Fixtures.cart(STORE, "c-1", "cust-1", Fixtures.T0), customer, message);
    }
}
