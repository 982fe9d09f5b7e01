package io.cartrecovery.spring;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.jdbc.JdbcScheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The recovery engine from {@code cartrecovery.*}: on the application's {@link DataSource} with
 * {@link JdbcRecoveryStore} and its {@link JdbcScheduler}, or in memory when {@code cartrecovery.store=memory}.
 * Every bean backs off when the application defines its own. The engine is built after the database is
 * initialized (the library's migrations, Flyway, Liquibase or SQL scripts) and, since it depends on the store and
 * so on the DataSource, closed before the DataSource: its scheduler stops handing out work and waits for the steps
 * in progress.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
@EnableConfigurationProperties(CartRecoveryProperties.class)
@Import({DeliveryConfiguration.Smtp.class, DeliveryConfiguration.OpenAi.class, DeliveryConfiguration.Links.class})
public class CartRecoveryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock cartRecoveryClock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(RecoveryStore.class)
    RecoveryEngine recoveryEngine(CartRecoveryProperties properties, RecoveryStore store, Clock clock,
                                  ObjectProvider<Scheduler> scheduler, ObjectProvider<Sender> emailSender,
                                  ObjectProvider<MessageGenerator> generator, ObjectProvider<SignedLinks> links,
                                  ObjectProvider<RecoveryListener> listeners, ObjectProvider<StoreSettings> settings,
                                  ObjectProvider<RecoveryEngineCustomizer> customizers) {
        RecoveryEngine.Builder builder = RecoveryEngine.builder().store(store).clock(clock);
        scheduler.ifAvailable(builder::scheduler);
        emailSender.ifUnique(sender -> builder.sender(Channel.EMAIL, sender));
        generator.ifUnique(builder::messageGenerator);
        links.ifUnique(builder::links);
        listeners.orderedStream().forEach(builder::listener);
        StoreConfigurations.fromProperties(properties).forEach(builder::configureStore);
        settings.orderedStream().forEach(builder::configureStore);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** The durable store and multi-node scheduler on the application's DataSource. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcRecoveryStore.class)
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnProperty(name = "cartrecovery.store", havingValue = "jdbc", matchIfMissing = true)
    static class Jdbc {

        @Bean
        @ConditionalOnMissingBean(RecoveryStore.class)
        @DependsOnDatabaseInitialization
        JdbcRecoveryStore recoveryStore(DataSource dataSource, Clock clock, CartRecoveryProperties properties) {
            return JdbcRecoveryStore.builder(dataSource).clock(clock).migrate(properties.jdbc().migrate()).build();
        }

        /** Closed by the engine, which owns it once built. */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean(Scheduler.class)
        @ConditionalOnBean(JdbcRecoveryStore.class)
        JdbcScheduler recoveryScheduler(JdbcRecoveryStore store, Clock clock, CartRecoveryProperties properties) {
            CartRecoveryProperties.Jdbc jdbc = properties.jdbc();
            return JdbcScheduler.builder(store).clock(clock).workers(jdbc.workers()).batchSize(jdbc.batchSize())
                    .pollInterval(jdbc.pollInterval()).build();
        }
    }

    /** Everything in memory, only when {@code cartrecovery.store=memory} asks for it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "cartrecovery.store", havingValue = "memory")
    static class Memory {

        @Bean
        @ConditionalOnMissingBean(RecoveryStore.class)
        RecoveryStore recoveryStore() {
            return RecoveryStore.inMemory();
        }
    }
}
