package com.hotcrm.platform.web;

import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorMappers;

/**
 * Reads a typed request body after the caller's rights were checked, for the endpoints where "may you do this
 * at all" must be answered before "what is wrong with your body" (a schema change: a non-admin hears 403 whatever
 * it sent). The body is read as the resource's own typed parameter would be: strictly, then Bean Validation; the
 * failures reach the client through {@link ErrorMappers} like any other.
 */
@Singleton
public class TypedBody {

    private final ObjectMapper json;
    private final Validator validator;

    public TypedBody(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public <T> T read(JsonNode body, Class<T> type) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw CrmException.validation(ErrorMappers.NO_BODY, java.util.List.of());
        }
        T value;
        try {
            value = json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new InvalidBody(e);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return value;
    }

    /** A body that does not fit its type; answered as {@link ErrorMappers} answers JSON that does not. */
    public static final class InvalidBody extends RuntimeException {

        InvalidBody(JsonProcessingException cause) {
            super(cause.getOriginalMessage(), cause, false, false);
        }

        public JsonProcessingException json() {
            return (JsonProcessingException) getCause();
        }
    }
}
