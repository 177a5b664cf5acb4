package com.hotcrm.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root folder (where the modules are), as Maven passes it. */
final class Project {

    private Project() {
    }

    static Path root() {
        return Path.of(System.getProperty("hotcrm.home", "..")).toAbsolutePath().normalize();
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
