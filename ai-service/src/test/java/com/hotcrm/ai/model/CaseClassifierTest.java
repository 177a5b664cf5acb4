package com.hotcrm.ai.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.hotcrm.ai.knowledge.Embedder;

class CaseClassifierTest {

    /** The real all-MiniLM-L6-v2 model, in process. */
    static final Embedder EMBEDDER = new Embedder();

    /** Each type has its own vocabulary, mixed with words every case uses: the known rule a classifier must find. */
    static final Map<String, List<String>> VOCABULARY = Map.of(
            "Incident", List.of("outage", "crashed", "production", "unavailable", "timeout", "servers", "downtime"),
            "Question", List.of("how", "configure", "where", "documentation", "explain", "setup", "guide"),
            "Feature Request", List.of("feature", "would", "like", "roadmap", "support", "export", "integration"),
            "Problem", List.of("wrong", "incorrect", "duplicate", "report", "totals", "mismatch", "invoice"));
    static final List<String> COMMON = List.of("customer", "team", "today", "account", "user", "system", "dashboard");

    static List<CaseClassifier.Example> cases(int perType, long seed) {
        Random random = new Random(seed);
        List<CaseClassifier.Example> cases = new ArrayList<>();
        VOCABULARY.forEach((type, words) -> {
            for (int i = 0; i < perType; i++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 3; w++) {
                    text.append(words.get(random.nextInt(words.size()))).append(' ');
                }
                for (int w = 0; w < 3; w++) {
                    text.append(COMMON.get(random.nextInt(COMMON.size()))).append(' ');
                }
                cases.add(new CaseClassifier.Example(text.toString(), type, type.equals("Incident") ? "Critical" : "Medium"));
            }
        });
        return cases;
    }

    @Test
    void onHeldOutCasesTheTypeIsRightAtLeastFourTimesInFive() {
        CaseClassifier classifier = CaseClassifier.fit(cases(40, 1), EMBEDDER::embedAllCached);
        List<CaseClassifier.Example> heldOut = cases(25, 2);
        long right = heldOut.stream().filter(c -> classifier.predict(c.text()).type().equals(c.type())).count();
        double accuracy = (double) right / heldOut.size();
        assertTrue(accuracy >= 0.8, "accuracy " + accuracy);
        CaseClassifier.Prediction p = classifier.predict("Production outage: servers unavailable since the update");
        assertEquals("Incident", p.type());
        assertEquals("Critical", p.priority());
        // words no closed case used, same meaning: embeddings see it
        assertEquals("Incident", classifier.predict("Our website went offline and nobody can reach the app").type());
        assertEquals("Question", classifier.predict("Is there a manual that explains the settings?").type());
    }

    @Test
    void withoutHistoryKeywordRulesDecide() {
        CaseClassifier none = CaseClassifier.fit(List.of(), EMBEDDER::embedAllCached);
        CaseClassifier.Prediction p = none.predict("System not responding after update. Critical issue: Production system crashed, all users affected.");
        assertEquals("Incident", p.type());
        assertEquals("Critical", p.priority());
        assertEquals(50, p.confidence());
        assertEquals("Feature Request", none.predict("We would like a CSV export feature").type());
        assertEquals("Question", none.predict("How do I change my email?").type());
    }
}
