package io.cartrecovery.openai;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.Tone;
import io.cartrecovery.test.Fixtures;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

class GuardrailsProperties {
    private static final List<Locale> LOCALES = List.of(Locale.US, Locale.GERMANY, Locale.FRANCE,
            Locale.forLanguageTag("es-ES"), Locale.UK, Locale.forLanguageTag("de-CH"));
    private final Guardrails guardrails = new Guardrails(Completions.JSON);

    @Property
    boolean aCartPriceFormattedForAnyLocalePasses(@ForAll @BigRange(min = "0.01", max = "99999.99") @Scale(2)
                                                  BigDecimal price, @ForAll @IntRange(min = 0, max = 5) int localeIndex) {
        MessageRequest request = request(price);
        NumberFormat money = NumberFormat.getCurrencyInstance(LOCALES.get(localeIndex));
        money.setCurrency(Fixtures.USD);
        String text = "The Lamp costs " + money.format(price) + " today.";
        return guardrails.review(Completions.content("Your Lamp", "", text, "<p>" + text + "</p>", "Go"), request)
                .passed();
    }

    @Property
    boolean anyOtherPriceIsCaught(@ForAll @BigRange(min = "0.01", max = "99999.99") @Scale(2) BigDecimal price,
                                  @ForAll @IntRange(min = 0, max = 5) int localeIndex) {
        BigDecimal other = price.add(new BigDecimal("1.00"));
        NumberFormat money = NumberFormat.getCurrencyInstance(LOCALES.get(localeIndex));
        money.setCurrency(Fixtures.USD);
        String text = "The Lamp now costs " + money.format(other) + ".";
        return guardrails.review(Completions.content("Your Lamp", "", text, "<p>x</p>", "Go"), request(price))
                .violations().contains(Guardrails.Violation.AMOUNT);
    }

    private static MessageRequest request(BigDecimal price) {
        Cart cart = new Cart(Completions.STORE, "cart-p", "c-1", null, Fixtures.USD,
                List.of(CartItem.of("SKU-L", "Lamp", 1, price)), price, null, Fixtures.T0);
        return Completions.request(cart, Completions.customer("c-1", null), Completions.step(Tone.HELPFUL_REMINDER, null));
    }
}
