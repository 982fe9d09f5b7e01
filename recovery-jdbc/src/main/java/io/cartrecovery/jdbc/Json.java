package io.cartrecovery.jdbc;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StoreAccessException;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns the core records into JSON and back, exactly: instants and durations as ISO-8601 text, money with its
 * scale, locales as language tags. Unknown properties are ignored so that an older node reads rows a newer one
 * wrote.
 */
final class Json {
    private final ObjectMapper mapper;

    Json() {
        SimpleModule values = new SimpleModule("cart-recovery-values")
                .addSerializer(Instant.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeString(IsoInstants.format(value));
                    }
                })
                .addDeserializer(Instant.class, new JsonDeserializer<>() {
                    @Override
                    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                        try {
                            return IsoInstants.parse(parser.getValueAsString());
                        } catch (DateTimeException e) {
                            return (Instant) context.handleWeirdStringValue(Instant.class, parser.getValueAsString(),
                                    "not an ISO-8601 instant");
                        }
                    }
                })
                .addSerializer(Locale.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(Locale value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeString(value.toLanguageTag());
                    }
                })
                .addDeserializer(Locale.class, new JsonDeserializer<>() {
                    @Override
                    public Locale deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                        return Locale.forLanguageTag(parser.getValueAsString());
                    }
                })
                .addSerializer(RecoverySequence.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(RecoverySequence value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        provider.defaultSerializeValue(StoredSequence.of(value), gen);
                    }
                })
                .addDeserializer(RecoverySequence.class, new JsonDeserializer<>() {
                    @Override
                    public RecoverySequence deserialize(JsonParser parser, DeserializationContext context)
                            throws IOException {
                        StoredSequence stored = context.readValue(parser, StoredSequence.class);
                        try {
                            return stored.toSequence();
                        } catch (IllegalArgumentException e) {
                            throw context.instantiationException(RecoverySequence.class, e);
                        }
                    }
                });
        mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(values)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreAccessException("could not serialize a " + value.getClass().getSimpleName(), e);
        }
    }

    <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            // The message would quote the row; it may hold personal data.
            JsonLocation at = e.getLocation();
            throw new StoreAccessException("could not read a stored " + type.getSimpleName()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), null);
        }
    }
}
