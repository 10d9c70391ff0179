package net.tandem.console.grpc;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.net.InetAddress;
import java.util.concurrent.Executor;

/**
 * The admin token as {@code authorization: Bearer TOKEN} on every call. It is never sent in clear
 * over the network: without TLS it goes only to a loopback address (the agent, for its part,
 * refuses a public listen address without TLS).
 */
final class BearerToken extends CallCredentials {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String token;
    private final boolean loopback;
    private final String host;

    BearerToken(String token, String host) {
        this.token = token;
        this.host = host;
        this.loopback = isLoopback(host);
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY && !loopback) {
            applier.fail(Status.UNAUTHENTICATED.withDescription("not sending the token in clear to " + host
                    + ": give the CA of the agents' certificates with --ca to use TLS"));
            return;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
    }

    private static boolean isLoopback(String host) {
        try {
            return host.equals("localhost") || InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
