package net.tandem.console.ctl;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import net.tandem.proto.v1.ControlGrpc;

/** A channel to the agent built from tandemctl's options: plain or TLS, with the bearer token as call credentials. */
final class Connection implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final Optional<CallCredentials> token;
    private final long timeoutSeconds;

    private Connection(ManagedChannel channel, Optional<CallCredentials> token, long timeoutSeconds) {
        this.channel = channel;
        this.token = token;
        this.timeoutSeconds = timeoutSeconds;
    }

    static Connection open(TandemCtl o) {
        int colon = o.target.lastIndexOf(':');
        if (colon <= 0 || !o.target.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new ConnectionException("--target: expected HOST:PORT, got \"" + o.target + "\"");
        }
        String host = o.target.substring(0, colon).replaceAll("^\\[(.*)\\]$", "$1");
        int port = Integer.parseInt(o.target.substring(colon + 1));
        ManagedChannel channel =
                Grpc.newChannelBuilderForAddress(host, port, credentials(o)).build();
        return new Connection(channel, token(o), o.timeoutSeconds);
    }

    private static ChannelCredentials credentials(TandemCtl o) {
        if (o.ca == null) {
            if (o.cert != null || o.key != null) {
                throw new ConnectionException("--cert and --key need --ca (client certificates go over TLS)");
            }
            return InsecureChannelCredentials.create();
        }
        try {
            TlsChannelCredentials.Builder tls =
                    TlsChannelCredentials.newBuilder().trustManager(o.ca.toFile());
            if (o.cert != null || o.key != null) {
                if (o.cert == null || o.key == null) {
                    throw new ConnectionException("--cert and --key go together");
                }
                tls.keyManager(o.cert.toFile(), o.key.toFile());
            }
            return tls.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectionException(
                    "cannot use --ca " + o.ca + (o.cert == null ? "" : " / --cert " + o.cert + " / --key " + o.key)
                            + ": " + e.getMessage(),
                    e);
        }
    }

    private static Optional<CallCredentials> token(TandemCtl o) {
        if (o.tokenFile == null) {
            return Optional.empty();
        }
        String token;
        try {
            token = Files.readString(o.tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConnectionException("--token-file " + o.tokenFile + ": cannot read: " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new ConnectionException("--token-file " + o.tokenFile + ": the file is empty");
        }
        return Optional.of(new BearerToken(token));
    }

    /** A stub with the token and a deadline for one command. */
    ControlGrpc.ControlBlockingStub blocking() {
        ControlGrpc.ControlBlockingStub s =
                ControlGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
        return token.map(s::withCallCredentials).orElse(s);
    }

    /** A stub with the token and no deadline, for the event stream. */
    ControlGrpc.ControlBlockingStub streaming() {
        ControlGrpc.ControlBlockingStub s = ControlGrpc.newBlockingStub(channel);
        return token.map(s::withCallCredentials).orElse(s);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code authorization: Bearer TOKEN} on every call. */
    private static final class BearerToken extends CallCredentials {
        private final String token;

        BearerToken(String token) {
            this.token = token;
        }

        @Override
        public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
            try {
                Metadata m = new Metadata();
                m.put(AUTHORIZATION, "Bearer " + token);
                applier.apply(m);
            } catch (RuntimeException e) {
                applier.fail(Status.UNAUTHENTICATED.withCause(e));
            }
        }
    }
}
