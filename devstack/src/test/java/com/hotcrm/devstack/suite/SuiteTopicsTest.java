package com.hotcrm.devstack.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class SuiteTopicsTest {

    /** A topic a service names but devstack does not make would be auto-created late, with WARNs until then. */
    @Test
    void theSuiteMakesEveryTopicAServiceNames() throws IOException {
        Set<String> named = new TreeSet<>();
        for (Service service : Service.values()) {
            Path config = Path.of("..", service.module(), "src/main/resources/application.properties");
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(config)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().stream()
                    .filter(key -> key.startsWith("mp.messaging.") && key.endsWith(".topic"))
                    .map(properties::getProperty)
                    .forEach(named::add);
        }
        assertEquals(named, new TreeSet<>(Suite.TOPICS));
    }
}
