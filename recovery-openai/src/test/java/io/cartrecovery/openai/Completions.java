package io.cartrecovery.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.test.Fixtures;
import mockwebserver3.MockResponse;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Chat Completions bodies shaped like the API reference's examples, and message requests for the tests.
 */
final class Completions {
    static final String API_KEY = "sk-test-SECRETKEY-0123456789abcdef";
    static final String STORE = "store-1";
    static final ObjectMapper JSON = new ObjectMapper();

    private Completions() {}

    /** A finished completion carrying {@code content}, with the usage block of the reference example. */
    static String completion(String content) {
        return envelope(JSON.createObjectNode().put("role", "assistant").put("content", content).putNull("refusal"),
                "stop");
    }

    /** The model declined: {@code content} null, {@code refusal} set (structured outputs' refusal shape). */
    static String refusal() {
        return envelope(JSON.createObjectNode().put("role", "assistant").putNull("content")
                .put("refusal", "I'm sorry, I cannot assist with that request."), "stop");
    }

    /** Output cut at the token limit: partial JSON and {@code finish_reason: length}. */
    static String truncated() {
        return envelope(JSON.createObjectNode().put("role", "assistant").put("content", "{\"subject\":\"You left Mer")
                .putNull("refusal"), "length");
    }

    private static String envelope(ObjectNode message, String finishReason) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG")
                .put("object", "chat.completion").put("created", 1741570283).put("model", "gpt-4o-2024-08-06");
        message.putArray("annotations");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        ObjectNode usage = root.putObject("usage").put("prompt_tokens", 1117).put("completion_tokens", 46)
                .put("total_tokens", 1163);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        root.put("service_tier", "default").put("system_fingerprint", "fp_fc9f1d7035");
        return root.toString();
    }

    /** The API's error object. */
    static String error(String message, String type, String code) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode inner = error.putObject("error").put("message", message).put("type", type).putNull("param");
        if (code == null) {
            inner.putNull("code");
        } else {
            inner.put("code", code);
        }
        return error.toString();
    }

    static String rateLimited() {
        return error("Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM): Limit 500, "
                + "Used 500, Requested 1. Please try again in 2s.", "requests", "rate_limit_exceeded");
    }

    static String serverError() {
        return error("The server had an error while processing your request. Sorry about that!", "server_error", null);
    }

    /** The structured answer. */
    static String content(String subject, String preheader, String text, String html, String cta) {
        ObjectNode node = JSON.createObjectNode().put("subject", subject).put("preheader", preheader)
                .put("body_text", text).put("body_html", html).put("call_to_action", cta);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A good answer for {@link #request()}: names a product, states a cart price, greets with the placeholder. */
    static String goodContent() {
        return content("{{first_name}}, your Merino Wool Sweater is waiting",
                "Shoppers love it, and it is still in stock",
                "Hi {{first_name}},\n\nThe Merino Wool Sweater ($89.00) is a customer favourite. "
                        + "Your cart total is $171.50.",
                "<p>Hi {{first_name}},</p><p>The <strong>Merino Wool Sweater</strong> ($89.00) is a customer "
                        + "favourite.</p><ul><li>Cart total: $171.50</li></ul>",
                "Complete my order");
    }

    static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static StepDefinition step(Tone tone, Incentive incentive) {
        return new StepDefinition("EMAIL_24H", Duration.ofHours(24), Channel.EMAIL, tone, incentive);
    }

    static Customer customer(String id, String firstName) {
        return new Customer(STORE, id, id + "@example.com", firstName, Locale.US, ZoneId.of("UTC"), 0,
                BigDecimal.ZERO, true);
    }

    /** The three-item fixture cart of customer {@code c-1} named Alex, social-proof step, no incentive. */
    static MessageRequest request() {
        return request(Fixtures.cart(STORE, "cart-1", "c-1", Fixtures.T0), customer("c-1", "Alex"),
                step(Tone.SOCIAL_PROOF, null));
    }

    static MessageRequest request(Cart cart, Customer customer, StepDefinition step) {
        return new MessageRequest(StoreSettings.defaults(STORE), cart, customer, SequenceType.FIRST_TIME, step,
                Locale.US, null);
    }

    /** A one-item cart holding {@code title} at 40.00. */
    static Cart cartOf(String cartId, String title) {
        return new Cart(STORE, cartId, "c-1", null, Fixtures.USD,
                List.of(CartItem.of("SKU-9", title, 1, new BigDecimal("40.00"))), new BigDecimal("40.00"),
                "https://shop.example.com/cart/" + cartId + "/restore", Fixtures.T0);
    }

    static Incentive tenPercent() {
        return Incentive.percentOff("SAVE10", 10);
    }
}
