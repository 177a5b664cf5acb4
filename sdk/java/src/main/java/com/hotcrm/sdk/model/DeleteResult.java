package com.hotcrm.sdk.model;

/** What a delete answers: {@code {"success": true, "message": "Record deleted successfully"}}. */
public record DeleteResult(boolean success, String message) {
}
