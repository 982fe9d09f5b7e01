package io.cartrecovery.core.text;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {
    private static final String TOKEN = "AQACazEAC2F1ZGl0LXN0b3JlAAAkMWUwMzNh.ZjAtYWRmMS0zZGU5LTlkZWItZGUyZDYw";

    @Test
    void addressesTokensAndKeysAreMaskedAndTheRestIsKept() {
        assertThat(Redaction.redact("550 5.1.1 <alex.doe+shop@mail.example.com>: recipient rejected"))
                .isEqualTo("550 5.1.1 <" + Redaction.EMAIL + ">: recipient rejected");
        assertThat(Redaction.redact("GET https://app.example.com/unsubscribe?t=" + TOKEN + " failed"))
                .isEqualTo("GET https://app.example.com/unsubscribe?" + Redaction.SECRET + "." + Redaction.SECRET
                        + " failed");
        assertThat(Redaction.redact("Incorrect API key provided: Bearer sk-proj-4f1d9c0e8b7a6d5c4b3a2f1e"))
                .isEqualTo("Incorrect API key provided: Bearer " + Redaction.SECRET);
        assertThat(Redaction.redact("connection refused: 127.0.0.1:5432 (timeout PT10S)"))
                .isEqualTo("connection refused: 127.0.0.1:5432 (timeout PT10S)");
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    void describeNamesEveryCauseWithItsRedactedMessage() {
        Exception failure = new IllegalStateException("insert failed",
                new SQLException("Key (store_id, email)=(s1, alex@example.com) already exists."));

        assertThat(Redaction.describe(failure)).isEqualTo("java.lang.IllegalStateException: insert failed <- "
                + "java.sql.SQLException: Key (store_id, email)=(s1, " + Redaction.EMAIL + ") already exists.");
    }

    @Test
    void forLogKeepsClassesStackTracesAndCausesWithRedactedMessages() {
        SQLException cause = new SQLException("duplicate alex@example.com");
        IllegalStateException failure = new IllegalStateException("rejected " + TOKEN, cause);
        failure.addSuppressed(new RuntimeException("closing bob@example.com"));

        Throwable logged = Redaction.forLog(failure);

        assertThat(logged).hasMessage("java.lang.IllegalStateException: rejected " + Redaction.SECRET + "."
                + Redaction.SECRET);
        assertThat(logged.toString()).isEqualTo(logged.getMessage());
        assertThat(logged.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(logged.getCause()).hasMessage("java.sql.SQLException: duplicate " + Redaction.EMAIL);
        assertThat(logged.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        assertThat(logged.getSuppressed()).singleElement()
                .satisfies(s -> assertThat(s).hasMessage("java.lang.RuntimeException: closing " + Redaction.EMAIL));
    }

    @Test
    void aCycleOfCausesEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        Throwable logged = Redaction.forLog(a);

        assertThat(logged.getCause()).hasMessage("java.lang.RuntimeException: b");
        assertThat(logged.getCause().getCause()).isSameAs(logged);
    }
}
