package io.cartrecovery.smtp;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.links.LinkClaims;
import io.cartrecovery.core.links.LinkPurpose;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.test.RecordingSender;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Carts and customers at and near every limit: what core accepts renders within the SMTP size limit, every
 * signed link in it verifies, and the SMTP sender sends it without refusing.
 */
class InputLimitsProperties {
    private static final String STORE = Deliveries.STORE;
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final byte[] KEY = "a-32-byte-long-secret-for-testing!!".getBytes(StandardCharsets.UTF_8);
    private static final String SHOP = "https://shop.example.com/";
    private static final Pattern TOKEN_URL = Pattern.compile("https://track\\.example\\.com/r/(\\w+)\\?t=([^\"\\s&]+)");
    private static final Tone[] TONES = Tone.values();

    private static ScriptedSmtpServer server;

    @BeforeContainer
    static void startServer() {
        server = new ScriptedSmtpServer();
    }

    @AfterContainer
    static void stopServer() throws IOException {
        server.close();
    }

    record Input(Cart cart, Customer customer) {}

    @Property(tries = 40)
    void whatCoreAcceptsRendersSignsAndSends(@ForAll("inputs") Input input) {
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        SignedLinks links = SignedLinks.of(clock, List.of(StoreLinks.builder(STORE)
                .baseUrl(URI.create("https://track.example.com/r")).redirectHost("shop.example.com")
                .key("k1", KEY).build()));
        List<Delivery> deliveries = new ArrayList<>();
        List<SendResult> results = new ArrayList<>();
        try (SmtpSender smtp = server.senderBuilder().clock(clock).build()) {
            Sender recording = delivery -> {
                deliveries.add(delivery);
                SendResult result = smtp.send(delivery);
                results.add(result);
                return result;
            };
            StoreSettings settings = StoreSettings.builder(STORE).exactTiming().build();
            try (RecoveryEngine engine = RecoveryEngine.builder().clock(clock).scheduler(scheduler)
                    .store(RecoveryStore.inMemory()).random(new SplittableRandom(1)).links(links)
                    .sender(Channel.EMAIL, recording).sender(Channel.POPUP, new RecordingSender(clock))
                    .configureStore(settings).build()) {
                engine.cartUpdated(input.cart(), input.customer());
                engine.cartAbandoned(STORE, input.cart().cartId(), T0).orElseThrow();
                scheduler.advance(Duration.ofHours(2));
            }
            for (Tone tone : TONES) { // every tone of the templates, not only the first email's
                Message message = MessageGenerator.templates().generate(new MessageRequest(settings, input.cart(),
                        input.customer(), SequenceType.FIRST_TIME, StepDefinition.of("EMAIL_X", Duration.ofHours(2),
                        Channel.EMAIL, tone), input.customer().locale(), null));
                assertThat(bytes(message)).isLessThan(Limits.MAX_MESSAGE_BYTES / 2);
            }
        }

        assertThat(results).containsExactly(SendResult.delivered());
        Delivery delivery = deliveries.get(0);
        assertThat(bytes(delivery.message())).isLessThan(Limits.MAX_MESSAGE_BYTES / 2);
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN_URL.matcher(delivery.message().htmlBody() + "\n" + delivery.message().textBody()
                + "\n" + delivery.unsubscribeUrl());
        while (matcher.find()) {
            LinkPurpose purpose = LinkPurpose.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
            String token = URLDecoder.decode(matcher.group(2), StandardCharsets.UTF_8);
            LinkClaims claims = links.verify(STORE, purpose, token);
            if (purpose == LinkPurpose.CLICK) {
                assertThat(claims.target()).isEqualTo(input.cart().restoreUrl());
            }
            tokens.add(matcher.group(1));
        }
        assertThat(tokens).contains("unsubscribe", "open");
        if (input.cart().restoreUrl() != null) {
            assertThat(tokens).contains("click");
        }
    }

