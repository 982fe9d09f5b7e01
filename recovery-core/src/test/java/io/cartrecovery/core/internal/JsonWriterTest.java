package io.cartrecovery.core.internal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWriterTest {

    @Test
    void writesNestedObjectsAndArraysWithCommasInPlace() {
        String json = new JsonWriter().beginObject().field("a", "x").field("n", 3).field("b", true)
                .field("amount", new BigDecimal("1E+2")).field("none", (Object) null)
                .field("at", Instant.parse("2026-03-02T09:00:00Z"))
                .name("list").beginArray().beginObject().endObject().beginObject().field("k", "v").endObject()
                .beginArray().endArray().endArray()
                .name("empty").beginObject().endObject()
                .endObject().toString();

        assertThat(json).isEqualTo("{\"a\":\"x\",\"n\":3,\"b\":true,\"amount\":100,\"none\":null,"
                + "\"at\":\"2026-03-02T09:00:00Z\",\"list\":[{},{\"k\":\"v\"},[]],\"empty\":{}}");
    }

    @Test
    void escapesEveryCharacterThatMustBeEscaped() {
        String hostile = "\"quote\" \\back\\ /slash\n\r\t\b\f\u0000\u001f\u007f</script>\u2028\u2029é😀";

        String json = new JsonWriter().beginObject().field(hostile, hostile).endObject().toString();

        String escaped = "\"\\\"quote\\\" \\\\back\\\\ /slash\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f</script>"
                + "\\u2028\\u2029é😀\"";
        assertThat(json).isEqualTo("{" + escaped + ":" + escaped + "}");
    }

    @Test
    void escapesLoneSurrogatesAndKeepsPairs() {
        String json = new JsonWriter().beginArray().value("a\ud800b").value("\udc00").value("\ud83d\ude00")
                .value(null).endArray().toString();

        assertThat(json).isEqualTo("[\"a\\ud800b\",\"\\udc00\",\"\ud83d\ude00\",null]");
    }

    @Test
    void refusesUnbalancedDocuments() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().endArray()).isInstanceOf(IllegalStateException.class);
    }
}
