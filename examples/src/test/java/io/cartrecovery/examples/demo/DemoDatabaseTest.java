package io.cartrecovery.examples.demo;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.StoreAccessException;
import io.cartrecovery.examples.demo.DemoOptions.Database;
import io.cartrecovery.examples.demo.DemoOptions.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's store options: the in-memory store, H2 files in a fresh schema, credentials never printed. */
class DemoDatabaseTest {

    /** A demo run and what it printed. */
    record Run(DemoResult result, String console) {}

    static Run run(DemoOptions options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoResult result = Demo.run(options, Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        return new Run(result, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void databaseOptionsParseAndNameTheBadOne() {
        DemoOptions o = DemoOptions.parse("--db-url", "jdbc:postgresql://db:5432/shop", "--db-user", "app",
                "--db-password", "s3cret", "--drop-schema");
        assertThat(o.database()).isEqualTo(new Database(Store.JDBC, "jdbc:postgresql://db:5432/shop", "app", "s3cret",
                true));
        assertThat(o.toString()).contains("jdbc:postgresql://db:5432/shop").doesNotContain("s3cret");
        assertThat(DemoOptions.parse("--store", "memory").database()).isEqualTo(Database.memory());
        assertThat(DemoOptions.parse("--store", "JDBC").database()).isEqualTo(Database.embedded())
                .isEqualTo(DemoOptions.defaults().database());
        assertThatThrownBy(() -> DemoOptions.parse("--store", "redis")).hasMessageContaining("--store must be");
        assertThatThrownBy(() -> DemoOptions.parse("--store", "memory", "--db-url", "jdbc:h2:mem:x"))
                .hasMessageContaining("--store memory takes no --db-url");
        assertThatThrownBy(() -> DemoOptions.parse("--db-user", "app")).hasMessage("--db-user needs --db-url");
        assertThatThrownBy(() -> DemoOptions.parse("--db-password", "pw")).hasMessage("--db-password needs --db-url");
        assertThatThrownBy(() -> DemoOptions.parse("--drop-schema")).hasMessage("--drop-schema needs --db-url");
        assertThatThrownBy(() -> DemoOptions.parse("--db-url", "jdbc:mysql://h/db?password=s3cret"))
                .hasMessageContaining("--db-url").hasMessageNotContaining("s3cret");
        assertThat(DemoOptions.USAGE).contains("--store memory", "--db-url", "--db-user", "--db-password",
                "--drop-schema", "cartrecovery_demo_");
    }

    @Test
    void printableUrlsHideEveryPassword() {
        assertThat(DemoOptions.redact("jdbc:postgresql://h:5432/db?user=u&password=p1&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true");
        assertThat(DemoOptions.redact("jdbc:h2:file:/x;USER=sa;PASSWORD=p2"))
                .isEqualTo("jdbc:h2:file:/x;USER=sa;PASSWORD=***");
        assertThat(DemoOptions.redact("jdbc:postgresql://u:p3@h/db")).isEqualTo("jdbc:postgresql://u:***@h/db");
        assertThat(Database.at("jdbc:h2:mem:x").printableUrl()).isEqualTo("jdbc:h2:mem:x");
    }

    @Test
    void anUnreachableDatabaseIsAStoreErrorThatHoldsNoPassword() {
        Database unreachable = Database.at("jdbc:postgresql://127.0.0.1:1/test?user=app&password=s3cret")
                .withCredentials(null, "other-s3cret");
        assertThatThrownBy(() -> DemoDatabase.open(unreachable, Clock.systemUTC()))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/test?user=app&password=***")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theInMemoryStoreStillRuns(@TempDir Path out) {
        Run run = run(new DemoOptions(40, 2, 3, out, Database.memory()));
        assertThat(run.console()).contains("store: in-memory store,", "Database:    none, the in-memory store");
        assertThat(run.result().storage().schema()).isNull();
        assertThat(run.result().sequencesStarted()).isPositive();
    }

    @Test
    void anH2FileGetsAFreshSchemaPerRunThatIsKeptWithTheRunsData(@TempDir Path out) throws SQLException {
        String url = "jdbc:h2:file:" + out.resolve("db/demo").toAbsolutePath();
        Run first = run(new DemoOptions(40, 2, 3, out, Database.at(url)));
        Run second = run(new DemoOptions(40, 2, 3, out, Database.at(url)));

        String schema = first.result().storage().schema();
        assertThat(schema).startsWith(DemoDatabase.SCHEMA_PREFIX).isNotEqualTo(second.result().storage().schema());
        assertThat(second.result().analytics()).isEqualTo(first.result().analytics());
        assertThat(first.console()).contains("store: H2 ", "schema " + schema + " (recovery-jdbc)",
                "Database:    schema " + schema + " kept at " + url, "DROP SCHEMA " + schema + " CASCADE");
        assertThat(count(url, "SELECT COUNT(*) FROM \"" + schema + "\".cr_event WHERE event_type = '"
                + EventType.SEQUENCE_STARTED + "'")).isEqualTo(first.result().sequencesStarted()).isPositive();
    }

    @Test
    void dropSchemaRemovesTheRunsSchema(@TempDir Path out) throws SQLException {
        String url = "jdbc:h2:file:" + out.resolve("db/demo").toAbsolutePath();
        Run run = run(new DemoOptions(20, 1, 3, out, Database.at(url).droppingSchema()));

        String schema = run.result().storage().schema();
        assertThat(run.console()).contains("Database:    schema " + schema + " at " + url + ", dropped (--drop-schema)");
        assertThat(count(url, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = '" + schema
                + "'")).isZero();
    }

    private static long count(String h2Url, String sql) throws SQLException {
        try (Connection connection = new org.h2.Driver().connect(h2Url, new Properties());
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
