package io.cartrecovery.jdbc;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepStatus;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreAccessException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bodies of {@code cr_sequence} written before the sequence was split into identity and progress still read. */
class StoredSequenceTest {
    /** Written by the flat 19-component {@code RecoverySequence} of the sixth session (commit 1440159). */
    private static final String ACTIVE = "{\"id\":\"seq-1\",\"storeId\":\"s1\",\"cartId\":\"c1\",\"customerId\":\"u1\","
            + "\"type\":\"FIRST_TIME\",\"variant\":\"B\",\"status\":\"ACTIVE\",\"plan\":[{\"id\":\"POPUP_1H\","
            + "\"offset\":\"PT1H\",\"channel\":\"POPUP\",\"tone\":\"HELPFUL_REMINDER\"},{\"id\":\"EMAIL_2H\","
            + "\"offset\":\"PT2H\",\"channel\":\"EMAIL\",\"tone\":\"HELPFUL_REMINDER\"}],\"nextStep\":1,\"attempt\":2,"
            + "\"dueAt\":\"2026-01-01T12:00:00Z\",\"leaseUntil\":\"2026-01-01T12:01:40Z\","
            + "\"abandonedAt\":\"2026-01-01T10:00:00Z\",\"startedAt\":\"2026-01-01T10:01:00Z\","
            + "\"outcomes\":[{\"stepId\":\"POPUP_1H\",\"status\":\"SENT\",\"attempts\":1,"
            + "\"at\":\"2026-01-01T11:00:00Z\"}],\"unreachable\":[\"POPUP\"],\"version\":5}";
    private static final String STOPPED = "{\"id\":\"seq-2\",\"storeId\":\"s1\",\"cartId\":\"c2\",\"customerId\":\"u2\","
            + "\"type\":\"RETURNING\",\"status\":\"STOPPED\",\"stopReason\":\"PURCHASED\",\"plan\":[{\"id\":\"POPUP_1H\","
            + "\"offset\":\"PT1H\",\"channel\":\"POPUP\",\"tone\":\"HELPFUL_REMINDER\"},{\"id\":\"EMAIL_2H\","
            + "\"offset\":\"PT2H\",\"channel\":\"EMAIL\",\"tone\":\"HELPFUL_REMINDER\"}],\"nextStep\":0,\"attempt\":1,"
            + "\"abandonedAt\":\"2026-01-01T10:00:00Z\",\"startedAt\":\"2026-01-01T10:00:00Z\","
            + "\"endedAt\":\"2026-01-01T10:01:40Z\",\"outcomes\":[],\"unreachable\":[],\"version\":3}";

    private final Json json = new Json();

    @Test
    void anActiveSequenceWrittenBeforeTheSplitReadsWithEveryField() {
        RecoverySequence sequence = json.read(ACTIVE, RecoverySequence.class);

        assertThat(sequence.id()).isEqualTo("seq-1");
        assertThat(sequence.storeId()).isEqualTo("s1");
        assertThat(sequence.cartId()).isEqualTo("c1");
        assertThat(sequence.customerId()).isEqualTo("u1");
        assertThat(sequence.type()).isEqualTo(SequenceType.FIRST_TIME);
        assertThat(sequence.variant()).isEqualTo("B");
        assertThat(sequence.status()).isEqualTo(SequenceStatus.ACTIVE);
        assertThat(sequence.plan()).extracting(step -> step.id()).containsExactly("POPUP_1H", "EMAIL_2H");
        assertThat(sequence.nextStep()).isEqualTo(1);
        assertThat(sequence.attempt()).isEqualTo(2);
        assertThat(sequence.dueAt()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(sequence.leaseUntil()).isEqualTo(Instant.parse("2026-01-01T12:01:40Z"));
        assertThat(sequence.abandonedAt()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(sequence.startedAt()).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
        assertThat(sequence.endedAt()).isNull();
        assertThat(sequence.outcomes()).singleElement()
                .satisfies(outcome -> assertThat(outcome.status()).isEqualTo(StepStatus.SENT));
        assertThat(sequence.unreachable()).isEqualTo(Set.of(Channel.POPUP));
        assertThat(sequence.version()).isEqualTo(5);
    }

    @Test
    void bodiesAreWrittenInTheSameFlatFormAsBefore() {
        assertThat(json.write(json.read(ACTIVE, RecoverySequence.class))).isEqualTo(ACTIVE);
        assertThat(json.write(json.read(STOPPED, RecoverySequence.class))).isEqualTo(STOPPED);
    }

    @Test
    void aStoppedSequenceKeepsItsReasonAndEnd() {
        RecoverySequence sequence = json.read(STOPPED, RecoverySequence.class);

        assertThat(sequence.stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(sequence.endedAt()).isEqualTo(Instant.parse("2026-01-01T10:01:40Z"));
        assertThat(sequence.dueAt()).isNull();
    }

    @Test
    void aBodyThatBreaksAnInvariantIsAStoreAccessErrorWithoutTheRow() {
        String broken = STOPPED.replace(",\"stopReason\":\"PURCHASED\"", "").replace("\"customerId\":\"u2\"",
                "\"customerId\":\"ann@example.com\"");

        assertThatThrownBy(() -> json.read(broken, RecoverySequence.class))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("RecoverySequence")
                .hasMessageNotContaining("ann@example.com");
    }
}
