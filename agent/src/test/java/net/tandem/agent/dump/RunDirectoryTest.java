package net.tandem.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnlyAndTheFileIsWrittenMode0600() throws IOException {
        Path dir = tmp.resolve("run/tandem");
        Path file = new RunDirectory(dir).write("tandem.data", "hello\n");

        assertThat(file).isEqualTo(dir.resolve("tandem.data"));
        assertThat(Files.readString(file)).isEqualTo("hello\n");
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void aSecondDumpReplacesTheFirst() throws IOException {
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        dir.write("tandem.stats", "first\n");
        Path file = dir.write("tandem.stats", "second\n");
        assertThat(Files.readString(file)).isEqualTo("second\n");
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aSymbolicLinkAtTheTargetIsReplacedNotFollowed() throws IOException {
        Path dir = Files.createDirectory(
                tmp.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path victim = Files.writeString(tmp.resolve("shadow"), "precious\n");
        Files.createSymbolicLink(dir.resolve("tandem.data"), victim);

        new RunDirectory(dir).write("tandem.data", "dump\n");

        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(dir.resolve("tandem.data"))).isFalse();
        assertThat(Files.readString(dir.resolve("tandem.data"))).isEqualTo("dump\n");
    }

    @Test
    void aDirectoryThatIsASymbolicLinkIsRefused() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("run"), real);

        assertThatThrownBy(() -> new RunDirectory(link).write("tandem.data", "x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a directory (or is a symbolic link)")
                .hasMessageContaining("--run-dir");
        try (var files = Files.list(real)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDirectoryWritableByItsGroupIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));

        assertThatThrownBy(() -> new RunDirectory(dir).write("tandem.data", "x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is writable by other users (rwxrwx---)")
                .hasMessageContaining("chmod go-w " + dir);
        assertThat(Files.exists(dir.resolve("tandem.data"))).isFalse();
    }

    @Test
    void aDirectoryOwnedBySomeoneElseIsRefused() throws IOException {
        assumeTrue(RunDirectory.ourUid() == 0, "changing a directory's owner needs root");
        Path dir = Files.createDirectory(tmp.resolve("run"));
        Files.setAttribute(dir, "unix:uid", 65534);

        assertThatThrownBy(() -> new RunDirectory(dir).write("tandem.data", "x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("belongs to uid 65534, not to the agent (uid 0)");
    }

    @Test
    void onlyPlainFileNames() {
        assertThatThrownBy(() -> new RunDirectory(tmp).write("../etc/passwd", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