    private static long bytes(Message message) {
        return message.textBody().getBytes(StandardCharsets.UTF_8).length
                + message.htmlBody().getBytes(StandardCharsets.UTF_8).length;
    }

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<Cart> carts = Combinators.combine(
                Arbitraries.of(1, 2, Limits.MAX_RENDERED_ITEMS, Limits.MAX_RENDERED_ITEMS + 1, Limits.MAX_ITEMS - 1,
                        Limits.MAX_ITEMS),
                texts(Limits.MAX_TITLE_LENGTH),
                Arbitraries.of(1, Limits.MAX_QUANTITY - 1, Limits.MAX_QUANTITY),
                amounts(),
                urls("https://cdn.example.com/"),
                urls(SHOP),
                ids(),
                Arbitraries.of("USD", "EUR", "JPY", "BHD").map(Currency::getInstance)
        ).as((count, title, quantity, price, image, restore, id, currency) -> {
            List<CartItem> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(new CartItem(id.substring(0, id.length() - 4) + String.format("%04d", i), title, quantity,
                        price, image, i % 2 == 0 ? 0 : null));
            }
            return new Cart(STORE, id, id, id, currency, items, price, restore, T0);
        });
        Arbitrary<Customer> customers = Combinators.combine(
                Arbitraries.of("u@example.com", "l".repeat(59) + "@" + "d".repeat(63) + "." + "d".repeat(63) + "."
                        + "d".repeat(63) + ".co", "a.b-c+d!#$%&'*/=?^_`{|}~@x-y.example"),
                Arbitraries.oneOf(Arbitraries.just(null), texts(Limits.MAX_NAME_LENGTH),
                        Arbitraries.of("Alex", "Jürgen さくら", "Anne-Marie O'Brien", "A".repeat(40),
                                "Visit evil.ru today for 90% off with code FREE90 - Alex")),
                Arbitraries.of(Locale.US, Locale.GERMANY, Locale.FRANCE, Locale.forLanguageTag("es-ES"),
                        Locale.JAPAN),
                amounts()
        ).as((email, firstName, locale, value) -> new Customer(STORE, "customer", email, firstName, locale,
                ZoneId.of("Europe/Berlin"), 3, value, true));
        return Combinators.combine(carts, customers).as((cart, customer) -> {
            Customer owner = new Customer(STORE, cart.customerId(), customer.email(), customer.firstName(),
                    customer.locale(), customer.timeZone(), customer.orderCount(), customer.lifetimeValue(), true);
            return new Input(cart, owner);
        });
    }

    /** Ids of the longest length, in ASCII or in three-byte characters. */
    private static Arbitrary<String> ids() {
        return Arbitraries.of("c", "\u4e2d").map(unit -> unit.repeat(Limits.MAX_ID_LENGTH - 4) + "0000");
    }

    /** Text of 1, about half, one less than and exactly {@code max} characters, of escaping-heavy units. */
    private static Arbitrary<String> texts(int max) {
        return Combinators.combine(Arbitraries.of("a", "&", "<", "\"", "'", "\u4e2d", "\ud83d\ude00", "e\u0301", "A b"),
                Arbitraries.of(1, max / 2, max - 1, max)).as((unit, length) -> {
            StringBuilder text = new StringBuilder(length);
            while (text.length() + unit.length() <= length) {
                text.append(unit);
            }
            return text.isEmpty() || text.toString().isBlank() ? "x" : text.toString();
        });
    }

    private static Arbitrary<BigDecimal> amounts() {
        return Arbitraries.of("0", "0.0001", "19.99", "999999999999.9999", "999999999999").map(BigDecimal::new);
    }

    /** {@code null}, or an URL on {@code prefix} of moderate or the longest length, with query characters. */
    private static Arbitrary<String> urls(String prefix) {
        return Arbitraries.of(0, 60, Limits.MAX_URL_LENGTH - 1, Limits.MAX_URL_LENGTH).map(length -> {
            if (length == 0) {
                return null;
            }
            StringBuilder url = new StringBuilder(prefix).append("p?");
            String unit = "a=b&c='(~)-_.!*";
            while (url.length() < length) {
                url.append(unit.charAt(url.length() % unit.length()));
            }
            return url.toString();
        });
    }
}
