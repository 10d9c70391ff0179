package net.tandem.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Whether something at an address speaks TLS: it does if it sends a certificate in answer to a ClientHello. Used
 * only to explain a plain-text call that the other side closed without a word (what an agent with TLS does); the
 * certificate is not checked because nothing is sent over this connection, which is closed right after.
 */
final class TlsProbe {
    private TlsProbe() {}

    static boolean speaksTls(Target target, Duration timeout) {
        AtomicBoolean sawCertificate = new AtomicBoolean();
        X509TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                sawCertificate.set(true);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {recorder}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(target.host(), target.port()), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                socket.startHandshake();
            }
        } catch (IOException | GeneralSecurityException e) {
            // A failed handshake (a client certificate required, say) still counts if a certificate came first.
        }
        return sawCertificate.get();
    }
}
