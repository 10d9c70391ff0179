package net.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.NotSslRecordException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Each failure an operator meets becomes one sentence with its remedy, decided by the types in the failure (the
 * messages below are deliberately misleading: none of them may change the outcome). tandemctl's tests
 * (TandemCtlFailuresTest) produce the same failures with real servers.
 */
class ControlFailureTest {

    private static final Target TARGET = new Target("192.0.2.1", 7112);
    private static final ClientTls CA_ONLY = new ClientTls(Path.of("/etc/tandem/ca.crt"), null, null);
    private static final ClientTls WITH_CERT = new ClientTls(
            Path.of("/etc/tandem/ca.crt"), Path.of("/etc/tandem/ops.crt"), Path.of("/etc/tandem/ops.key"));

    private static ControlFailure unavailable(Throwable cause, Optional<ClientTls> tls) {
        return ControlFailure.of(
                Status.UNAVAILABLE
                        .withDescription("io exception")
                        .withCause(cause)
                        .asRuntimeException(),
                new ControlFailure.Attempt(TARGET, tls, false, Duration.ofSeconds(5)));
    }

    @Test
    void aRefusedConnectionAsksWhetherTheAgentRunsThere() {
        ControlFailure f =
                unavailable(new RuntimeException(new ConnectException("certificate_required")), Optional.empty());

        assertThat(f.kind()).isEqualTo(ControlFailure.Kind.UNREACHABLE);
        assertThat(f.sentence())
                .isEqualTo("connection refused (is the agent running, and listening on 192.0.2.1:7112?)");
        assertThat(f.detail()).contains("UNAVAILABLE", "java.net.ConnectException");
    }

    @Test
    void noRouteAndAnUnknownNameAndAConnectTimeoutAreToldApart() {
        assertThat(unavailable(new NoRouteToHostException("Connection refused"), Optional.empty())
                        .problem())
                .isEqualTo("no route to 192.0.2.1:7112");
        assertThat(unavailable(new UnknownHostException("PKIX path"), Optional.empty())
                        .problem())
                .isEqualTo("the name 192.0.2.1 does not resolve");
        assertThat(unavailable(new ConnectTimeoutException("refused"), Optional.empty())
                        .problem())
                .isEqualTo("no answer to the connection attempt");
    }

    @Test
    void anAgentCertificateFromAnotherCaNamesTheCaFile() {
        ControlFailure f = unavailable(
                new SSLHandshakeException("x", new CertificateException(new CertPathBuilderException("no route"))),
                Optional.of(CA_ONLY));

        assertThat(f.kind()).isEqualTo(ControlFailure.Kind.TLS_TRUST);
        assertThat(f.sentence())
                .isEqualTo("TLS failed: the agent's certificate is not signed by the CA in --ca /etc/tandem/ca.crt"
                        + " (give --ca the CA that signed the agent's tls_cert)");
    }

    @Test
    void aCertificateForAnotherNameSaysSo() {
        ControlFailure f =
                unavailable(new SSLHandshakeException("x", new CertificateException("PKIX")), Optional.of(CA_ONLY));

        assertThat(f.kind()).isEqualTo(ControlFailure.Kind.TLS_NAME);
        assertThat(f.problem()).isEqualTo("TLS failed: the agent's certificate does not name 192.0.2.1");
    }

    @Test
    void aHandshakeTheAgentEndsAsksForOrQuestionsTheClientCertificate() {
        SSLHandshakeException alert = new SSLHandshakeException("PKIX path building failed");

        assertThat(unavailable(alert, Optional.of(CA_ONLY)).sentence())
                .isEqualTo("TLS failed: the agent ended the handshake; it requires a client certificate (give --cert"
                        + " and --key, signed by the CA in the agent's tls_client_ca)");
        assertThat(unavailable(alert, Optional.of(WITH_CERT)).problem())
                .isEqualTo("TLS failed: the agent did not accept the client certificate /etc/tandem/ops.crt");
    }

    @Test
    void tlsToAPlainTextAgentSaysItDoesNotSpeakTls() {
        ControlFailure f = unavailable(new NotSslRecordException("certificate_required"), Optional.of(CA_ONLY));

        assertThat(f.kind()).isEqualTo(ControlFailure.Kind.TLS_NOT_SPOKEN);
        assertThat(f.hint()).isEqualTo("leave out --ca, --cert and --key, or give the agent tls_cert and tls_key");
    }

    @Test
    void tokenFailuresSayWhetherATokenWasSent() {
        Throwable unauthenticated =
                Status.UNAUTHENTICATED.withDescription("wrong token").asRuntimeException();

        assertThat(ControlFailure.of(
                                unauthenticated,
                                new ControlFailure.Attempt(TARGET, Optional.of(CA_ONLY), true, Duration.ofSeconds(5)))
                        .sentence())
                .isEqualTo("not allowed: the agent does not know this token (--token-file must hold the agent's"
                        + " admin_token_file or read_token_file token)");
        assertThat(ControlFailure.of(
                                unauthenticated,
                                new ControlFailure.Attempt(TARGET, Optional.of(CA_ONLY), false, Duration.ofSeconds(5)))
                        .sentence())
                .isEqualTo("not allowed: the agent requires a token (give --token-file FILE with its admin or read"
                        + " token)");
    }

    @Test
    void aDeadlineSaysHowLongAndHidesGrpcsDump() {
        ControlFailure f = ControlFailure.of(
                Status.DEADLINE_EXCEEDED
                        .withDescription("CallOptions deadline exceeded after 4.99s. Name resolution delay 0.0 seconds."
                                + " [closed=[], open=[[buffered_nanos=1, remote_addr=/127.0.0.1:7112]]]")
                        .asRuntimeException(),
                new ControlFailure.Attempt(TARGET, Optional.empty(), false, Duration.ofSeconds(5)));

        assertThat(f.kind()).isEqualTo(ControlFailure.Kind.DEADLINE);
        assertThat(f.sentence()).startsWith("no answer within 5 s (").doesNotContain("Name resolution", "remote_addr");
        assertThat(f.detail()).contains("Name resolution");
    }

    @Test
    void theAgentsOwnRefusalIsShownAsItWroteIt() {
        ControlFailure f = ControlFailure.of(
                Status.FAILED_PRECONDITION
                        .withDescription("VI_1: in maintenance; takeover refused")
                        .asRuntimeException(),
                new ControlFailure.Attempt(TARGET, Optional.empty(), true, Duration.ofSeconds(5)));

        assertThat(f.kind()).isEqualTo(ControlFailure.Kind.AGENT_ERROR);
        assertThat(f.sentence()).isEqualTo("VI_1: in maintenance; takeover refused");
    }
}
