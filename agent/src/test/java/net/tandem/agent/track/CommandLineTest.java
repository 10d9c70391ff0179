package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void splitsOnBlanksKeepingQuotedWordsTogether() {
        assertThat(CommandLine.split("/usr/bin/killall -0 nginx")).containsExactly("/usr/bin/killall", "-0", "nginx");
        assertThat(CommandLine.split("/etc/notify.sh 'VI 1'  \"a \\\"b\\\"\" c\\ d"))
                .containsExactly("/etc/notify.sh", "VI 1", "a \"b\"", "c d");
        assertThat(CommandLine.split("x ''")).containsExactly("x", "");
    }
}
