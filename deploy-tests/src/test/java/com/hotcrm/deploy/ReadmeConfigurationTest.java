package com.hotcrm.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every variable a service reads is in the one configuration table, docs/configuration.md (linked from the README). */
class ReadmeConfigurationTest {

    static final String CONFIGURATION = "docs/configuration.md";

    @Test
    void everyVariableAServiceReadsIsDocumented() {
        String doc = Project.read(CONFIGURATION);
        assertTrue(doc.startsWith("# Configuration\n"), CONFIGURATION + " is the Configuration section");
        assertTrue(Project.read("README.md").contains("](" + CONFIGURATION + ")"), "README links " + CONFIGURATION);
        int end = doc.indexOf("\n## ");
        String section = end < 0 ? doc : doc.substring(0, end);
        Set<String> documented = new TreeSet<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                String firstCell = line.substring(1, line.indexOf('|', 1));
                Matcher names = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(firstCell);
                while (names.find()) {
                    documented.add(names.group(1));
                }
            }
        }
        Set<String> missing = new TreeSet<>();
        for (ServiceConfiguration config : ServiceConfiguration.all().values()) {
            for (String name : config.reads()) {
                if ((name.startsWith("HOTCRM_") || name.startsWith("KAFKA_")) && !documented.contains(name)) {
                    missing.add(name + " (" + config.module() + ")");
                }
            }
        }
        assertTrue(missing.isEmpty(), CONFIGURATION + "'s table lacks: " + missing);
    }
}
