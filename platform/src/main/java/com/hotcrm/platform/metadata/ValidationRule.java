package com.hotcrm.platform.metadata;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A declarative rule checked on every write, after the per-field checks: when every condition of
 * {@code when} holds for the record (as it will be stored), each field of {@code require} must have a
 * value. E.g. "CloseDate is required when Stage is Closed Won".
 *
 * @param when conditions {@code [field, op, value]} with op one of {@code = != in not in > >= < <=},
 *        or {@code [field, "is null"]} / {@code [field, "is not null"]}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationRule(String name, String message, List<List<Object>> when, List<String> require) {
}
