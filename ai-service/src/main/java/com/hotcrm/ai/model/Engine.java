package com.hotcrm.ai.model;

/** The {@code engine} every AI answer names: what computed it. */
public final class Engine {

    /** The built-in models of this service (an LLM, when configured, only rewrites their text). */
    public static final String BUILTIN = "builtin";

    private Engine() {
    }
}
