package io.cartrecovery.examples.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.test.Fixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which generator the demo picks from the environment, against a MockWebServer standing in for OpenAI. */
class DemoGeneratorTest {
    private static final String KEY = "sk-demo-test-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutAKeyTheTemplatesWrite() {
        DemoWiring.Generator chosen = DemoWiring.generator(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1"));
        DemoWiring.Generator blank = DemoWiring.generator(Map.of("OPENAI_API_KEY", " "));

        assertThat(chosen.generator()).isSameAs(MessageGenerator.templates());
        assertThat(chosen.label()).isEqualTo("built-in templates");
        assertThat(blank.generator()).isSameAs(MessageGenerator.templates());
    }

    @Test
    void withAKeyOpenAiWritesTheFirstMessagesThenTheTemplates() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(completion("Your Merino Wool Sweater is waiting")).build());
        DemoWiring.Generator chosen = DemoWiring.generator(Map.of("OPENAI_API_KEY", KEY,
                "OPENAI_BASE_URL", server.url("/").toString(), "OPENAI_MODEL", "gpt-test", "OPENAI_DEMO_MESSAGES", "1"));

        Message first = chosen.generator().generate(request());
        Message second = chosen.generator().generate(request());

        assertThat(chosen.label()).isEqualTo("OpenAI gpt-test for the first 1 messages, then built-in templates")
                .doesNotContain(KEY);
        assertThat(first.subject()).isEqualTo("Your Merino Wool Sweater is waiting");
        assertThat(second).isEqualTo(MessageGenerator.templates().generate(request()));
        assertThat(server.getRequestCount()).isEqualTo(1);
        RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(recorded.getBody().utf8()).contains("\"model\":\"gpt-test\"");
    }

    @Test
    void aBadMessageBudgetIsNamed() {
        assertThatThrownBy(() -> DemoWiring.generator(Map.of("OPENAI_API_KEY", KEY, "OPENAI_DEMO_MESSAGES", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OPENAI_DEMO_MESSAGES");
    }

    private static MessageRequest request() {
        StoreSettings settings = DemoWiring.settings();
        return new MessageRequest(settings, Fixtures.cart(DemoWiring.STORE_ID, "c1", "u1", Fixtures.T0),
                Fixtures.customer(DemoWiring.STORE_ID, "u1"), SequenceType.FIRST_TIME,
                settings.policy(SequenceType.FIRST_TIME).steps().get(1), Locale.ENGLISH, null);
    }

    /** A Chat Completions answer whose structured content names a product of the cart and states no price. */
    private static String completion(String subject) throws JsonProcessingException {
        String content = """
                {"subject":"%s","preheader":"Still in your cart","body_text":"Hi, your Merino Wool Sweater is still \
                in your cart.","body_html":"<p>Hi, your <strong>Merino Wool Sweater</strong> is still in your \
                cart.</p>","call_to_action":"Back to my cart"}""".formatted(subject);
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1741570283,"model":"gpt-test",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":100,"completion_tokens":40,"total_tokens":140}}"""
                .formatted(JSON.writeValueAsString(content));
    }
}
