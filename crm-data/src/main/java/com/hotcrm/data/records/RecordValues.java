package com.hotcrm.data.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import com.hotcrm.platform.metadata.FieldDef;

import io.vertx.mutiny.sqlclient.Row;

/** How field values cross the boundary to PostgreSQL and back, in one canonical Java form. */
public final class RecordValues {

    private RecordValues() {
    }

    /** The canonical form: numbers without trailing zeros, instants at the database's microsecond precision. */
    public static Object normalize(Object value) {
        if (value instanceof BigDecimal number) {
            BigDecimal stripped = number.stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
        if (value instanceof Instant instant) {
            return instant.truncatedTo(ChronoUnit.MICROS);
        }
        return value;
    }

    /** A value as the PostgreSQL client binds it. */
    public static Object toSql(Object value) {
        if (value instanceof Instant instant) {
            return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toArray(String[]::new);
        }
        return value;
    }

    /** The column at a position of a row, typed by its field. */
    public static Object read(Row row, int column, FieldDef field) {
        if (row.getValue(column) == null) {
            return null;
        }
        return switch (field.type()) {
            case NUMBER, CURRENCY, PERCENT -> normalize(row.getBigDecimal(column));
            case BOOLEAN -> row.getBoolean(column);
            case DATE -> row.getLocalDate(column);
            case DATETIME -> normalize(row.getOffsetDateTime(column).toInstant());
            case MULTIPICKLIST -> List.copyOf(Arrays.asList(row.getArrayOfStrings(column)));
            default -> row.getString(column);
        };
    }
}
