package com.hotcrm.sdk;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * The SDK's one {@link ObjectMapper}: decimals stay exact ({@code BigDecimal}), fields the SDK does not know yet
 * are ignored, and {@code java.time} values travel as ISO-8601 text, as the API writes dates, without needing
 * Jackson's JSR-310 module.
 */
final class Json {

    static final ObjectMapper MAPPER = create();

    private Json() {
    }

    private static ObjectMapper create() {
        SimpleModule time = new SimpleModule("hotcrm-java-time");
        for (Class<?> type : new Class<?>[] { Instant.class, LocalDate.class, LocalDateTime.class, LocalTime.class,
                OffsetDateTime.class, ZonedDateTime.class }) {
            time.addSerializer(type, ToStringSerializer.instance);
        }
        time.addDeserializer(Instant.class, new TextDeserializer<>(Instant.class) {
            @Override
            Instant parse(String text) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    return OffsetDateTime.parse(text).toInstant();
                }
            }
        });
        time.addDeserializer(LocalDate.class, new TextDeserializer<>(LocalDate.class) {
            @Override
            LocalDate parse(String text) {
                return LocalDate.parse(text);
            }
        });
        return new ObjectMapper()
                .registerModule(time)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
                // 30000.50 stays 30000.50, not 30000.5 (nor 5000000.00 5E+6)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot be sent as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot be sent as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new HotCRMException(HotCRMException.SERVER_ERROR, "Unexpected answer for " + type.getSimpleName()
                    + ": " + e.getMessage());
        }
    }

    private abstract static class TextDeserializer<T> extends StdScalarDeserializer<T> {

        private static final long serialVersionUID = 1L;

        TextDeserializer(Class<T> type) {
            super(type);
        }

        abstract T parse(String text);

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return parse(text.trim());
            } catch (DateTimeParseException e) {
                return (T) context.handleWeirdStringValue(handledType(), text, e.getMessage());
            }
        }
    }
}
