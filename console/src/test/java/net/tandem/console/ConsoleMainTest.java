package net.tandem.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import net.tandem.console.config.ConsoleConfig;
import net.tandem.console.config.NodeAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the nodes come from: --node, --config, or the lab. (The screen itself is tested in ui/.) */
class ConsoleMainTest {
    @TempDir
    Path dir;

    private ConsoleConfig resolve(String... args) throws IOException {
        ConsoleMain main = new ConsoleMain();
        new CommandLine(main).parseArgs(args);
        return main.resolve(dir, null);
    }

    @Test
    void withoutArgumentsAndWithoutALabItWatchesThisNodesAgentOverItsSocket() throws IOException {
        assertThat(resolve().nodes())
                .extracting(NodeAddress::toString)
                .containsExactly("local=unix:/run/tandem/control.sock");
    }

    @Test
    void withoutArgumentsItWatchesTheLab() throws IOException {
        Files.createDirectories(dir.resolve(".lab"));
        assertThat(resolve().nodes())
                .extracting(NodeAddress::toString)
                .containsExactly("node1=192.0.2.1:7112", "node2=192.0.2.2:7112");
    }

    @Test
    void nodeOptionsReplaceTheLab() throws IOException {
        assertThat(resolve("--node", "a=127.0.0.1:7112", "--node", "b=127.0.0.1:7113")
                        .nodes())
                .extracting(NodeAddress::toString)
                .containsExactly("a=127.0.0.1:7112", "b=127.0.0.1:7113");
    }

    @Test
    void nodeOptionsOverrideTheConfigFilesNodeOfTheSameName() throws IOException {
        Path file = Files.writeString(dir.resolve("c.conf"), "n1=192.0.2.1:7112\nn2=192.0.2.2:7112\n");

        assertThat(resolve("--config", file.toString(), "--node", "n2=192.0.2.3")
                        .nodes())
                .extracting(NodeAddress::toString)
                .containsExactly("n1=192.0.2.1:7112", "n2=192.0.2.3:7112");
    }

    @Test
    void certAndKeyOptionsOverrideTheConfigFiles() throws IOException {
        Path cert = Files.writeString(dir.resolve("console.crt"), "");
        Path key = Files.writeString(dir.resolve("console.key"), "");
        Path file =
                Files.writeString(dir.resolve("c.conf"), "n1=192.0.2.1:7112\ncert=elsewhere.crt\nkey=elsewhere.key\n");

        ConsoleConfig config = resolve("--config", file.toString(), "--cert", cert.toString(), "--key", key.toString());

        assertThat(config.certFile()).isEqualTo(cert);
        assertThat(config.keyFile()).isEqualTo(key);
    }

    @Test
    void aTokenWithoutTlsForANodeElsewhereIsRefusedBeforeConnecting() throws IOException {
        Path token = Files.writeString(dir.resolve("admin.token"), "s3cret\n");
        StringWriter err = new StringWriter();

        int code = new CommandLine(new ConsoleMain())
                .setErr(new PrintWriter(err))
                .execute("--node", "node1=192.0.2.1:7112", "--token-file", token.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("tandem-console: not sending the token in plain text to 192.0.2.1:7112")
                .contains("--ca")
                .doesNotContain("s3cret");
    }

    @Test
    void anUnreadableTokenFileIsAUsageError() {
        assertThatThrownBy(() -> resolve(
                        "--node",
                        "a=127.0.0.1",
                        "--token-file",
                        dir.resolve("none").toString()))
                .hasMessageContaining("cannot read " + dir.resolve("none"));
    }

    @Test
    void aBadNodeExitsWithTheUsageCodeAndSaysWhy() {
        StringWriter err = new StringWriter();
        int code =
                new CommandLine(new ConsoleMain()).setErr(new PrintWriter(err)).execute("--node", "node1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'node1' is not NAME=HOST:PORT");
    }
}
