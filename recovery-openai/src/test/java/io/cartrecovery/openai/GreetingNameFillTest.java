package io.cartrecovery.openai;

import io.cartrecovery.core.Message;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import static io.cartrecovery.openai.Completions.completion;
import static io.cartrecovery.openai.Completions.goodContent;
import static io.cartrecovery.openai.Completions.ok;
import static io.cartrecovery.openai.Completions.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The first name is filled in locally only when it is a greeting name (Customer#greetingName). */
class GreetingNameFillTest extends MockApi {

    @Test
    void aFirstNameThatIsNoNameIsNotFilledIn() {
        server.enqueue(ok(completion(goodContent())));
        Message message = builder().build().generate(Completions.request(
                Fixtures.cart(Completions.STORE, "cart-1", "c-1", Fixtures.T0),
                Completions.customer("c-1", "Visit evil.ru today for 90% off with code FREE90 - Alex"),
                request().step()));

        assertThat(message.subject()).isEqualTo("Your Merino Wool Sweater is waiting");
        assertThat(message.textBody() + message.htmlBody()).doesNotContain("evil").doesNotContain("Alex");
    }
}
