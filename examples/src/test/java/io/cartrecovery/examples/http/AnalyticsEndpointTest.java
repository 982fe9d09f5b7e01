package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /stores/{id}/analytics?days=N} over real HTTP, on a scenario small enough to check by hand: an
 * experiment with two carts in each of its arms (control, tone, holdout); control recovers one of two, tone two of
 * two, the holdout one of two. Every purchase comes after the +2h email (or, in the holdout, its skipped step).
 */
class AnalyticsEndpointTest extends ServiceTestBase {
    private static final Experiment EXPERIMENT = Experiment.of("day1-tone", 0.5,
            Variant.control("control", 1),
            Variant.of("tone", 1, StepDefinition.of(SequencePolicy.EMAIL_24H, Duration.ofHours(24), Channel.EMAIL,
                    Tone.OBJECTION_HANDLING)));

    @Test
    void reportsTheEnginesAnalyticsOfTheLastDaysWithTheExperiment() throws Exception {
        engine.configureStore(StoreSettings.builder(A).experiment(EXPERIMENT).build());
        Map<String, List<String>> carts = twoCartsPerArm();
        Map<String, Long> customers = new HashMap<>();
        for (String arm : List.of("control", "tone", "holdout")) {
            for (String token : carts.get(arm)) {
                customers.put(token, 1001L + customers.size());
                abandon(token, customers.get(token));
            }
        }
        scheduler.advance(Duration.ofHours(2)); // every sequence is past its popup and its +2h email
        for (String token : List.of(carts.get("control").get(0), carts.get("tone").get(0), carts.get("tone").get(1),
                carts.get("holdout").get(0))) {
            assertThat(signedWebhook("orders/create", order("o-" + token, token, customers.get(token))).statusCode())
                    .isEqualTo(200);
        }
        scheduler.advance(Duration.ofMinutes(1)); // the period ends now, exclusive: the orders lie before it

        JsonNode body = json(get("/stores/" + A + "/analytics?days=7", KEY_A));

        assertThat(body.path("days").asInt()).isEqualTo(7);
        assertThat(body.path("to").asText()).isEqualTo(clock.instant().toString());
        assertThat(body.path("from").asText()).isEqualTo(clock.instant().minus(Duration.ofDays(7)).toString());
        assertThat(body.path("attributionWindow").asText()).isEqualTo("PT120H");
        // treated: control 1/2 + tone 2/2 = 3 of 4; the holdout counts only in the experiment
        assertThat(rate(body.path("recovery"))).containsExactly(3.0, 4.0, 0.75);
        assertThat(body.path("recoveredRevenue").decimalValue()).isEqualByComparingTo("354.00"); // 3 × 118.00
        assertThat(body.path("purchasedBeforeFirstMessage").path("count").asLong()).isZero();
        assertThat(rate(body.path("byType").path("FIRST_TIME"))).containsExactly(3.0, 4.0, 0.75);
        assertThat(body.path("averageSequenceLength").asDouble()).isEqualTo(2.0); // popup and +2h email
        JsonNode email2h = step(body, SequencePolicy.EMAIL_2H);
        assertThat(email2h.path("sent").asLong()).isEqualTo(4);
        assertThat(email2h.path("recoveredAfter").asLong()).isEqualTo(3);
        assertThat(email2h.path("openRate").asDouble()).isZero();
        // a holdout gets no messages, so none of its sequences is recovered; its purchase is a conversion
        assertThat(rate(body.path("byVariant").path("day1-tone/holdout"))).containsExactly(0.0, 2.0, 0.0);

        JsonNode experiment = body.path("experiments").get(0);
        assertThat(experiment.path("experimentId").asText()).isEqualTo("day1-tone");
        assertThat(rate(experiment.path("arms").path("control"))).containsExactly(1.0, 2.0, 0.5);
        assertThat(rate(experiment.path("arms").path("tone"))).containsExactly(2.0, 2.0, 1.0);
        assertThat(rate(experiment.path("arms").path("holdout"))).containsExactly(1.0, 2.0, 0.5);
        // lift 0.75 - 0.5 = 0.25 ± 1.96 × sqrt(0.75·0.25/4 + 0.5·0.5/2) = 0.25 ± 0.8126
        JsonNode lift = experiment.path("lift");
        assertThat(lift.path("difference").asDouble()).isCloseTo(0.25, within(1e-12));
        assertThat(lift.path("lower").asDouble()).isCloseTo(-0.5626, within(1e-4));
        assertThat(lift.path("upper").asDouble()).isCloseTo(1.0626, within(1e-4));
        // tone 2/2 against control 1/2: pooled 0.75, z = 0.5 / sqrt(0.75·0.25·(1/2 + 1/2)) = 1.1547, p = 0.2482
        JsonNode comparison = experiment.path("comparisons").get(0);
        assertThat(comparison.path("variant").asText()).isEqualTo("day1-tone/tone");
        assertThat(comparison.path("control").asText()).isEqualTo("day1-tone/control");
        assertThat(comparison.path("z").asDouble()).isCloseTo(1.1547, within(1e-4));
        assertThat(comparison.path("pValue").asDouble()).isCloseTo(0.2482, within(1e-4));
    }

    @Test
    void theWindowEndsNowOnTheServicesClockAndBadDaysAre400() throws Exception {
        abandon("tok-1", 1001);
        scheduler.advance(Duration.ofDays(2));

        JsonNode lastDay = json(get("/stores/" + A + "/analytics?days=1", KEY_A));
        JsonNode lastThree = json(get("/stores/" + A + "/analytics?days=3", KEY_A));
        HttpResponse<String> zero = get("/stores/" + A + "/analytics?days=0", KEY_A);
        HttpResponse<String> words = get("/stores/" + A + "/analytics?days=many", KEY_A);
        HttpResponse<String> foreign = get("/stores/" + A + "/analytics?days=3", KEY_B);
        HttpResponse<String> anonymous = get("/stores/" + A + "/analytics?days=3", null);

        assertThat(rate(lastDay.path("recovery"))).containsExactly(0.0, 0.0, 0.0);
        assertThat(lastDay.path("experiments")).isEmpty();
        assertThat(rate(lastThree.path("recovery"))).containsExactly(0.0, 1.0, 0.0);
        assertThat(List.of(zero, words)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("field").asText()).isEqualTo("days");
        });
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /** Checkout tokens by the arm the experiment puts them in, two per arm. */
    private static Map<String, List<String>> twoCartsPerArm() {
        Map<String, List<String>> carts = new HashMap<>();
        for (int i = 1; carts.values().stream().mapToInt(List::size).sum() < 6; i++) {
            String token = "tok-" + i;
            List<String> arm = carts.computeIfAbsent(EXPERIMENT.assign(token), k -> new ArrayList<>());
            if (arm.size() < 2) {
                arm.add(token);
            }
        }
        return carts;
    }

    private static double[] rate(JsonNode rate) {
        return new double[] {rate.path("count").asDouble(), rate.path("total").asDouble(), rate.path("rate").asDouble()};
    }

    private static JsonNode step(JsonNode body, String stepId) {
        for (JsonNode step : body.path("steps")) {
            if (step.path("stepId").asText().equals(stepId)) {
                return step;
            }
        }
        throw new AssertionError("no step " + stepId + " in " + body);
    }
}
