package com.hotcrm.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class AdvisoryLocksTest {

    /** The high bytes every key shares ("hotcrm" in ASCII): a literal with them is a key spelled out. */
    private static final Pattern KEY_LITERAL = Pattern.compile("0x686f7463726d", Pattern.CASE_INSENSITIVE);

    @Test
    void everyKeyIsUsedForOneLockOnly() {
        long distinct = Arrays.stream(AdvisoryLocks.values()).mapToLong(AdvisoryLocks::key).distinct().count();
        assertEquals(AdvisoryLocks.values().length, distinct, "two locks share a key");
    }

    @Test
    void noSourceFileOutsideTheRegistrySpellsOutAKey() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(root.resolve("pom.xml")), "run from a module of the HotCRM build: " + root);
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .filter(p -> !p.getFileName().toString().startsWith("AdvisoryLocks"))
                    .filter(AdvisoryLocksTest::spellsOutAKey)
                    .toList();
        }
        assertEquals(List.of(), offenders, "advisory lock keys belong in AdvisoryLocks");
    }

    private static boolean spellsOutAKey(Path file) {
        try {
            return KEY_LITERAL.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
