package net.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is refused before any connection is made; the channel's calls are tested by the console's and tandemctl's tests. */
class ControlChannelTest {
    private static final Optional<BearerToken> TOKEN = Optional.of(BearerToken.of("s3cret"));

    @Test
    void aTokenInPlainTextToANonLoopbackAddressIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> ControlChannel.open(Target.parse("192.0.2.1:7112"), Optional.empty(), TOKEN))
                .isInstanceOf(ClientSetupException.class)
                .hasMessageContaining("not sending the token in plain text to 192.0.2.1:7112")
                .hasMessageContaining("use TLS")
                .hasMessageContaining("--ca");
    }

    @Test
    void plainTextIsAllowedWithoutATokenOrToLoopback() {
        try (ControlChannel noToken =
                        ControlChannel.open(Target.parse("192.0.2.1:7112"), Optional.empty(), Optional.empty());
                ControlChannel loopback =
                        ControlChannel.open(Target.parse("127.0.0.1:7112"), Optional.empty(), TOKEN)) {
            assertThat(noToken.isShutdown()).isFalse();
            assertThat(loopback.isShutdown()).isFalse();
        }
    }

    @Test
    void aCaFileThatIsNotPemIsReportedWithItsName(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
        Optional<ClientTls> tls = ClientTls.of(ca, null, null);

        assertThatThrownBy(() -> ControlChannel.open(Target.parse("192.0.2.1:7112"), tls, TOKEN))
                .isInstanceOf(ClientSetupException.class)
                .hasMessageStartingWith("cannot use --ca " + ca + ": ");
    }

    @Test
    void aClientCertificateNeedsItsKeyAndACa(@TempDir Path dir) {
        Path cert = dir.resolve("client.pem");
        Path key = dir.resolve("client.key");

        assertThatThrownBy(() -> ClientTls.of(null, cert, key))
                .isInstanceOf(ClientSetupException.class)
                .hasMessage("--cert and --key need --ca (client certificates go over TLS)");
        assertThatThrownBy(() -> ClientTls.of(dir.resolve("ca.crt"), cert, null))
                .isInstanceOf(ClientSetupException.class)
                .hasMessage("--cert and --key go together: give both or neither");
        assertThat(ClientTls.of(null, null, null)).isEmpty();
    }
}
