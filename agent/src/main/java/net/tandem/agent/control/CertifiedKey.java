package net.tandem.agent.control;

import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate chain and its private key, read from PEM files (the key in PKCS#8). */
record CertifiedKey(X509Certificate[] chain, PrivateKey key) {

    static CertifiedKey read(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        X509Certificate[] chain = readCertificates(certFile);
        try (InputStream in = Files.newInputStream(keyFile)) {
            return new CertifiedKey(chain, CertificateUtils.getPrivateKey(in));
        }
    }

    static X509Certificate[] readCertificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate[] certificates = CertificateUtils.getX509Certificates(in);
            if (certificates.length == 0) {
                throw new GeneralSecurityException(file + " holds no certificate");
            }
            return certificates;
        }
    }
}
