package com.hotcrm.sdk.model;

/** An object in {@code GET /metadata/objects}: its API name, labels, URL path ({@code null} for User) and kind. */
public record ObjectInfo(String name, String label, String labelPlural, String path, boolean custom) {
}
