package com.hotcrm.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TypeScript SDK's own test suite (sdk/typescript: unit tests against a fake API, and its live tests) against
 * this running suite, on every build. It is compiled by the TypeScript compiler of the WebJar Maven unpacked into
 * target (nothing is fetched from npm), in a copy of sdk/typescript under target, so a build never writes into
 * the source tree.
 */
@ExtendWith(RunningSuite.class)
class TypeScriptSdkIT {

    /** What a developer's machine may have in the SDK's directory that is not its source. */
    static final Set<String> NOT_COPIED = Set.of("node_modules", "dist", ".tsbuildinfo");

    @Test
    void theTypeScriptSdksTestsPassAgainstTheSuite() throws Exception {
        String node = SdkTestRun.requireProgram("node", "the TypeScript SDK's tests need Node.js 18 or later");
        System.out.println("[typescript-sdk] node " + node);
        Path tsc = Path.of(System.getProperty("hotcrm.tsc", SdkTestRun.projectRoot()
                .resolve("e2e-tests/target/typescript/META-INF/resources/webjars/typescript/5.9.3/lib/tsc.js").toString()));
        assertTrue(Files.isRegularFile(tsc), "No TypeScript compiler at " + tsc
                + ": maven-dependency-plugin unpacks org.webjars.npm:typescript before the integration tests");
        Path sources = SdkTestRun.sdkDirectory("typescript", "package.json");
        Path work = SdkTestRun.projectRoot().resolve("e2e-tests/target/sdk-typescript");
        copy(sources, work);

        SdkTestRun run = SdkTestRun.against("typescript-sdk", work);
        run.run(Duration.ofMinutes(5), "node", tsc.toString(), "-p", ".");
        run.run(Duration.ofMinutes(10), "node", "--test", "test/");
    }

    static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (var paths = Files.walk(to)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(from) && NOT_COPIED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!NOT_COPIED.contains(file.getFileName().toString())) {
                    Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
