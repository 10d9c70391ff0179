package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real /proc: the test's own JVM is in it, by pid, name and command line. */
class ProcProcessTableTest {

    @Test
    void findsThisJvmByPidWithItsCommandLine() {
        ProcessHandle me = ProcessHandle.current();
        List<ProcessInfo> table = new ProcProcessTable().snapshot(true);

        assertThat(table).anySatisfy(p -> {
            assertThat(p.pid()).isEqualTo((int) me.pid());
            assertThat(p.commandLine().getFirst()).isEqualTo(me.info().command().orElseThrow());
            assertThat(p.comm()).isNotEmpty().hasSizeLessThanOrEqualTo(15);
        });
    }

    @Test
    void commandLinesAreReadOnlyWhenAsked() {
        assertThat(new ProcProcessTable().snapshot(false))
                .allSatisfy(p -> assertThat(p.commandLine()).isEmpty());
    }

    @Test
    void aStartedProcessIsFoundByItsNameAndGoneOnceItEnds() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "1000.25").start();
        try {
            assertThat(new ProcProcessTable().snapshot(true))
                    .filteredOn(p -> p.pid() == sleeper.pid())
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.comm()).isEqualTo("sleep");
                        assertThat(p.commandLine()).containsExactly("sleep", "1000.25");
                    });
        } finally {
            sleeper.destroy();
            sleeper.waitFor();
        }
        assertThat(new ProcProcessTable().snapshot(false)).noneMatch(p -> p.pid() == sleeper.pid());
    }

    @Test
    void argvSplitsAtNulsAndKeepsACutLastWord() {
        byte[] b = "sleep\0001000\0".getBytes(StandardCharsets.UTF_8);
        assertThat(ProcProcessTable.argv(b)).containsExactly("sleep", "1000");
        assertThat(ProcProcessTable.argv("sle".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("sle");
        assertThat(ProcProcessTable.argv(new byte[0])).isEmpty();
    }
}
