package net.tandem.agent.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Token files as an operator must make them for the agent to accept them: mode 0600. */
public final class SecretFiles {
    private SecretFiles() {}

    /** Writes {@code content} to {@code file}, readable and writable by its owner only. */
    public static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
