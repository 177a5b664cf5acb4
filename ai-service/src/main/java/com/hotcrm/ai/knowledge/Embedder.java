package com.hotcrm.ai.knowledge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.ai.model.CaseClassifier;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Sentence embeddings from all-MiniLM-L6-v2, run in process by ONNX Runtime from the model shipped in
 * langchain4j's jar: no network, no key. Vectors have 384 dimensions and unit length, so the cosine
 * similarity of two is their dot product. Embedding is CPU work of a few milliseconds per sentence: the
 * {@code Uni} methods run it on a worker thread, never on the event loop.
 */
@Startup
@ApplicationScoped
public class Embedder {

    public static final int DIMENSIONS = 384;

    static final int CACHE_SIZE = 20_000;

    static {
        // the tokenizer unpacks its native library under DJL_CACHE_DIR (default ~/.djl.ai): the temporary
        // directory is writable where the root file system is not (Kubernetes readOnlyRootFilesystem)
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", System.getProperty("java.io.tmpdir") + "/hotcrm-djl");
        }
    }

    private final EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    /** Texts embedded again and again (closed cases, for every new one): about 30 MB when full. */
    private final Map<String, float[]> cache = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    /** Blocking: call from a worker thread. */
    public float[] embed(String text) {
        return normalized(model.embed(text).content().vector());
    }

    /** Blocking: call from a worker thread. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<float[]> vectors = new ArrayList<>(texts.size());
        model.embedAll(segments).content().forEach(e -> vectors.add(normalized(e.vector())));
        return vectors;
    }

    /** Blocking, like {@link #embedAll}, remembering the most recent {@value #CACHE_SIZE} texts. */
    public List<float[]> embedAllCached(List<String> texts) {
        List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
        List<float[]> fresh = embedAll(missing);
        for (int i = 0; i < missing.size(); i++) {
            cache.put(missing.get(i), fresh.get(i));
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            float[] vector = cache.get(text);
            out.add(vector != null ? vector : embed(text));
        }
        return out;
    }

    public Uni<float[]> embedAsync(String text) {
        return Uni.createFrom().item(() -> embed(text)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public Uni<List<float[]>> embedAllAsync(List<String> texts) {
        return Uni.createFrom().item(() -> embedAll(texts)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The dot product: the cosine similarity of two unit vectors. */
    public static double similarity(float[] a, float[] b) {
        return CaseClassifier.dot(a, b);
    }

    private static float[] normalized(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return vector;
        }
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] / norm);
        }
        return out;
    }
}
