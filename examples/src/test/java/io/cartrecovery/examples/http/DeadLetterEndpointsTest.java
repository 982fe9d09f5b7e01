package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartrecovery.core.RecoverySequence;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Dead letters over HTTP: listed newest first, paged, sent again; store-scoped like the rest of the API. */
class DeadLetterEndpointsTest extends ServiceTestBase {

    private RecoverySequence failTheTwoHourEmail(String token, long customerId) throws Exception {
        RecoverySequence sequence = abandon(token, customerId);
        email.failTransiently(5);                       // every attempt the retry policy allows
        scheduler.advance(Duration.ofHours(6));
        return sequence;
    }

    @Test
    void listsTheFailedStepsAndRetriesOneWithTheSameIdempotencyKey() throws Exception {
        RecoverySequence sequence = failTheTwoHourEmail("tok-1", 1001);

        HttpResponse<String> listed = get("/stores/" + A + "/failed-steps", KEY_A);

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode item = json(listed).path("items").get(0);
        assertThat(item.path("sequenceId").asText()).isEqualTo(sequence.id());
        assertThat(item.path("stepId").asText()).isEqualTo("EMAIL_2H");
        assertThat(item.path("detail").asText()).startsWith("RETRIES_EXHAUSTED");
        assertThat(json(listed).path("nextCursor").isTextual()).isFalse();  // one page holds them all

        HttpResponse<String> retried = post("/stores/" + A + "/sequences/" + sequence.id()
                + "/steps/EMAIL_2H/retry", KEY_A, "");
        scheduler.runDue();

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json(retried).path("nextStep").asText()).isEqualTo("EMAIL_2H");
        assertThat(email.sent()).last().satisfies(sent -> {
            assertThat(sent.delivery().idempotencyKey()).isEqualTo(sequence.id() + ":EMAIL_2H");
            assertThat(sent.result().status().name()).isEqualTo("DELIVERED");
        });
        HttpResponse<String> again = post("/stores/" + A + "/sequences/" + sequence.id()
                + "/steps/EMAIL_2H/retry", KEY_A, "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("error").asText()).isEqualTo("conflict");
    }

    @Test
    void pagesWithTheCursorAndRefusesABadOne() throws Exception {
        failTheTwoHourEmail("tok-1", 1001);
        failTheTwoHourEmail("tok-2", 1002);

        JsonNode first = json(get("/stores/" + A + "/failed-steps?limit=1", KEY_A));
        JsonNode second = json(get("/stores/" + A + "/failed-steps?limit=1&after="
                + URLEncoder.encode(first.path("nextCursor").asText(), StandardCharsets.UTF_8), KEY_A));
        HttpResponse<String> bad = get("/stores/" + A + "/failed-steps?after=not-a-cursor", KEY_A);
        HttpResponse<String> badLimit = get("/stores/" + A + "/failed-steps?limit=many", KEY_A);

        assertThat(first.path("items")).hasSize(1);
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("nextCursor").isTextual()).isFalse();
        assertThat(second.path("items").get(0).path("sequenceId").asText())
                .isNotEqualTo(first.path("items").get(0).path("sequenceId").asText());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit).path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void anotherStoresKeyGets404AndNoKeyGets401() throws Exception {
        RecoverySequence sequence = failTheTwoHourEmail("tok-1", 1001);
        String retry = "/stores/" + A + "/sequences/" + sequence.id() + "/steps/EMAIL_2H/retry";

        HttpResponse<String> otherList = get("/stores/" + A + "/failed-steps", KEY_B);
        HttpResponse<String> otherRetry = post(retry, KEY_B, "");
        HttpResponse<String> ownStoreWrongSequence = post("/stores/" + B + "/sequences/" + sequence.id()
                + "/steps/EMAIL_2H/retry", KEY_B, "");
        HttpResponse<String> anonymous = get("/stores/" + A + "/failed-steps", null);
        HttpResponse<String> wrongMethod = get(retry, KEY_A);

        assertThat(otherList.statusCode()).isEqualTo(404);
        assertThat(otherRetry.statusCode()).isEqualTo(404);
        assertThat(ownStoreWrongSequence.statusCode()).isEqualTo(404);
        assertThat(json(otherRetry).path("error").asText()).isEqualTo("not_found");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(get("/stores/" + A + "/failed-steps", KEY_A)).path("items")).hasSize(1);
    }
}
