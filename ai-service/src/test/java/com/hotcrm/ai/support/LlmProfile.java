package com.hotcrm.ai.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** ai-service with an LLM and a speech-to-text endpoint configured: both the local {@link FakeOpenAi}. */
public class LlmProfile implements QuarkusTestProfile {

    /** A small budget, so that a long transcript is one the tests can send: 8,000 characters a call, 4 parts. */
    @Override
    public java.util.Map<String, String> getConfigOverrides() {
        return java.util.Map.of("hotcrm.ai.llm.max-input-chars", "8000", "hotcrm.ai.llm.max-parts", "4");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeOpenAi.class));
    }
}
