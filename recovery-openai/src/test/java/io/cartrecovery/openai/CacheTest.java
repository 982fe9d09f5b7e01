package io.cartrecovery.openai;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.Tone;
import io.cartrecovery.test.Fixtures;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.openai.Completions.completion;
import static io.cartrecovery.openai.Completions.goodContent;
import static io.cartrecovery.openai.Completions.ok;
import static io.cartrecovery.openai.Completions.request;
import static org.assertj.core.api.Assertions.assertThat;

class CacheTest extends MockApi {
    private OpenAiMessageGenerator generator;

    @BeforeEach
    void answerEveryRequest() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) {
                return ok(completion(goodContent()));
            }
        });
        generator = builder().cache(Duration.ofMinutes(10), 1_000).build();
    }

    private static MessageRequest sameCart(String cartId, String customerId, String firstName) {
        return Completions.request(Fixtures.cart(Completions.STORE, cartId, customerId, Fixtures.T0),
                Completions.customer(customerId, firstName), request().step());
    }

    @Test
    void identicalCartsOfDifferentCustomersShareOneCall() {
        Message alex = generator.generate(sameCart("cart-1", "c-1", "Alex"));
        Message maria = generator.generate(sameCart("cart-2", "c-2", "María"));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(alex.subject()).isEqualTo("Alex, your Merino Wool Sweater is waiting");
        assertThat(maria.subject()).isEqualTo("María, your Merino Wool Sweater is waiting");
        assertThat(maria.textBody()).contains("/cart/cart-2/restore").doesNotContain("cart-1");
        assertThat(generator.stats().cacheHits()).isEqualTo(1);
        assertThat(generator.stats().cacheHitRate()).isEqualTo(0.5);
        assertThat(generator.usage(Completions.STORE).completions()).isEqualTo(1);
    }

    @Test
    void entriesExpireOnTheInjectedClock() {
        generator.generate(sameCart("cart-1", "c-1", "Alex"));
        clock.advance(Duration.ofMinutes(9));
        generator.generate(sameCart("cart-1", "c-1", "Alex"));
        assertThat(server.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        generator.generate(sameCart("cart-1", "c-1", "Alex"));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anythingThatShapesTheMessageIsPartOfTheKey() {
        MessageRequest base = sameCart("cart-1", "c-1", "Alex");
        generator.generate(base);
        List<CartItem> items = new ArrayList<>(base.cart().items());
        items.set(2, new CartItem("SKU-3", "Leather Gloves", 1, new BigDecimal("45.00"), null, 2)); // stock now known
        Cart lowStock = new Cart(Completions.STORE, "cart-1", "c-1", null, Fixtures.USD, items,
                base.cart().total(), null, Fixtures.T0);
        generator.generate(Completions.request(lowStock, base.customer(), base.step()));
        generator.generate(Completions.request(base.cart(), base.customer(), Completions.step(Tone.LAST_CHANCE, null)));
        generator.generate(Completions.request(base.cart(), base.customer(),
                Completions.step(Tone.SOCIAL_PROOF, Completions.tenPercent())));
        generator.generate(new MessageRequest(base.settings(), base.cart(), base.customer(), base.type(), base.step(),
                java.util.Locale.FRANCE, null));
        generator.generate(new MessageRequest(base.settings(), base.cart(), base.customer(),
                io.cartrecovery.core.SequenceType.HIGH_VALUE, base.step(), base.locale(), null));

        assertThat(server.getRequestCount()).isEqualTo(6);
        assertThat(generator.stats().cacheHits()).isZero();
    }

    @Test
    void aZeroSizeTurnsTheCacheOff() {
        OpenAiMessageGenerator uncached = builder().cache(Duration.ofMinutes(10), 0).build();
        uncached.generate(sameCart("cart-1", "c-1", "Alex"));
        uncached.generate(sameCart("cart-1", "c-1", "Alex"));

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(uncached.stats().cacheHits()).isZero();
    }

    @Test
    void failuresAreNotCached() {
        server.setDispatcher(new Dispatcher() {
            private int calls;

            @Override
            public synchronized MockResponse dispatch(RecordedRequest recorded) {
                return ok(calls++ == 0 ? Completions.refusal() : completion(goodContent()));
            }
        });
        generator.generate(sameCart("cart-1", "c-1", "Alex"));
        Message second = generator.generate(sameCart("cart-1", "c-1", "Alex"));

        assertThat(second.subject()).isEqualTo("Alex, your Merino Wool Sweater is waiting");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void concurrentIdenticalCartsShareOneCall() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Message>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                MessageRequest request = sameCart("cart-" + i, "c-" + i, "Name" + (char) ('A' + i));
                results.add(pool.submit(() -> generator.generate(request)));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS).subject()).startsWith("Name" + (char) ('A' + i) + ", ");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
