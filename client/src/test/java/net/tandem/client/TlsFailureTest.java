package net.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** A failed handshake names the option to change; anything else is left to the caller's words. */
class TlsFailureTest {
    private static Throwable unavailableBecause(String handshakeMessage) {
        return Status.UNAVAILABLE
                .withDescription("ssl exception")
                .withCause(new RuntimeException(new SSLHandshakeException(handshakeMessage)))
                .asRuntimeException();
    }

    @Test
    void aMissingClientCertificateAsksForCertAndKey() {
        assertThat(TlsFailure.describe(unavailableBecause("Received fatal alert: certificate_required")))
                .hasValue("TLS handshake failed (Received fatal alert: certificate_required): the agent requires a"
                        + " client certificate signed by the CA it trusts: give --cert and --key");
    }

    @Test
    void anAgentCertificateFromAnotherCaPointsAtTheCa() {
        assertThat(TlsFailure.describe(unavailableBecause(
                        "PKIX path building failed: unable to find valid certification path to requested target")))
                .hasValueSatisfying(text -> assertThat(text).contains("not signed by the CA given with --ca"));
    }

    @Test
    void aFailureThatIsNotTlsHasNoTlsWords() {
        assertThat(TlsFailure.describe(Status.UNAVAILABLE
                        .withCause(new java.net.ConnectException("Connection refused"))
                        .asRuntimeException()))
                .isEmpty();
        assertThat(TlsFailure.describe(null)).isEmpty();
    }
}
