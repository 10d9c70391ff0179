package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived matches exactly, never by pattern: the name by comm, or the command line with full_command. */
class ProcessMatchTest {

    static boolean matches(String body, String comm, String... argv) {
        return ProcessMatch.matches(TrackedProcessTest.config(body), new ProcessInfo(1, comm, List.of(argv)));
    }

    @Test
    void aNameMatchesTheWholeCommNeverAPart() {
        assertThat(matches("process ssh", "ssh")).isTrue();
        assertThat(matches("process ssh", "sshd")).isFalse();
    }

    @Test
    void fullCommandComparesTheFirstWordOfTheCommandLine() {
        assertThat(matches("process /usr/sbin/nginx\n full_command", "nginx", "/usr/sbin/nginx", "-g", "x"))
                .isTrue();
        assertThat(matches("process nginx\n full_command", "nginx", "/usr/sbin/nginx"))
                .isFalse();
        assertThat(matches("process nginx\n full_command", "nginx")).isFalse(); // a kernel thread has no argv
    }

    @Test
    void parametersMatchExactlyUnlessToldOtherwise() {
        String exact = "process sleep 1000";
        assertThat(matches(exact, "sleep", "sleep", "1000")).isTrue();
        assertThat(matches(exact, "sleep", "sleep", "1000", "x")).isFalse();
        assertThat(matches(exact, "sleep", "sleep", "100")).isFalse();

        String partial = "process haproxy -f\n param_match partial";
        assertThat(matches(partial, "haproxy", "haproxy", "-f", "/etc/haproxy.cfg"))
                .isTrue();
        assertThat(matches(partial, "haproxy", "haproxy", "-fx")).isFalse();

        String initial = "process haproxy -f /etc/hap\n param_match initial";
        assertThat(matches(initial, "haproxy", "haproxy", "-f", "/etc/haproxy.cfg", "-D"))
                .isTrue();
        assertThat(matches(initial, "haproxy", "haproxy", "-x", "/etc/haproxy.cfg"))
                .isFalse();
    }

    @Test
    void paramMatchAloneMeansNoParameters() {
        assertThat(matches("process sleep\n param_match", "sleep", "sleep")).isTrue();
        assertThat(matches("process sleep\n param_match", "sleep", "sleep", "1"))
                .isFalse();
    }
}
