package net.tandem.client;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS to the agent: the CA that signed the agents' certificates, and optionally a client certificate
 * and key for an agent that requires mutual TLS ({@code tls_client_ca} in its {@code tandem_control}
 * block).
 *
 * @param ca   PEM trust anchors for the agent's certificate
 * @param cert PEM client certificate chain, or null for none
 * @param key  PEM (PKCS#8) private key of {@code cert}, or null for none
 */
public record ClientTls(Path ca, Path cert, Path key) {
    public ClientTls {
        if (ca == null) {
            throw new ClientSetupException(
                    cert != null || key != null
                            ? "--cert and --key need --ca (client certificates go over TLS)"
                            : "TLS needs the CA that signed the agents' certificates (--ca)");
        }
        if ((cert == null) != (key == null)) {
            throw new ClientSetupException("--cert and --key go together: give both or neither");
        }
    }

    /**
     * The TLS settings from options that may each be absent: none at all means plain text.
     *
     * @throws ClientSetupException for a certificate or key without a CA, or one of the pair without the other
     */
    public static Optional<ClientTls> of(Path ca, Path cert, Path key) {
        if (ca == null && cert == null && key == null) {
            return Optional.empty();
        }
        return Optional.of(new ClientTls(ca, cert, key));
    }

    /** Whether the client proves who it is with a certificate. */
    public boolean presentsCertificate() {
        return cert != null;
    }

    /** gRPC's credentials for these files; the files are read now, so that a bad path is reported before connecting. */
    ChannelCredentials credentials() {
        try {
            TlsChannelCredentials.Builder tls =
                    TlsChannelCredentials.newBuilder().trustManager(ca.toFile());
            if (presentsCertificate()) {
                tls.keyManager(cert.toFile(), key.toFile());
            }
            return tls.build();
        } catch (IOException | IllegalArgumentException e) {
            throw unusable(e);
        }
    }

    ClientSetupException unusable(Exception e) {
        return new ClientSetupException(
                "cannot use --ca " + ca + (presentsCertificate() ? " / --cert " + cert + " / --key " + key : "") + ": "
                        + e.getMessage().replaceFirst("^[\\w.]+Provider: ", ""),
                e);
    }
}
