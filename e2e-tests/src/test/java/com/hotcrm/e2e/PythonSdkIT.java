package com.hotcrm.e2e;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Python SDK's own test suite (sdk/python: unit tests against a fake server, and its live tests) against this
 * running suite, on every build, with the machine's python3 (the SDK needs nothing beyond the standard library).
 */
@ExtendWith(RunningSuite.class)
class PythonSdkIT {

    @Test
    void thePythonSdksTestsPassAgainstTheSuite() throws Exception {
        String python = SdkTestRun.requireProgram("python3", "the Python SDK's tests need Python 3.8 or later");
        System.out.println("[python-sdk] " + python);
        Path sdk = SdkTestRun.sdkDirectory("python", "tests");
        // no bytecode is written (PYTHONDONTWRITEBYTECODE), so the source tree is left as it was
        SdkTestRun.against("python-sdk", sdk).run(Duration.ofMinutes(10), "python3", "-m", "unittest", "discover", "-s",
                "tests", "-v");
    }
}
