package io.cartrecovery.core.internal;

import java.math.BigDecimal;

/**
 * A minimal streaming JSON writer (RFC 8259) for core's exports, which has no JSON library: objects, arrays,
 * strings with every character that must be escaped escaped (quote, backslash, the controls below U+0020, and
 * U+2028/U+2029 and lone surrogates as {@code \\u} escapes so that the text is also safe inside JavaScript),
 * numbers as plain decimals, booleans and null. The caller nests {@code begin}/{@code end} correctly; commas
 * are placed here. Public only for core's other packages; not API.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** Whether the innermost open object or array already has a member; bit i for depth i. */
    private long hasMember;
    private int depth;
    private boolean afterName;

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    /** An object's member with a text value, or {@code null}; {@link Object#toString} of others. */
    public JsonWriter field(String name, Object value) {
        return name(name).value(value == null ? null : value.toString());
    }

    public JsonWriter field(String name, BigDecimal value) {
        name(name);
        separate();
        out.append(value == null ? "null" : value.toPlainString());
        return this;
    }

    public JsonWriter field(String name, long value) {
        name(name);
        separate();
        out.append(value);
        return this;
    }

    public JsonWriter field(String name, boolean value) {
        name(name);
        separate();
        out.append(value);
        return this;
    }

    /** The text written; complete once every object and array was ended. */
    @Override
    public String toString() {
        if (depth != 0) {
            throw new IllegalStateException("JSON has " + depth + " unclosed objects or arrays");
        }
        return out.toString();
    }

    private JsonWriter open(char bracket) {
        separate();
        out.append(bracket);
        if (++depth >= Long.SIZE) {
            throw new IllegalStateException("JSON nested too deep");
        }
        hasMember &= ~(1L << depth);
        return this;
    }

    private JsonWriter close(char bracket) {
        if (depth == 0) {
            throw new IllegalStateException("nothing to close");
        }
        depth--;
        out.append(bracket);
        return this;
    }

    /** A comma before every member or element but the first; nothing right after a name. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        long bit = 1L << depth;
        if (depth > 0 && (hasMember & bit) != 0) {
            out.append(',');
        }
        hasMember |= bit;
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == 0x7f || loneSurrogate(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean loneSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
    }
}
