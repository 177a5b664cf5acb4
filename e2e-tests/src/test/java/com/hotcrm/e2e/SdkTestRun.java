package com.hotcrm.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hotcrm.devstack.suite.AdminLogin;

/**
 * Runs another language's SDK test suite as a child process against the running suite: the environment its live
 * tests read ({@code HOTCRM_BASE_URL} with {@code /v1}, the first admin's {@code HOTCRM_EMAIL} and
 * {@code HOTCRM_PASSWORD}, {@code HOTCRM_SDK_LIVE=required} so that they fail rather than skip), its output
 * streamed into the test log line by line, a timeout, and a failure carrying the output when it exits non-zero.
 */
final class SdkTestRun {

    private static final int OUTPUT_LINES_IN_FAILURE = 300;

    private final String label;
    private final Path directory;
    private final Map<String, String> environment;

    private SdkTestRun(String label, Path directory, Map<String, String> environment) {
        this.label = label;
        this.directory = directory;
        this.environment = environment;
    }

    /** A run in {@code directory} with the live-test environment of the running suite. */
    static SdkTestRun against(String label, Path directory) {
        AdminLogin admin = RunningSuite.suite().admin();
        return new SdkTestRun(label, directory, Map.of(
                "HOTCRM_BASE_URL", RunningSuite.suite().gatewayUrl() + "/v1",
                "HOTCRM_EMAIL", admin.email(),
                "HOTCRM_PASSWORD", admin.password(),
                "HOTCRM_SDK_LIVE", "required"));
    }

    /** The project's root, where sdk/ is. */
    static Path projectRoot() {
        return Path.of(System.getProperty("hotcrm.home", "..")).toAbsolutePath().normalize();
    }

    /** The SDK's directory, or a failure saying it is missing. */
    static Path sdkDirectory(String name, String marker) {
        Path directory = projectRoot().resolve("sdk").resolve(name);
        if (!Files.exists(directory.resolve(marker))) {
            fail("No " + directory.resolve(marker) + ": the " + name + " SDK's tests cannot run without it");
        }
        return directory;
    }

    /** Fails with a clear message when {@code program} cannot be started (not installed, not on the PATH). */
    static String requireProgram(String program, String why) {
        try {
            Process process = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail(program + " --version did not succeed: " + version);
            }
            return version;
        } catch (IOException e) {
            return fail("'" + program + "' is not on the PATH (" + e.getMessage() + "): " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("Interrupted while looking for " + program);
        }
    }

    /** Runs {@code command}; fails unless it exits with 0 within {@code timeout}. */
    void run(Duration timeout, String... command) throws IOException, InterruptedException {
        String shown = String.join(" ", command);
        System.out.println("[" + label + "] $ " + shown + "   (in " + directory + ")");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().remove("HOTCRM_API_KEY");
        builder.environment().putAll(environment);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println("[" + label + "] " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                System.out.println("[" + label + "] (output ended: " + e.getMessage() + ")");
            }
        }, label + "-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(5_000);
            fail(shown + " did not finish within " + timeout.toSeconds() + " s; its output:\n" + tail(output));
        }
        reader.join(10_000);
        int exit = process.exitValue();
        if (exit != 0) {
            fail(shown + " exited with " + exit + "; its output:\n" + tail(output));
        }
    }

    private static String tail(List<String> output) {
        synchronized (output) {
            int from = Math.max(0, output.size() - OUTPUT_LINES_IN_FAILURE);
            return (from > 0 ? "... (" + from + " lines above are in the test log)\n" : "")
                    + String.join("\n", output.subList(from, output.size()));
        }
    }
}
