package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/** A realistic three-item request and a chat completion answering it, for the OpenAI benchmarks. */
final class OpenAiBenchmarkSupport {
    static final String STORE = "bench-store";

    private OpenAiBenchmarkSupport() {}

    static MessageRequest request(String customerId) {
        List<CartItem> items = List.of(
                new CartItem("SKU-1", "Merino Wool Sweater", 1, new BigDecimal("89.00"), null, 4),
                new CartItem("SKU-2", "Organic Cotton Socks", 3, new BigDecimal("12.50"), null, 200),
                new CartItem("SKU-3", "Leather Gloves", 1, new BigDecimal("45.00"), null, null));
        Cart cart = new Cart(STORE, "cart-" + customerId, customerId, null, Currency.getInstance("USD"), items,
                new BigDecimal("171.50"), "https://shop.example.com/cart/" + customerId + "/restore",
                Instant.parse("2026-03-02T09:00:00Z"));
        Customer customer = new Customer(STORE, customerId, customerId + "@example.com", "Alex", Locale.US,
                ZoneId.of("UTC"), 0, BigDecimal.ZERO, true);
        StepDefinition step = new StepDefinition("EMAIL_24H", Duration.ofHours(24), Channel.EMAIL, Tone.SOCIAL_PROOF,
                null);
        return new MessageRequest(StoreSettings.defaults(STORE), cart, customer, SequenceType.FIRST_TIME, step,
                Locale.US, null);
    }

    /** A chat completion in the API's shape whose content passes the guardrails for {@link #request}. */
    static String completion() {
        String content = "{\"subject\":\"{{first_name}}, your Merino Wool Sweater is waiting\","
                + "\"preheader\":\"Shoppers love it, and only a few are left\","
                + "\"body_text\":\"Hi {{first_name}},\\n\\nThe Merino Wool Sweater ($89.00) is a customer favourite "
                + "and only 4 are left. Your Organic Cotton Socks and Leather Gloves are still in your cart too. "
                + "Your cart total is $171.50.\","
                + "\"body_html\":\"<p>Hi {{first_name}},</p><p>The <strong>Merino Wool Sweater</strong> ($89.00) is "
                + "a customer favourite and only 4 are left.</p><ul><li>Organic Cotton Socks</li><li>Leather "
                + "Gloves</li></ul><p>Your cart total is $171.50.</p>\","
                + "\"call_to_action\":\"Complete my order\"}";
        return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1741570283,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":" + quote(content) + ",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":146,"
                + "\"total_tokens\":1263},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_fc9f1d7035\"}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
