package com.hotcrm.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** deploy/grafana/hotcrm.json is a dashboard whose queries use the metrics docs/operations.md documents. */
class GrafanaDashboardTest {

    /** Where the metrics table is (Operations, "Logs, traces, metrics"). */
    static final String OPERATIONS = "docs/operations.md";

    @Test
    void everyHotcrmMetricOfTheDashboardIsDocumented() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Project.read("deploy/grafana/hotcrm.json"));
        assertTrue(dashboard.path("panels").size() > 0);
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = Pattern.compile("\\b(hotcrm_[a-z_]+?)(_bucket|_count|_sum|_total)?\\{")
                        .matcher(target.path("expr").asText());
                while (metric.find()) {
                    used.add(metric.group(1));
                }
            }
        }
        assertFalse(used.isEmpty(), "the dashboard shows HotCRM's own metrics");
        String operations = Project.read(OPERATIONS);
        assertTrue(Project.read("README.md").contains("](" + OPERATIONS + ")"), "README links " + OPERATIONS);
        for (String metric : used) {
            assertTrue(operations.contains("`" + metric), OPERATIONS + "'s metrics table lacks " + metric);
        }
    }
}
