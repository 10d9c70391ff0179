package net.tandem.console.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.ControlServer;
import net.tandem.agent.control.FakeControlTarget;
import net.tandem.agent.control.SecretFiles;
import net.tandem.agent.control.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five ways a call fails before the agent has a say, each against a real server on 127.0.0.1: tandemctl says
 * what went wrong in one line with the remedy, exits with the code for it, and keeps gRPC's internals (class names,
 * name-resolution and pipeline dumps) for {@code --verbose}.
 */
class TandemCtlFailuresTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int tandemctl(String... args) {
        // As main runs it: the usual command lines without picocli (PlainCommandLineTest compares the two ways).
        return TandemCtl.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static ControlServer tlsServer(TestCertificates certs, Optional<Path> adminToken) {
        ControlServer server = new ControlServer(
                new ControlConfig(
                        new InetSocketAddress("127.0.0.1", 0),
                        Optional.of(certs.serverCert),
                        Optional.of(certs.serverKey),
                        Optional.empty(),
                        adminToken,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                new FakeControlTarget());
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return server;
    }

    /** TCP needs a token: one the client in these tests never gets as far as sending. */
    private Path anyToken() throws IOException {
        return SecretFiles.write(dir.resolve("unused.token"), "unused-55aa\n");
    }

    /** gRPC's words that must not reach an operator without --verbose. */
    private void assertNoInternals() {
        assertThat(err.toString())
                .doesNotContain(
                        "Exception", "PKIX", "io exception", "Name resolution", "remote_addr", "Network closed");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void aClosedPortIsUnreachableAndAsksWhetherTheAgentRunsThere() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }

        int code = tandemctl("--target", "127.0.0.1:" + port, "status");

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString())
                .isEqualTo("tandemctl: 127.0.0.1:" + port + ": unreachable: connection refused (is the agent running,"
                        + " and listening on 127.0.0.1:" + port + "?)\n");
    }

    @Test
    void anAgentCertificateFromAnotherCaNamesTheCaToFix() throws Exception {
        TestCertificates agents = TestCertificates.create(Files.createDirectories(dir.resolve("agents")));
        TestCertificates other = TestCertificates.create(Files.createDirectories(dir.resolve("other")));
        try (ControlServer server = tlsServer(agents, Optional.of(anyToken()))) {
            String target = "127.0.0.1:" + server.address().getPort();

            int code = tandemctl("--target", target, "--ca", other.ca.toString(), "status");

            assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString())
                    .isEqualTo("tandemctl: " + target + ": TLS failed: the agent's certificate is not signed by the CA"
                            + " in --ca " + other.ca + " (give --ca the CA that signed the agent's tls_cert)\n");
            assertNoInternals();
        }
    }

    @Test
    void plainTextToATlsAgentSuggestsTheCa() throws Exception {
        TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("pki")));
        try (ControlServer server = tlsServer(certs, Optional.of(anyToken()))) {
            String target = "127.0.0.1:" + server.address().getPort();

            int code = tandemctl("--target", target, "status");

            assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString())
                    .isEqualTo("tandemctl: " + target + ": the agent at " + target + " expects TLS, and this call was"
                            + " plain text (give --ca FILE, the CA that signed its certificate)\n");
            assertNoInternals();
        }
    }

    @Test
    void aWrongTokenIsRefusedAndSaysWhichFilesHoldTheRightOnes() throws Exception {
        TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("pki")));
        Path admin = SecretFiles.write(dir.resolve("admin.token"), "admin-0c1d2e3f\n");
        Path wrong = SecretFiles.write(dir.resolve("wrong.token"), "guessed-1234\n");
        // Token files only their owner reads: the agent refuses others (and so would an operator's tandemctl).
        Files.setPosixFilePermissions(admin, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        try (ControlServer server = tlsServer(certs, Optional.of(admin))) {
            String target = "127.0.0.1:" + server.address().getPort();

            int code = tandemctl(
                    "--target", target, "--ca", certs.ca.toString(), "--token-file", wrong.toString(), "status");

            assertThat(code).isEqualTo(ExitCodes.REFUSED);
            assertThat(err.toString())
                    .isEqualTo("tandemctl: " + target + ": not allowed: the agent does not know this token"
                            + " (--token-file must hold the agent's admin_token_file or read_token_file token)\n");
        }
    }

    @Test
    void aServerThatNeverAnswersMeetsTheDeadlineWithoutGrpcsDump() throws IOException {
        // The kernel completes the TCP handshake for the backlog; nothing ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String target = "127.0.0.1:" + silent.getLocalPort();

            int code = tandemctl("--target", target, "--timeout", "1", "status");

            assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString())
                    .isEqualTo("tandemctl: " + target + ": no answer within 1 s (is the agent stalled, or a firewall"
                            + " dropping packets? Or is the deadline too short for the link?)\n");
            assertNoInternals();
        }
    }

    @Test
    void verboseAddsGrpcsOwnAccountOnASecondLine() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String target = "127.0.0.1:" + silent.getLocalPort();

            int code = tandemctl("--target", target, "--timeout", "1", "--verbose", "status");

            assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString().lines().toList()).hasSize(2).satisfies(lines -> {
                assertThat(lines.get(0)).startsWith("tandemctl: " + target + ": no answer within 1 s");
                assertThat(lines.get(1)).startsWith("  gRPC status DEADLINE_EXCEEDED: ");
            });
        }
    }
}
