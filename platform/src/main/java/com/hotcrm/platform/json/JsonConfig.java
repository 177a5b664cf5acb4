package com.hotcrm.platform.json;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON as every service reads and writes it:
 * <ul>
 * <li>decimals kept exact (83333.33 stays 83333.33, never a double), written in plain notation, dates as ISO
 * strings, and a body with a duplicated key refused;</li>
 * <li>typed request bodies read strictly: no scalar coercion ({@code "true"} is not a boolean, {@code 12} not a
 * string, {@code 1.5} not an integer), and unknown fields refused on {@link StrictJson} types;</li>
 * <li>an {@code Optional} field is null when the client left it out and empty when it sent {@code null}, so a
 * PATCH body tells "leave as is" from "clear".</li>
 * </ul>
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    /** After Quarkus's own customizers, which register the JDK 8 module this one configures. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.getFactory().configure(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature(), false);
        strictScalars(mapper);
        mapper.addHandler(new RefuseUnknownFields());
        absentOptionalsAsNull(mapper);
    }

    /** Each JSON type only as itself; a typed field never guesses. JsonNode and Map bodies are untouched. */
    static void strictScalars(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // "" (and a blank such as "\u0000") is not a missing number, flag or date either
        for (LogicalType type : new LogicalType[] { LogicalType.Boolean, LogicalType.Integer, LogicalType.Float,
                LogicalType.DateTime }) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setAcceptBlankAsEmpty(false);
            if (type != LogicalType.DateTime) {
                mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            }
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    }

    /**
     * Quarkus registers the JDK 8 module with its defaults (an absent Optional read as empty); registered again
     * here, configured, its deserializers take precedence.
     */
    @SuppressWarnings("deprecation")
    static void absentOptionalsAsNull(ObjectMapper mapper) {
        boolean ignoreDuplicates = mapper.isEnabled(MapperFeature.IGNORE_DUPLICATE_MODULE_REGISTRATIONS);
        mapper.configure(MapperFeature.IGNORE_DUPLICATE_MODULE_REGISTRATIONS, false);
        mapper.registerModule(new Jdk8Module().configureReadAbsentAsNull(true));
        mapper.configure(MapperFeature.IGNORE_DUPLICATE_MODULE_REGISTRATIONS, ignoreDuplicates);
    }

    /** Unknown fields fail on {@link StrictJson} types; everywhere else the mapper's setting (ignore) holds. */
    static final class RefuseUnknownFields extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
            Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
            if (type.isAnnotationPresent(StrictJson.class)) {
                throw UnrecognizedPropertyException.from(parser, beanOrClass, propertyName,
                        deserializer.getKnownPropertyNames());
            }
            return false;
        }
    }
}
