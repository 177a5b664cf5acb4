package com.hotcrm.ai.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** ai-service with an LLM and a speech-to-text endpoint configured: both the local {@link FakeOpenAi}. */
public class LlmProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeOpenAi.class));
    }
}
