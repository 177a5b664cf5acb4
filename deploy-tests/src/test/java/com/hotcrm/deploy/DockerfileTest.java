package com.hotcrm.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's Dockerfile: JVM mode on a small JRE image, the fast-jar layout, a non-root user. */
class DockerfileTest {

    static List<String> modules() {
        return ServiceConfiguration.MODULES;
    }

    @ParameterizedTest
    @MethodSource("modules")
    void runsTheFastJarAsAnUnprivilegedUser(String module) {
        String dockerfile = Project.read(module + "/src/main/docker/Dockerfile.jvm");
        List<String> instructions = instructions(dockerfile);
        assertTrue(instructions.get(0).matches("FROM \\S+(jre|openjdk-17-runtime)\\S*"), "a JRE base image: " + instructions.get(0));
        for (String folder : List.of("lib/", "app/", "quarkus/")) {
            assertTrue(dockerfile.contains("target/quarkus-app/" + folder), module + " copies quarkus-app/" + folder);
        }
        assertTrue(dockerfile.contains("target/quarkus-app/*.jar"), module + " copies quarkus-run.jar");
        String user = instructions.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        String uid = user.substring(5).trim();
        assertFalse(uid.equals("root") || uid.equals("0") || uid.startsWith("0:"), module + " runs as " + uid);
        assertTrue(instructions.indexOf(user) > instructions.stream().filter(i -> i.startsWith("COPY")).map(instructions::indexOf)
                .max(Integer::compare).orElse(0), "USER after the files are in place");
        ServiceConfiguration config = ServiceConfiguration.of(module);
        assertTrue(instructions.contains("EXPOSE " + config.port()), module + " exposes " + config.port());
        String entrypoint = instructions.stream().filter(i -> i.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertTrue(entrypoint.contains("exec java") && entrypoint.contains("quarkus-run.jar"), entrypoint);
        Matcher env = Pattern.compile("\\b((?:HOTCRM|KAFKA|QUARKUS)_[A-Z0-9_]+)=").matcher(dockerfile);
        while (env.find()) {
            assertTrue(config.readsVariable(env.group(1)), module + " sets " + env.group(1) + ", which it does not read");
        }
        assertEquals(1, instructions.stream().filter(i -> i.startsWith("FROM")).count(), "one stage: the build is Maven's");
    }

    /** The instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            out.add(current.toString().trim());
            current.setLength(0);
        }
        return out;
    }
}
