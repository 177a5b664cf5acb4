package com.hotcrm.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every variable a service reads is in the README's one configuration table. */
class ReadmeConfigurationTest {

    @Test
    void everyVariableAServiceReadsIsDocumented() {
        String readme = Project.read("README.md");
        int start = readme.indexOf("\n## Configuration");
        assertTrue(start >= 0, "README has a Configuration section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
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
        assertTrue(missing.isEmpty(), "Not in README's Configuration table: " + missing);
    }
}
