package io.cartrecovery.jdbc;

import io.cartrecovery.test.Fixtures;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code migrate(false)} builds a store only on a schema at the version the code needs, whichever tool applied the
 * scripts: the built-in migrator, or the host's own Flyway with a history table of its own beside the host's.
 * The needed version is that of the newest script, so a new migration needs no change here.
 */
abstract class SchemaCheckScenario {
    private static final String HISTORY = "cartrecovery_schema_history";

    /** A new, empty database (schema) of the dialect under test. */
    abstract DataSource freshDatabase();

    abstract Dialect dialect();

    private String location() {
        return "classpath:" + JdbcSchema.LOCATION + dialect().sql().resourceFolder();
    }

    private static JdbcRecoveryStore checked(DataSource dataSource) {
        return JdbcRecoveryStore.builder(dataSource).migrate(false).build();
    }

    /** The library's scripts through the host's Flyway, up to {@code target}, beside the host's own migrations. */
    private void flyway(DataSource dataSource, String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/host").load().migrate();
        Flyway.configure().dataSource(dataSource).locations(location()).table(HISTORY)
                .baselineOnMigrate(true).baselineVersion("0").target(target).load().migrate();
    }

    private static void works(JdbcRecoveryStore store) {
        store.saveCustomer(Fixtures.customer("shop", "u1"));
        assertThat(store.customer("shop", "u1")).contains(Fixtures.customer("shop", "u1"));
    }

    @Test
    void aMissingSchemaFailsWithTheVersionNeededAndTheFix() {
        DataSource dataSource = freshDatabase();
        String newest = JdbcSchema.SCRIPTS.get(JdbcSchema.SCRIPTS.size() - 1);

        assertThatThrownBy(() -> checked(dataSource)).isInstanceOfSatisfying(SchemaVersionException.class, e -> {
            assertThat(e.found()).isZero();
            assertThat(e.required()).isEqualTo(JdbcSchema.latestVersion());
            assertThat(e).hasMessageContaining("no cart recovery schema found")
                    .hasMessageContaining("needs version " + JdbcSchema.latestVersion())
                    .hasMessageContaining(JdbcSchema.SCRIPTS.get(0)).hasMessageContaining(newest)
                    .hasMessageContaining("migrate(true)").hasMessageContaining(location());
        });
    }

    @Test
    void aSchemaWithoutTheNewestScriptFailsNamingIt() {
        DataSource dataSource = freshDatabase();
        List<String> older = JdbcSchema.SCRIPTS.subList(0, JdbcSchema.SCRIPTS.size() - 1);
        int olderVersion = new JdbcSchema(dataSource, dialect(), JdbcSchema.LOCATION, older).migrate();
        String newest = JdbcSchema.SCRIPTS.get(JdbcSchema.SCRIPTS.size() - 1);

        assertThatThrownBy(() -> checked(dataSource)).isInstanceOfSatisfying(SchemaVersionException.class, e -> {
            assertThat(e.found()).isEqualTo(olderVersion).isLessThan(JdbcSchema.latestVersion());
            assertThat(e).hasMessageContaining("at version " + olderVersion)
                    .hasMessageContaining("needs version " + JdbcSchema.latestVersion())
                    .hasMessageContaining("apply " + newest + " from");
        });
    }

    @Test
    void aSchemaTheBuiltInMigratorBroughtUpToDatePasses() {
        DataSource dataSource = freshDatabase();
        JdbcSchema.migrate(dataSource);

        assertThat(JdbcSchema.check(dataSource)).isEqualTo(JdbcSchema.latestVersion());
        works(checked(dataSource));
    }

    @Test
    void aSchemaTheHostsFlywayAppliedWithItsOwnHistoryTablePasses() {
        DataSource dataSource = freshDatabase();
        flyway(dataSource, "latest");

        assertThat(JdbcSchema.currentVersion(dataSource)).as("the built-in migrator never ran").isZero();
        assertThat(JdbcSchema.check(dataSource)).isEqualTo(JdbcSchema.latestVersion());
        works(checked(dataSource));
        assertThat(JdbcSchema.migrate(dataSource)).as("the built-in migrator later takes Flyway's record")
                .isEqualTo(JdbcSchema.latestVersion());
    }

    @Test
    void aSchemaTheHostsFlywayLeftOneScriptBehindFails() {
        DataSource dataSource = freshDatabase();
        int older = JdbcSchema.latestVersion() - 1;
        flyway(dataSource, String.valueOf(older));

        assertThatThrownBy(() -> checked(dataSource)).isInstanceOfSatisfying(SchemaVersionException.class,
                e -> assertThat(e.found()).isEqualTo(older));
    }

    @Test
    void theHostsOwnFlywayHistoryIsNeverTakenForTheLibrarys() {
        DataSource dataSource = freshDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/host").load().migrate();

        assertThatThrownBy(() -> checked(dataSource)).isInstanceOfSatisfying(SchemaVersionException.class,
                e -> assertThat(e.found()).isZero());
    }

    /** The version needed follows the scripts shipped: every dialect has exactly the scripts of {@code SCRIPTS}. */
    @Test
    void theScriptListIsTheScriptsOfEveryDialect() throws IOException {
        Path folder = Path.of("src/main/resources", JdbcSchema.LOCATION, dialect().sql().resourceFolder());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted(
                    java.util.Comparator.comparingInt(JdbcSchema::versionOf)))
                    .containsExactlyElementsOf(JdbcSchema.SCRIPTS);
        }
        assertThat(JdbcSchema.latestVersion()).isEqualTo(
                JdbcSchema.versionOf(JdbcSchema.SCRIPTS.get(JdbcSchema.SCRIPTS.size() - 1)));
    }
}
