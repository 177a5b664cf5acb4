package com.hotcrm.sdk.model;

import java.util.List;

/**
 * {@code POST /ai/transcribe}: a call's transcript with its speakers, duration (seconds), summary, action
 * items (each naming its owner) and sentiment.
 */
public record Transcription(String transcription, String summary, List<String> actionItems, String sentiment,
        Integer duration, List<Speaker> speakers, String engine) {

    public record Speaker(int id, String name) {
    }
}
