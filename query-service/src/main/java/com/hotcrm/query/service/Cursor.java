package com.hotcrm.query.service;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.data.records.RecordValues;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.data.query.SortCompiler;

/**
 * The opaque {@code nextCursor}: the sort values of the last row of a page, and a fingerprint of the
 * object, filters and sort it belongs to, so a cursor is only ever used with the query that made it.
 * Keyset pagination from it never repeats or skips a row, and costs the same on any page.
 */
final class Cursor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cursor() {
    }

    static String fingerprint(String object, JsonNode filters, List<SortCompiler.Term> terms) {
        StringBuilder text = new StringBuilder(object).append('|').append(filters == null ? "" : filters.toString());
        terms.forEach(t -> text.append('|').append(t.field().name()).append(t.descending() ? "-" : "+"));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String fingerprint, List<Object> values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("f", fingerprint);
        ArrayNode keys = node.putArray("k");
        for (Object value : values) {
            if (value == null) {
                keys.addNull();
            } else if (value instanceof Boolean b) {
                keys.add(b);
            } else if (value instanceof BigDecimal n) {
                keys.add(n.toPlainString());
            } else {
                keys.add(value.toString());
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The last row's sort values, typed for binding; VALIDATION_ERROR for a cursor of another query. */
    static List<Object> decode(String cursor, String fingerprint, List<SortCompiler.Term> terms) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            JsonNode keys = node.get("k");
            if (!fingerprint.equals(node.path("f").asText()) || keys == null || keys.size() != terms.size()) {
                throw invalid();
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < terms.size(); i++) {
                values.add(RecordValues.toSql(typed(terms.get(i).field(), keys.get(i))));
            }
            return values;
        } catch (CrmException e) {
            throw e;
        } catch (Exception e) {
            throw invalid();
        }
    }

    private static Object typed(FieldDef field, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (field.type()) {
            case NUMBER, CURRENCY, PERCENT -> new BigDecimal(value.asText());
            case BOOLEAN -> value.asBoolean();
            case DATE -> LocalDate.parse(value.asText());
            case DATETIME -> Instant.parse(value.asText());
            default -> value.asText();
        };
    }

    private static CrmException invalid() {
        return CrmException.validation("cursor", "This cursor does not belong to this query: send it back with the same "
                + "object, filters and sort it came with");
    }
}
