package com.hotcrm.sdk;

/**
 * A {@code POST /ai/transcribe} of a call: its {@code transcript} ({@code [00:15] Sarah: ...} lines), or an
 * {@code audioUrl} (which needs a speech-to-text endpoint configured on the server).
 */
public final class TranscribeRequest extends RequestBody<TranscribeRequest> {

    private TranscribeRequest() {
    }

    public static TranscribeRequest transcript(String transcript) {
        return new TranscribeRequest().set("transcript", transcript);
    }

    public static TranscribeRequest audioUrl(String audioUrl) {
        return new TranscribeRequest().set("audioUrl", audioUrl);
    }

    public TranscribeRequest language(String language) {
        return set("language", language);
    }

    public TranscribeRequest speakers(int speakers) {
        return set("speakers", speakers);
    }
}
