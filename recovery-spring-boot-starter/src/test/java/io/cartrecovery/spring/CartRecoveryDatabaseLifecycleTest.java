package io.cartrecovery.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.jdbc.JdbcScheduler;
import io.cartrecovery.jdbc.JdbcSchema;
import io.cartrecovery.jdbc.SchemaVersionException;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine starts after the application's Flyway applied the schema, and stops before its DataSource closes. */
class CartRecoveryDatabaseLifecycleTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(CartRecoveryAutoConfiguration.class, CartRecoveryOperationsAutoConfiguration.class));

    private static String h2() {
        return "spring.datasource.url=jdbc:h2:mem:starter-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void withTheApplicationsFlywayTheEngineStartsOnTheSchemaItApplied() {
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        RecordingSender email = new RecordingSender(clock);
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class))
                .withUserConfiguration(CartRecoveryMigrations.class)
                .withBean(SettableClock.class, () -> clock).withBean(Scheduler.class, () -> scheduler)
                .withBean(RecordingSender.class, () -> email)
                .withPropertyValues(h2(), "spring.flyway.locations=classpath:db/app", "cartrecovery.jdbc.migrate=false",
                        "cartrecovery.stores.s1.locale=en-US")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcRecoveryStore.class);
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(JdbcSchema.currentVersion(dataSource)).as("the built-in migrator did not run").isZero();
                    assertThat(JdbcSchema.check(dataSource)).isEqualTo(JdbcSchema.latestVersion());
                    assertThat(context.getBean(Flyway.class).info().applied()).as("the application's own history")
                            .singleElement().satisfies(m -> assertThat(m.getScript()).isEqualTo("V1__orders.sql"));

                    RecoveryEngine engine = context.getBean(RecoveryEngine.class);
                    engine.cartUpdated(Fixtures.cart("s1", "c1", "u1", T0), Fixtures.customer("s1", "u1"));
                    engine.cartAbandoned("s1", "c1", T0);
                    scheduler.advance(Duration.ofHours(30));
                    assertThat(email.sent()).isNotEmpty();
                });
    }

    @Test
    void withoutTheSchemaMigrateFalseFailsTheStartNamingTheFix() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(h2(), "cartrecovery.jdbc.migrate=false")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(SchemaVersionException.class).hasMessageContaining("migrate(true)"));
    }

    @Test
    void onCloseTheEngineStopsWhileTheDataSourceIsStillOpen() {
        RecordingPool[] pool = new RecordingPool[1];
        runner.withUserConfiguration(Pool.class).withPropertyValues("cartrecovery.jdbc.workers=2")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcScheduler.class);
                    pool[0] = context.getBean(RecordingPool.class);
                    pool[0].watch(context.getBean(RecoveryEngine.class));
                    assertThat(pool[0].engine.health().running()).isTrue();
                });
        assertThat(pool[0].isClosed()).isTrue();
        assertThat(pool[0].engineRunningAtClose).as("the engine was running when the pool closed").isFalse();
        assertThat(pool[0].poolWorkedAtClose).as("the pool still served connections then").isTrue();
    }

    /** The application's Flyway runs its own scripts, then the library's with a history table of their own. */
    @Configuration(proxyBeanMethods = false)
    static class CartRecoveryMigrations {
        // README:
        @Bean
        FlywayMigrationStrategy cartRecoveryMigrations() {
            return flyway -> {
                flyway.migrate();                                        // your own scripts
                Flyway.configure().configuration(flyway.getConfiguration())
                        .locations("classpath:db/cartrecovery/h2")       // or postgresql, mariadb
                        .table("cartrecovery_schema_history")            // their own history, beside yours
                        .baselineOnMigrate(true).baselineVersion("0")
                        .load().migrate();
            };
        }
        // README end
    }

    @Configuration(proxyBeanMethods = false)
    static class Pool {
        @Bean
        RecordingPool dataSource() {
            RecordingPool pool = new RecordingPool();
            pool.setJdbcUrl("jdbc:h2:mem:starter-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            pool.setMaximumPoolSize(4);
            return pool;
        }
    }

    /** A pool that records, when it closes, whether the engine still ran and whether it could still serve. */
    static final class RecordingPool extends HikariDataSource {
        private volatile RecoveryEngine engine;
        volatile Boolean engineRunningAtClose;
        volatile boolean poolWorkedAtClose;

        void watch(RecoveryEngine watched) {
            this.engine = watched;
        }

        @Override
        public void close() {
            if (engine != null && engineRunningAtClose == null) {
                engineRunningAtClose = engine.health().running();
                try (Connection connection = getConnection()) {
                    poolWorkedAtClose = connection.isValid(1);
                } catch (SQLException e) {
                    poolWorkedAtClose = false;
                }
            }
            super.close();
        }
    }
}
