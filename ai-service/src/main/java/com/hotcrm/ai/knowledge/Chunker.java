package com.hotcrm.ai.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an article into passages of about {@value #TARGET} characters along paragraph (then sentence)
 * boundaries, so that each passage embeds well (all-MiniLM reads 256 word pieces) and an answer can quote
 * one. Every passage starts with the article's title, which is what most questions echo.
 */
public final class Chunker {

    static final int TARGET = 700;
    static final int MAX_CHUNKS = 200;

    private Chunker() {
    }

    public static List<String> passages(String title, String summary, String body) {
        List<String> parts = new ArrayList<>();
        for (String text : new String[] { summary, body }) {
            if (text == null || text.isBlank()) {
                continue;
            }
            for (String paragraph : text.split("\\n\\s*\\n")) {
                if (paragraph.length() <= TARGET) {
                    parts.add(paragraph.strip());
                } else {
                    parts.addAll(sentences(paragraph));
                }
            }
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (current.length() > 0 && current.length() + part.length() > TARGET) {
                chunks.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append("\n\n");
            }
            current.append(part);
            if (chunks.size() >= MAX_CHUNKS) {
                break;
            }
        }
        if (current.length() > 0 || chunks.isEmpty()) {
            chunks.add(current.toString());
        }
        return chunks.stream().map(c -> c.isEmpty() ? title : title + "\n" + c).toList();
    }

    /** Sentences of a text (a line break ends one too), for long paragraphs and for answers. */
    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\n")) {
            for (String sentence : line.split("(?<=[.!?])\\s+(?=[A-Z0-9\"'(])")) {
                String s = sentence.strip();
                if (!s.isEmpty()) {
                    out.add(s.length() > 2 * TARGET ? s.substring(0, 2 * TARGET) : s);
                }
            }
        }
        return out;
    }
}
