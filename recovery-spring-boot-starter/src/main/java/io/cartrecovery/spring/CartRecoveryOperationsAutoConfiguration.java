package io.cartrecovery.spring;

import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.micrometer.OpenAiMetrics;
import io.cartrecovery.micrometer.RecoveryMetrics;
import io.cartrecovery.openai.OpenAiMessageGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator health indicator {@code cartRecovery} and the engine's meters, each when its library is on the
 * classpath. Boot binds {@link RecoveryMetrics} (a {@code MeterBinder}) to the application's registry.
 */
@AutoConfiguration(after = CartRecoveryAutoConfiguration.class, afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
public class CartRecoveryOperationsAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBean(RecoveryEngine.class)
    @ConditionalOnEnabledHealthIndicator("cartrecovery")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "cartRecoveryHealthIndicator")
        HealthIndicator cartRecoveryHealthIndicator(RecoveryEngine engine, CartRecoveryProperties properties) {
            return new CartRecoveryHealthIndicator(engine, properties.healthLagThreshold());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, RecoveryMetrics.class})
    @ConditionalOnBean({MeterRegistry.class, RecoveryEngine.class})
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        RecoveryMetrics recoveryMetrics() {
            return RecoveryMetrics.builder().build();
        }

        /** Points the lag and in-flight gauges at the engine once every singleton exists. */
        @Bean
        SmartInitializingSingleton recoveryMetricsMonitor(RecoveryMetrics metrics,
                                                          ObjectProvider<RecoveryEngine> engine) {
            return () -> engine.ifAvailable(metrics::monitor);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, OpenAiMetrics.class, OpenAiMessageGenerator.class})
    @ConditionalOnBean({MeterRegistry.class, OpenAiMessageGenerator.class})
    static class OpenAi {

        @Bean
        @ConditionalOnMissingBean
        OpenAiMetrics recoveryOpenAiMetrics(OpenAiMessageGenerator generator) {
            return OpenAiMetrics.of(generator);
        }
    }
}
