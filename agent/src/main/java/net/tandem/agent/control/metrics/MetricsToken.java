package net.tandem.agent.control.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import net.tandem.agent.control.TokenAuthInterceptor;

/**
 * The bearer token a scrape must carry ({@code metrics_token_file}), or none. Prometheus sends it as
 * {@code Authorization: Bearer TOKEN} ({@code authorization: { credentials_file: FILE }} in a scrape config). Kept and
 * compared as a SHA-256 digest with {@link MessageDigest#isEqual}, as the control API's tokens are, so the time an
 * answer takes says nothing about how much of a guess was right. Replaced as a whole on reload.
 */
public final class MetricsToken {

    static final String KEYWORD = "metrics_token_file";
    private static final String BEARER = "Bearer ";

    private volatile Optional<byte[]> digest;

    private MetricsToken(Optional<byte[]> digest) {
        this.digest = digest;
    }

    /** No token: every request is answered (loopback, or a network the operator trusts). */
    public static MetricsToken none() {
        return new MetricsToken(Optional.empty());
    }

    /**
     * The token in {@code file} (which must be safe: {@link net.tandem.agent.linux.SafeFiles#checkSecretFile}).
     *
     * @throws IOException naming the file
     */
    public static MetricsToken fromFile(Optional<Path> file) throws IOException {
        return new MetricsToken(digestOf(file));
    }

    /** Reads a token file without changing anything: a reload reads every file before it applies any. */
    public static Optional<byte[]> digestOf(Optional<Path> file) throws IOException {
        return TokenAuthInterceptor.read(file, KEYWORD).map(TokenAuthInterceptor::digest);
    }

    /**
     * Applies what {@link #digestOf} read: the next request is checked against it.
     *
     * @return whether the token changed
     */
    public boolean replace(Optional<byte[]> next) {
        Optional<byte[]> now = digest;
        boolean same =
                now.isPresent() == next.isPresent() && (now.isEmpty() || MessageDigest.isEqual(now.get(), next.get()));
        digest = next;
        return !same;
    }

    public boolean required() {
        return digest.isPresent();
    }

    /** Whether a request with this {@code Authorization} header (null: none) may be answered. */
    boolean admits(String authorization) {
        Optional<byte[]> expected = digest;
        if (expected.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = TokenAuthInterceptor.digest(
                authorization.substring(BEARER.length()).strip());
        return MessageDigest.isEqual(expected.get(), presented);
    }
}
