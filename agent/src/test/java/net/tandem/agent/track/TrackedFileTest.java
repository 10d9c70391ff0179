package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived reads a track file with strtol(buf, NULL, 0); anything unreadable is 0. */
class TrackedFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheNumberAsStrtolWould() {
        assertThat(TrackedFile.parse("  42\n")).isEqualTo(42);
        assertThat(TrackedFile.parse("-3 degraded")).isEqualTo(-3);
        assertThat(TrackedFile.parse("0x10")).isEqualTo(16);
        assertThat(TrackedFile.parse("010")).isEqualTo(8);
        assertThat(TrackedFile.parse("abc")).isZero();
        assertThat(TrackedFile.parse("")).isZero();
    }

    @Test
    void aMissingFileReadsZero() throws Exception {
        assertThat(TrackedFile.read(dir.resolve("missing"), "f")).isZero();
        Path f = dir.resolve("prio");
        Files.writeString(f, "7\n");
        assertThat(TrackedFile.read(f, "f")).isEqualTo(7);
    }
}
