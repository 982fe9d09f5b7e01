package io.cartrecovery.jdbc;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.test.Fixtures;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The V3 migration on a database that already holds events: a schema put back to version 2, engagement written
 * the way version 2 wrote it (no customer_id), then migrated; the customer's engagement must be found.
 */
final class EventCustomerMigration {
    private EventCustomerMigration() {}

    static void check(DataSource dataSource) throws SQLException {
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource).build();
        RecoverySequence sequence = RecoverySequence.start("q1", Fixtures.cart("shop", "c1", "u1", T0),
                SequenceType.FIRST_TIME, null, SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0,
                T0.plusSeconds(3600), T0);
        store.insert(sequence, List.of());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            PrivacyMigration.undo(statement); // undoes V9, run again after V3
            for (String column : List.of("step_id", "variant", "sequence_type", "amount_scale")) {
                statement.execute("ALTER TABLE cr_event DROP COLUMN " + column); // undoes V5
            }
            statement.execute("ALTER TABLE cr_customer DROP COLUMN email_key"); // undoes V4
            statement.execute("DROP INDEX cr_event_engagement"
                    + (Dialect.detect(connection) == Dialect.MARIADB ? " ON cr_event" : ""));
            statement.execute("ALTER TABLE cr_event DROP COLUMN customer_id");
            statement.execute("DELETE FROM cr_schema_version WHERE version >= 3");
        }
        RecoveryEvent open = RecoveryEvent.of(sequence, EventType.MESSAGE_OPENED, "EMAIL_2H", null, null,
                T0.plusSeconds(10));
        RecoveryEvent click = RecoveryEvent.of(sequence, EventType.MESSAGE_CLICKED, "EMAIL_2H", null, null,
                T0.plusSeconds(20));
        insertAsVersion2(dataSource, List.of(open, click));

        assertThat(JdbcSchema.migrate(dataSource)).isEqualTo(JdbcSchema.SCRIPTS.size());

        assertThat(store.engagement("shop", "u1", T0, T0.plusSeconds(60))).containsExactly(open, click);
    }

    private static void insertAsVersion2(DataSource dataSource, List<RecoveryEvent> events) throws SQLException {
        Json json = new Json();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO cr_event (store_id, sequence_id, "
                     + "event_type, occurred_at, amount, body) VALUES (?, ?, ?, ?, NULL, ?)")) {
            for (RecoveryEvent event : events) {
                statement.setString(1, event.storeId());
                statement.setString(2, event.sequenceId());
                statement.setString(3, event.type().name());
                Dialect.detect(connection).sql().setTime(statement, 4, event.at());
                statement.setString(5, json.write(event));
                statement.executeUpdate();
            }
        }
    }

}
