package io.cartrecovery.openai;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cartrecovery.openai.Completions.completion;
import static io.cartrecovery.openai.Completions.goodContent;
import static io.cartrecovery.openai.Completions.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** The generator inside the engine: model-written messages when the API works, templates when it does not. */
class EngineIntegrationTest extends MockApi {
    private static final String STORE = Completions.STORE;
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecordingSender email = new RecordingSender(clock);
    private final RecordingSender popup = new RecordingSender(clock);

    private RecoveryEngine engine(int status) {
        return engine(status, goodContent());
    }

    private RecoveryEngine engine(int status, String content) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) {
                return status == 200 ? ok(completion(content)) : Completions.status(status,
                        Completions.serverError());
            }
        });
        MessageGenerator generator = builder().retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), 2.0, Duration.ofMillis(100), 0.2)).build();
        return RecoveryEngine.builder().clock(clock).scheduler(scheduler).messageGenerator(generator)
                .sender(Channel.EMAIL, email).sender(Channel.POPUP, popup)
                .configureStore(StoreSettings.defaults(STORE)).build();
    }

    private void abandonAndRunFourDays(RecoveryEngine engine) {
        engine.cartUpdated(Fixtures.cart(STORE, "cart-1", "c-1", Fixtures.T0), Fixtures.customer(STORE, "c-1"));
        engine.cartAbandoned(STORE, "cart-1", Fixtures.T0).orElseThrow();
        scheduler.advance(Duration.ofDays(4));
    }

    @Test
    void everyStepIsWrittenByTheModel() {
        abandonAndRunFourDays(engine(200));

        assertThat(email.sent()).hasSize(4).allSatisfy(attempt -> assertThat(attempt.delivery().message().subject())
                .isEqualTo("Alex, your Merino Wool Sweater is waiting"));
        assertThat(popup.sent()).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(5); // one prompt per step: different step and tone
    }

    @Test
    void anUnavailableApiStillSendsEveryStepFromTheTemplates() {
        abandonAndRunFourDays(engine(503));

        assertThat(email.sent()).hasSize(4).allSatisfy(attempt -> assertThat(attempt.delivery().message().subject())
                .doesNotContain("Alex, your"));
        assertThat(popup.sent()).hasSize(1);
    }

    @Test
    void anAnswerThatOffersMoreThanTheStepNeverReachesTheSender() {
        String evasive = goodContent().replace("is a customer favourite.", "is ５０٪ off, and shipping is fr\u0435e!");
        abandonAndRunFourDays(engine(200, evasive));

        assertThat(email.sent()).hasSize(4).allSatisfy(attempt -> assertThat(attempt.delivery().message().textBody())
                .doesNotContain("off, and shipping").doesNotContain("Alex, your"));
        assertThat(server.getRequestCount()).isEqualTo(10); // every step asked twice, then written by the templates
    }
}
