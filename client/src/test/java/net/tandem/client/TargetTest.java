package net.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void hostAndPortAreParsedWithIpv6InBrackets() {
        assertThat(Target.parse("192.0.2.1:7112")).isEqualTo(new Target("192.0.2.1", 7112));
        assertThat(Target.parse("[::1]:7112")).isEqualTo(new Target("::1", 7112));
        assertThat(new Target("::1", 7112)).hasToString("[::1]:7112");
    }

    @Test
    void somethingElseSaysWhatWasExpected() {
        assertThatThrownBy(() -> Target.parse("192.0.2.1"))
                .isInstanceOf(ClientSetupException.class)
                .hasMessage("expected HOST:PORT, got \"192.0.2.1\"");
        assertThatThrownBy(() -> Target.parse("192.0.2.1:70000")).isInstanceOf(ClientSetupException.class);
    }

    @Test
    void onlyLocalhostAndLoopbackLiteralsAreLoopback() {
        assertThat(Target.parse("127.0.0.1:7112").isLoopback()).isTrue();
        assertThat(Target.parse("127.3.4.5:7112").isLoopback()).isTrue();
        assertThat(Target.parse("[::1]:7112").isLoopback()).isTrue();
        assertThat(Target.parse("localhost:7112").isLoopback()).isTrue();

        assertThat(Target.parse("192.0.2.1:7112").isLoopback()).isFalse();
        assertThat(Target.parse("0.0.0.0:7112").isLoopback()).as("any address").isFalse();
        assertThat(Target.parse("node1.example:7112").isLoopback())
                .as("a name is not resolved")
                .isFalse();
    }

    @Test
    void unixPathIsTheAgentsSocketAndCountsAsLocal() {
        Target t = Target.parse("unix:/run/tandem/control.sock");

        assertThat(t).isEqualTo(Target.LOCAL);
        assertThat(t.socket()).contains(java.nio.file.Path.of("/run/tandem/control.sock"));
        assertThat(t.isLoopback()).isTrue();
        assertThat(t).hasToString("unix:/run/tandem/control.sock");
        assertThatThrownBy(() -> Target.parse("unix:control.sock"))
                .isInstanceOf(ClientSetupException.class)
                .hasMessageContaining("absolute path");
    }
}
