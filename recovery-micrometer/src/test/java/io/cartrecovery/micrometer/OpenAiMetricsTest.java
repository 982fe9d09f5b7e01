package io.cartrecovery.micrometer;

import io.cartrecovery.openai.OpenAiMessageGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiMetricsTest {

    @Test
    void bindsTheGeneratorsCountersTokensAndCircuit() {
        OpenAiMessageGenerator generator = OpenAiMessageGenerator.builder().apiKey("sk-test-not-a-key").build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        OpenAiMetrics.of(generator).bindTo(registry);

        assertThat(registry.get("cartrecovery.openai.messages").functionCounter().count()).isZero();
        assertThat(registry.get("cartrecovery.openai.fallbacks").functionCounter().count()).isZero();
        assertThat(registry.get("cartrecovery.openai.tokens").tag("type", "prompt").functionCounter().count())
                .isZero();
        assertThat(registry.get("cartrecovery.openai.tokens").tag("type", "completion").functionCounter()
                .getId().getBaseUnit()).isEqualTo("tokens");
        assertThat(registry.get("cartrecovery.openai.circuit.open").gauge().value()).isZero();
        assertThat(registry.getMeters().toString()).doesNotContain("sk-test-not-a-key");
    }
}
