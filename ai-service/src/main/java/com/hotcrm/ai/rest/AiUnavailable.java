package com.hotcrm.ai.rest;

/** Something the AI needs outside the CRM is missing or not answering: a 503 whose message says what to do. */
public final class AiUnavailable extends RuntimeException {
    public AiUnavailable(String message) {
        super(message, null, false, false);
    }
}
