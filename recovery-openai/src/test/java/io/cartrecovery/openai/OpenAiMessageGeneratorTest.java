package io.cartrecovery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.Tone;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.openai.Completions.API_KEY;
import static io.cartrecovery.openai.Completions.completion;
import static io.cartrecovery.openai.Completions.goodContent;
import static io.cartrecovery.openai.Completions.ok;
import static io.cartrecovery.openai.Completions.request;
import static io.cartrecovery.openai.Completions.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiMessageGeneratorTest extends MockApi {

    private JsonNode body(RecordedRequest recorded) throws IOException {
        return Completions.JSON.readTree(recorded.getBody().utf8());
    }

    @Test
    void sendsTheChatCompletionsRequestWithTheSchemaAndHeaders() throws Exception {
        server.enqueue(ok(completion(goodContent())));
        builder().model("gpt-4o-mini").temperature(0.3).maxCompletionTokens(600).organization("org-42").build()
                .generate(request());

        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(recorded.getHeaders().get("OpenAI-Organization")).isEqualTo("org-42");
        JsonNode body = body(recorded);
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(600);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(1).path("content").asText())
                .contains("\"title\":\"Merino Wool Sweater\"", "\"quantity\":3", "\"unit_price\":\"12.50\"",
                        "\"stock_left\":40", "\"cart_total\":\"171.50\"", "social proof", "first-time shopper");
        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("recovery_message");
        JsonNode schema = format.path("json_schema").path("schema");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("required")).extracting(JsonNode::asText)
                .containsExactly("subject", "preheader", "body_text", "body_html", "call_to_action");
        assertThat(schema.path("properties").path("body_html").path("type").asText()).isEqualTo("string");
    }

    @Test
    void defaultsAreGpt4oAtTemperaturePointSeven() throws Exception {
        server.enqueue(ok(completion(goodContent())));
        builder().build().generate(request());

        JsonNode body = body(server.takeRequest(5, TimeUnit.SECONDS));
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void azureStyleKeyHeaderAndLegacyMaxTokens() throws Exception {
        server.enqueue(ok(completion(goodContent())));
        builder().baseUrl(server.url("/openai/").toString()).apiKeyHeader("api-key").legacyMaxTokens(true).build()
                .generate(request());

        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/openai/v1/chat/completions");
        assertThat(recorded.getHeaders().get("api-key")).isEqualTo(API_KEY);
        assertThat(recorded.getHeaders().get("Authorization")).isNull();
        assertThat(body(recorded).path("max_tokens").asInt()).isEqualTo(OpenAiMessageGenerator.DEFAULT_MAX_COMPLETION_TOKENS);
    }

    @Test
    void aGoodAnswerBecomesThePersonalizedMessageAndItsUsageIsRecorded() {
        server.enqueue(ok(completion(goodContent())));
        OpenAiMessageGenerator generator = builder().build();

        MessageRequest request = request();
        Message message = generator.generate(request);

        assertThat(message.subject()).isEqualTo("Alex, your Merino Wool Sweater is waiting");
        assertThat(message.textBody()).startsWith("Hi Alex,").contains("$171.50")
                .endsWith("Complete my order: " + request.cart().restoreUrl() + "\n");
        assertThat(message.htmlBody()).startsWith("<p>Hi Alex,</p>")
                .endsWith("<p><a href=\"" + request.cart().restoreUrl() + "\">Complete my order</a></p>");
        assertThat(message.callToAction()).isEqualTo("Complete my order");
        assertThat(generator.usage(Completions.STORE)).isEqualTo(new TokenUsage(1, 1117, 46));
        assertThat(generator.usage("other-store")).isEqualTo(TokenUsage.NONE);
        assertThat(generator.usageByStore()).containsOnlyKeys(Completions.STORE);
        GeneratorStats stats = generator.stats();
        assertThat(stats.messages()).isEqualTo(1);
        assertThat(stats.requests()).isEqualTo(1);
        assertThat(stats.fallbacks()).isZero();
        assertThat(stats.promptTokens()).isEqualTo(1117);
        assertThat(stats.completionTokens()).isEqualTo(46);
    }

    @Test
    void theFirstNameIsHtmlEscapedAndDroppedWhenUnknown() {
        server.enqueue(ok(completion(goodContent())));
        OpenAiMessageGenerator generator = builder().build();
        MessageRequest base = request();

        Message tricky = generator.generate(Completions.request(base.cart(),
                Completions.customer("c-7", "O'Brien"), base.step()));
        Message markup = generator.generate(Completions.request(base.cart(),
                Completions.customer("c-9", "<b>Jo</b> & Co"), base.step()));
        Message anonymous = generator.generate(Completions.request(base.cart(),
                Completions.customer("c-8", null), base.step()));

        assertThat(tricky.htmlBody()).startsWith("<p>Hi O&#39;Brien,</p>");
        assertThat(tricky.textBody()).startsWith("Hi O'Brien,");
        assertThat(markup.textBody()).startsWith("Hi,"); // not a name (Customer#greetingName): greeted without one
        assertThat(anonymous.subject()).isEqualTo("Your Merino Wool Sweater is waiting");
        assertThat(anonymous.textBody()).startsWith("Hi,");
    }

    @Test
    void aRefusalFallsBackToTheTemplates() {
        server.enqueue(ok(Completions.refusal()));
        OpenAiMessageGenerator generator = builder().build();

        Message message = generator.generate(request());

        assertThat(message).isEqualTo(MessageGenerator.templates().generate(request()));
        assertThat(generator.stats().fallbacks()).isEqualTo(1);
        assertThat(generator.stats().failures()).isEqualTo(1);
        assertThat(generator.usage(Completions.STORE).completionTokens()).isEqualTo(46); // paid for all the same
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aTruncatedAnswerFallsBackWithoutRegenerating() {
        server.enqueue(ok(Completions.truncated()));
        OpenAiMessageGenerator generator = builder().noFallback().build();

        assertThatThrownBy(() -> generator.generate(request())).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.reason()).isEqualTo(OpenAiException.Reason.TRUNCATED));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aMalformedBodyFallsBack() {
        server.enqueue(ok("<html><body>Bad gateway</body></html>"));
        OpenAiMessageGenerator noFallback = builder().noFallback().build();
        assertThatThrownBy(() -> noFallback.generate(request())).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.reason()).isEqualTo(OpenAiException.Reason.MALFORMED_RESPONSE));

        server.enqueue(ok("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}"));
        OpenAiMessageGenerator generator = builder().build();
        assertThat(generator.generate(request())).isEqualTo(MessageGenerator.templates().generate(request()));
        assertThat(generator.stats().fallbacks()).isEqualTo(1);
    }

    @Test
    void anUnexpectedErrorAlsoFallsBack() {
        server.enqueue(ok(completion(goodContent())));
        ReviewSnippets broken = (store, item) -> {
            throw new IllegalStateException("review service down");
        };
        OpenAiMessageGenerator generator = builder().reviews(broken).build();

        assertThat(generator.generate(request())).isEqualTo(MessageGenerator.templates().generate(request()));
        assertThat(generator.stats().fallbacks()).isEqualTo(1);
    }

    @Test
    void aCustomFallbackIsUsed() {
        server.enqueue(ok(Completions.refusal()));
        Message canned = new Message("Your cart", "", "text", "<p>text</p>", "Back to cart");

        assertThat(builder().fallback(r -> canned).build().generate(request())).isSameAs(canned);
    }

    @Test
    void theKeyNeverAppearsInToStringExceptionsOrLogs() {
        server.enqueue(status(401, Completions.error("Incorrect API key provided: " + API_KEY + ". You can find "
                + "your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error",
                "invalid_api_key")));
        server.enqueue(status(401, Completions.error("Incorrect API key provided: " + API_KEY, "invalid_request_error",
                "invalid_api_key")));
        PrintStream original = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            OpenAiMessageGenerator strict = builder().noFallback().build();
            assertThat(strict.toString()).contains("gpt-4o").doesNotContain(API_KEY).doesNotContain("SECRETKEY");
            assertThatThrownBy(() -> strict.generate(request())).isInstanceOfSatisfying(OpenAiException.class, e -> {
                assertThat(e.reason()).isEqualTo(OpenAiException.Reason.HTTP_STATUS);
                assertThat(e.getMessage()).contains("401", "invalid_api_key").doesNotContain("SECRETKEY");
            });
            builder().build().generate(request());
        } finally {
            System.setOut(original);
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("HTTP 401").doesNotContain("SECRETKEY")
                .doesNotContain("c-1@example.com").doesNotContain("Alex");
        assertThat(server.getRequestCount()).isEqualTo(2); // 401 is not retried
    }

    @Test
    void builderRejectsBadSettingsNamingTheField() {
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().build()).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().apiKey(" ")).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().temperature(2.5)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().baseUrl("ftp:/x")).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().maxConcurrentRequests(0))
                .hasMessageContaining("maxConcurrentRequests");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().readTimeout(Duration.ZERO))
                .hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().fallback(null)).hasMessageContaining("fallback");
        assertThatThrownBy(() -> builder().build().generate(null)).hasMessageContaining("request");
        assertThatThrownBy(() -> BrandVoice.of("Acme", " ")).hasMessageContaining("voice");
    }

    @Test
    void statsHaveDefinedZeroCases() {
        GeneratorStats stats = builder().build().stats();
        assertThat(stats.fallbackRate()).isZero();
        assertThat(stats.cacheHitRate()).isZero();
        assertThat(stats.messages()).isZero();
    }

    @Test
    void theToneOfTheStepReachesThePrompt() throws Exception {
        server.enqueue(ok(completion(goodContent())));
        builder().build().generate(Completions.request(request().cart(), request().customer(),
                Completions.step(Tone.LAST_CHANCE, Completions.tenPercent())));

        String user = body(server.takeRequest(5, TimeUnit.SECONDS)).path("messages").get(1).path("content").asText();
        assertThat(user).contains("last chance", "10% off with the code SAVE10", "Step: EMAIL_24H on channel EMAIL");
    }
}
