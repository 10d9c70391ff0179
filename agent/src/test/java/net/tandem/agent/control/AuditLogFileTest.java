package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Optional;
import net.tandem.agent.linux.SafeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log is written as root: never through a link, never into a file someone else controls. */
class AuditLogFileTest {
    @TempDir
    Path dir;

    private final Caller caller = new Caller("192.0.2.100:51234", Optional.empty(), Caller.Role.ADMIN);

    @Test
    void aMissingFileIsCreatedOwnerOnlyAndAppendedTo() throws IOException {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.toLogAndFile(InstantSource.system(), file)) {
            log.record(caller, "Takeover", "instance=VI_1", "OK: done");
        }
        try (AuditLog log = AuditLog.toLogAndFile(InstantSource.system(), file)) {
            log.record(caller, "Release", "instance=VI_1", "OK: done");
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aSymbolicLinkIsRefusedAndItsTargetUntouched() throws IOException {
        Path victim = dir.resolve("shadow");
        Path link = Files.createSymbolicLink(dir.resolve("audit.log"), victim); // dangling, as planted
        assertThatThrownBy(() -> AuditLog.toLogAndFile(InstantSource.system(), link))
                .isInstanceOf(SafeFiles.UnsafeFileException.class)
                .hasMessageContaining("audit_log " + link + " is a symbolic link");
        assertThat(victim).doesNotExist();

        Files.writeString(victim, "root:x:0:0\n");
        assertThatThrownBy(() -> AuditLog.toLogAndFile(InstantSource.system(), link))
                .isInstanceOf(SafeFiles.UnsafeFileException.class);
        assertThat(Files.readString(victim)).isEqualTo("root:x:0:0\n");
    }

    @Test
    void aFileOthersMayWriteIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("audit.log"), "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> AuditLog.toLogAndFile(InstantSource.system(), file))
                .isInstanceOf(SafeFiles.UnsafeFileException.class)
                .hasMessageContaining("is writable by other users (rw-rw-rw-): chmod go-w");
    }

    @Test
    void aFileAnotherUserOwnsIsRefused() throws Exception {
        assumeThat(SafeFiles.ourUid())
                .as("needs root to give the file to another user")
                .isZero();
        Path file = Files.writeString(dir.resolve("audit.log"), "");
        Files.setAttribute(file, "unix:uid", 65534);
        assertThatThrownBy(() -> AuditLog.toLogAndFile(InstantSource.system(), file))
                .isInstanceOf(SafeFiles.UnsafeFileException.class)
                .hasMessageContaining("belongs to uid 65534, not to the agent");
    }
}
