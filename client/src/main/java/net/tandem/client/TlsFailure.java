package net.tandem.client;

import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * What a failed TLS handshake means for the operator. gRPC reports it as UNAVAILABLE "ssl exception";
 * the reason is in the cause's words, which name TLS alerts rather than the option to change.
 */
public final class TlsFailure {
    private TlsFailure() {}

    /** The handshake failure behind {@code failure}, in words naming the option to change; empty if TLS was not the problem. */
    public static Optional<String> describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (!(t instanceof SSLException) || t.getMessage() == null) {
                continue;
            }
            String message = t.getMessage();
            // RFC 8446 §4.4.2.4 / RFC 5246 §7.4.6: the server asked for a certificate and got none it accepts.
            if (message.contains("certificate_required") || message.contains("bad_certificate")) {
                return Optional.of("TLS handshake failed (" + message + "): the agent requires a client"
                        + " certificate signed by the CA it trusts: give --cert and --key");
            }
            if (message.contains("PKIX path") || message.contains("certification path")) {
                return Optional.of("TLS handshake failed: the agent's certificate is not signed by the CA"
                        + " given with --ca (" + message + ")");
            }
            return Optional.of("TLS handshake failed: " + message);
        }
        return Optional.empty();
    }
}
