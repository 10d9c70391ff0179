package net.tandem.client;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelRegistry;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.tandem.proto.v1.ControlGrpc;

/**
 * The one way Tandem's clients reach an agent's control API: the console and tandemctl both open
 * their channel here, so that TLS, client certificates, the token and keepalive behave the same in
 * both. Nothing else in the main code builds a gRPC channel.
 *
 * <p>The order of {@link #open} is the point: the token policy is checked first, then the TLS files
 * are read, and only then is a channel built (gRPC connects lazily, on the first call).
 *
 * <p>HTTP/2 keepalive pings every {@link #KEEPALIVE_TIME} notice an agent that died without closing
 * its TCP connection; 10 s is the most often the agent permits (a client pinging more often is sent
 * GOAWAY).
 */
public final class ControlChannel implements AutoCloseable {
    public static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);
    public static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);
    /** How long {@link #close} waits for calls to end after cancelling them. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final Target target;
    private final ManagedChannel channel;
    private final Optional<CallCredentials> token;

    private ControlChannel(Target target, ManagedChannel channel, Optional<CallCredentials> token) {
        this.target = target;
        this.channel = channel;
        this.token = token;
    }

    /**
     * A channel to {@code target}: TLS when {@code tls} is given (with a client certificate if it has
     * one), plain text otherwise; {@code token} on every call.
     *
     * @throws ClientSetupException when the token would go in plain text to a non-loopback address, or
     *     the TLS files cannot be used; nothing has been sent then
     */
    public static ControlChannel open(Target target, Optional<ClientTls> tls, Optional<BearerToken> token) {
        TokenPolicy.check(target, tls, token);
        if (target.socket().isPresent()) {
            // The agent knows who we are from the socket itself (SO_PEERCRED): no token, no TLS.
            ManagedChannel channel = NettyChannelBuilder.forAddress(
                            new DomainSocketAddress(target.socket().get().toString()))
                    .channelType(EpollDomainSocketChannel.class)
                    .eventLoopGroup(LocalLoop.GROUP)
                    .usePlaintext()
                    // No keepalive: a local agent that dies closes the socket at once, and gRPC's keepalive would
                    // set SO_KEEPALIVE, which a Unix socket does not have (Netty warns on stderr at every call).
                    .build();
            return new ControlChannel(target, channel, Optional.empty());
        }
        ChannelCredentials credentials = tls.map(ClientTls::credentials).orElseGet(InsecureChannelCredentials::create);
        ManagedChannel channel;
        try {
            channel = Grpc.newChannelBuilderForAddress(target.host(), target.port(), credentials)
                    .keepAliveTime(KEEPALIVE_TIME.toNanos(), TimeUnit.NANOSECONDS)
                    .keepAliveTimeout(KEEPALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
                    .build();
        } catch (ManagedChannelRegistry.ProviderNotFoundException | IllegalArgumentException e) {
            // A file that is there but is not PEM of the right kind shows up when Netty builds its SslContext,
            // as "no provider" for these credentials.
            if (tls.isPresent()) {
                throw tls.get().unusable(e);
            }
            throw e;
        }
        return new ControlChannel(target, channel, token.map(t -> t.credentialsFor(target)));
    }

    /** One daemon epoll thread for every Unix-socket channel of this process, created on first use. */
    private static final class LocalLoop {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("tandem-control-local", true), EpollIoHandler.newFactory());
    }

    public Target target() {
        return target;
    }

    /** An asynchronous stub with the token and no deadline: for the event stream. */
    public ControlGrpc.ControlStub stub() {
        ControlGrpc.ControlStub s = ControlGrpc.newStub(channel);
        return token.map(s::withCallCredentials).orElse(s);
    }

    /** An asynchronous stub with the token, for one call that must be answered within {@code deadline}. */
    public ControlGrpc.ControlStub stub(Duration deadline) {
        return stub().withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A blocking stub with the token and no deadline: for the event stream. */
    public ControlGrpc.ControlBlockingStub blockingStub() {
        ControlGrpc.ControlBlockingStub s = ControlGrpc.newBlockingStub(channel);
        return token.map(s::withCallCredentials).orElse(s);
    }

    /** A blocking stub with the token, for one call that must be answered within {@code deadline}. */
    public ControlGrpc.ControlBlockingStub blockingStub(Duration deadline) {
        return blockingStub().withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isShutdown() {
        return channel.isShutdown();
    }

    /** Cancels every call on the channel and waits briefly for them to end. */
    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
