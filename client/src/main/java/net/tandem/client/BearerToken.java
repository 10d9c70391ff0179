package net.tandem.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * The agent's admin or read token, sent as {@code authorization: Bearer TOKEN} on every call. It never
 * appears in {@link #toString()} (so not in a log line or an exception either), and it is never sent
 * in plain text except to loopback: {@link TokenPolicy} refuses such a setup before connecting, and
 * the call credentials check each call again, in case a channel was built some other way.
 */
public final class BearerToken {
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String secret;

    private BearerToken(String secret) {
        this.secret = secret;
    }

    /** @throws ClientSetupException for an empty token */
    public static BearerToken of(String secret) {
        String stripped = secret.strip();
        if (stripped.isEmpty()) {
            throw new ClientSetupException("the token is empty");
        }
        return new BearerToken(stripped);
    }

    /**
     * The token in {@code file} (surrounding white space, such as the final newline, is not part of it).
     *
     * @throws ClientSetupException if the file cannot be read or holds no token
     */
    public static BearerToken read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClientSetupException("--token-file " + file + ": cannot read: " + e.getMessage(), e);
        }
        if (text.isBlank()) {
            throw new ClientSetupException("--token-file " + file + ": the file is empty");
        }
        return new BearerToken(text.strip());
    }

    /** The credentials that carry the token to {@code target}. */
    CallCredentials credentialsFor(Target target) {
        return new Credentials(target);
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }

    private final class Credentials extends CallCredentials {
        private final Target target;

        Credentials(Target target) {
            this.target = target;
        }

        @Override
        public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
            if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY && !target.isLoopback()) {
                applier.fail(Status.UNAUTHENTICATED.withDescription("not sending the token in plain text to " + target
                        + ": give the CA of the agents' certificates with --ca to use TLS"));
                return;
            }
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + secret);
            applier.apply(headers);
        }
    }
}
