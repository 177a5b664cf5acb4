package com.hotcrm.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.hotcrm.sdk.model.ApiResponse;

/**
 * The HTTP answers a Java SDK client received, so that a test using the SDK still checks what the SDK does not
 * return: the status code and headers such as {@code X-HotCRM-Served-By}.
 */
final class SeenResponses implements Consumer<ApiResponse> {

    private final List<ApiResponse> responses = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ApiResponse response) {
        responses.add(response);
    }

    ApiResponse last() {
        if (responses.isEmpty()) {
            throw new AssertionError("No response seen yet");
        }
        return responses.get(responses.size() - 1);
    }

    /** The last answer's header, or a failure naming what was missing. */
    String lastHeader(String name) {
        return last().header(name).orElseThrow(() -> new AssertionError("No " + name + " header on " + last()));
    }
}
