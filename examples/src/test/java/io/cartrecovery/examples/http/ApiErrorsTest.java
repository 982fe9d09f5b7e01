package io.cartrecovery.examples.http;

import io.cartrecovery.core.ConflictException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorsTest {
    private static final URI URI_ = URI.create("http://127.0.0.1/stores/s1/sequences/seq-secret?limit=lots");
    private static final Map<String, List<String>> HEADERS = Map.of("X-Custom", List.of("header-value"));
    private static final byte[] BODY = "{\"title\": \"Wool Socks\", \"n\": 12345}".getBytes(StandardCharsets.UTF_8);

    private static ApiErrors.Answer answer(Exception e) {
        return ApiErrors.answer(e, URI_, HEADERS, BODY);
    }

    @Test
    void aRefusalIsSplitIntoItsFieldAndTheRest() {
        assertThat(answer(new IllegalArgumentException("line_items[2].quantity must be positive")))
                .isEqualTo(new ApiErrors.Answer(400, "line_items[2].quantity", "must be positive"));
        assertThat(answer(new IllegalArgumentException("could not read it")))
                .isEqualTo(new ApiErrors.Answer(400, null, "could not read it"));
    }

    @Test
    void aMessageThatRepeatsWhatWasSentOrNamesTypesBecomesGeneric() {
        assertThat(answer(new IllegalArgumentException("stepId seq-secret is not a step")).message())
                .isEqualTo("request is not valid");
        assertThat(answer(new IllegalArgumentException("title must not be Wool Socks")))
                .isEqualTo(new ApiErrors.Answer(400, "title", "is not valid"));
        assertThat(answer(new IllegalArgumentException("limit must not be lots")).message()).isEqualTo("is not valid");
        assertThat(answer(new IllegalArgumentException("n must be below 12345")).message()).isEqualTo("is not valid");
        assertThat(answer(new IllegalArgumentException("x is header-value")).message()).isEqualTo("is not valid");
        assertThat(answer(new IllegalArgumentException("email must not be a@b.example")).message())
                .isEqualTo("is not valid");
        assertThat(answer(new IllegalArgumentException("failed: java.lang.NumberFormatException")).message())
                .isEqualTo("request is not valid");
        assertThat(answer(new IllegalArgumentException("a must be short " + "x".repeat(200))).message())
                .isEqualTo("is not valid");
    }

    @Test
    void conflictsAndUnexpectedFailuresSayNothingOfTheirCause() {
        assertThat(answer(new ConflictException("sequence seq-1 is still active")))
                .isEqualTo(new ApiErrors.Answer(409, null, "conflicts with the sequence's current state"));
        assertThat(answer(new IllegalStateException("boom"))).isNull();
        assertThat(new ApiErrors.Answer(404, null, "not found").body()).containsExactly(
                Map.entry("error", "not_found"), Map.entry("message", "not found"));
    }
}
