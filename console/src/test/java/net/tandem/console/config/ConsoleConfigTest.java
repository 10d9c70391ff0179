package net.tandem.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsNodesInOrderAndResolvesFilesAgainstTheConfigsDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("console.conf"), """
                # the pair
                node1=192.0.2.1:7112
                node2 = 192.0.2.2

                token-file=secrets/admin.token
                ca=/etc/tandem/ca.crt
                cert=console.crt
                key=console.key
                """);

        ConsoleConfig config = ConsoleConfig.read(file);

        assertThat(config.nodes())
                .containsExactly(
                        new NodeAddress("node1", "192.0.2.1", 7112), new NodeAddress("node2", "192.0.2.2", 7112));
        assertThat(config.tokenFile()).isEqualTo(dir.resolve("secrets/admin.token"));
        assertThat(config.caFile()).isEqualTo(Path.of("/etc/tandem/ca.crt"));
        assertThat(config.certFile()).isEqualTo(dir.resolve("console.crt"));
        assertThat(config.keyFile()).isEqualTo(dir.resolve("console.key"));
    }

    @Test
    void aBadLineIsReportedWithFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("console.conf"), "node1=192.0.2.1:7112\nnode2=192.0.2.2:99999\n");

        assertThatThrownBy(() -> ConsoleConfig.read(file))
                .hasMessage(file + ":2: '192.0.2.2:99999' is not HOST:PORT with a port from 1 to 65535");
    }

    @Test
    void aFileWithoutNodesIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("console.conf"), "ca=ca.crt\n");

        assertThatThrownBy(() -> ConsoleConfig.read(file)).hasMessageContaining("no nodes");
    }

    @Test
    void aNodeNamedTwiceIsRefused() {
        assertThatThrownBy(() -> new ConsoleConfig(
                        java.util.List.of(NodeAddress.parse("a=192.0.2.1"), NodeAddress.parse("a=192.0.2.2")),
                        null,
                        null,
                        null,
                        null))
                .hasMessageContaining("node a is given twice");
    }

    @Test
    void withoutArgumentsTheLabsNodesAndFilesAreUsed() throws IOException {
        Files.createDirectories(dir.resolve(".lab"));
        Files.writeString(dir.resolve(".lab/admin.token"), "secret\n");

        ConsoleConfig config = LabDefaults.config(dir, null);

        assertThat(config.nodes())
                .extracting(NodeAddress::toString)
                .containsExactly("node1=192.0.2.1:7112", "node2=192.0.2.2:7112");
        assertThat(config.tokenFile()).isEqualTo(dir.resolve(".lab/admin.token"));
        assertThat(config.caFile()).isNull(); // the lab has made no CA: plaintext
    }

    @Test
    void aNodeMayBeTheAgentsUnixSocket() {
        NodeAddress local = NodeAddress.parse("here=unix:/run/tandem/control.sock");

        assertThat(local.name()).isEqualTo("here");
        assertThat(local.target()).isEqualTo("unix:/run/tandem/control.sock");
        assertThat(local).hasToString("here=unix:/run/tandem/control.sock");
    }
}
