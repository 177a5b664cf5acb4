package com.hotcrm.sdk.model;

/** One problem of a failed call or batch entry: the field it concerns (or null) and what is wrong. */
public record ErrorDetail(String field, String message) {
}
