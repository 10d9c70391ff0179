package net.tandem.agent.control;

import io.grpc.Attributes;
import io.grpc.ServerCredentials;
import io.grpc.internal.ObjectPool;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import net.tandem.agent.linux.PeerGroups;

/**
 * The first thing every accepted connection meets, before HTTP/2 or TLS: it counts connections and closes one over
 * the limit at once (gRPC has no such limit of its own), and on the Unix socket it records the peer's credentials
 * ({@link LocalPeer}) in the transport's attributes, where {@link TokenAuthInterceptor} finds them for every call.
 *
 * <p>It wraps gRPC's own protocol negotiators (plain text, TLS) through grpc-netty's {@code Internal*} classes:
 * the supported way for a server to attach attributes of its own to a transport.
 */
final class ConnectionGate {

    private static final System.Logger LOG = System.getLogger(ConnectionGate.class.getName());

    private final String name;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final RateLimitedLog refusals;

    /**
     * @param name           the listener in log lines ({@code control socket /run/tandem/control.sock})
     * @param maxConnections connections beyond this many are closed as soon as they are accepted
     */
    ConnectionGate(String name, int maxConnections, RateLimitedLog refusals) {
        this.name = name;
        this.maxConnections = maxConnections;
        this.refusals = refusals;
    }

    int openConnections() {
        return open.get();
    }

    /** Plain text on the Unix socket, with the peer's credentials. */
    ServerCredentials localCredentials() {
        return InternalNettyServerCredentials.create(new Negotiator(null, true));
    }

    /** {@code credentials} (plain text or TLS) on TCP, behind the connection limit. */
    ServerCredentials wrap(ServerCredentials credentials) {
        InternalProtocolNegotiator.ServerFactory inner = InternalNettyServerCredentials.toNegotiator(credentials);
        return InternalNettyServerCredentials.create(new InternalProtocolNegotiator.ServerFactory() {
            @Override
            public InternalProtocolNegotiator.ProtocolNegotiator newNegotiator(
                    ObjectPool<? extends Executor> offloadExecutorPool) {
                return new Negotiator(
                        (InternalProtocolNegotiator.ProtocolNegotiator) inner.newNegotiator(offloadExecutorPool),
                        false);
            }
        });
    }

    private final class Negotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
        private final InternalProtocolNegotiator.ProtocolNegotiator inner; // null: plain text with credentials
        private final boolean local;

        Negotiator(InternalProtocolNegotiator.ProtocolNegotiator inner, boolean local) {
            this.inner = inner;
            this.local = local;
        }

        @Override
        public AsciiString scheme() {
            return inner == null ? AsciiString.of("http") : inner.scheme();
        }

        @Override
        public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
            ChannelHandler next = local
                    ? InternalProtocolNegotiators.waitUntilActiveHandler(
                            new PeerCredentialsHandler(InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler)),
                            grpcHandler.getNegotiationLogger())
                    : inner.newHandler(grpcHandler);
            return new Gate(next);
        }

        @Override
        public void close() {
            if (inner != null) {
                inner.close();
            }
        }
    }

    /** Counts the connection, and either closes it (over the limit) or puts {@code next} after itself. */
    private final class Gate extends ChannelInboundHandlerAdapter {
        private final ChannelHandler next;

        Gate(ChannelHandler next) {
            this.next = next;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            int now = open.incrementAndGet();
            ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
            if (now > maxConnections) {
                refusals.log("control: " + name + ": " + maxConnections + " connections open; closed a new one from "
                        + ctx.channel().remoteAddress());
                ctx.channel().close();
                return;
            }
            ctx.pipeline().addAfter(ctx.name(), null, next);
        }
    }

    /**
     * Between gRPC's wait-until-active and its negotiation handler: adds the peer's credentials to the attributes
     * the transport will carry. SO_PEERCRED and SO_PEERGROUPS are plain getsockopt calls, so this does not block
     * the event loop.
     */
    private static final class PeerCredentialsHandler extends ChannelInboundHandlerAdapter {
        private final ChannelHandler next;

        PeerCredentialsHandler(ChannelHandler next) {
            this.next = next;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (!(evt instanceof ProtocolNegotiationEvent event)) {
                super.userEventTriggered(ctx, evt);
                return;
            }
            LocalPeer peer;
            try {
                EpollDomainSocketChannel channel = (EpollDomainSocketChannel) ctx.channel();
                PeerCredentials c = channel.peerCredentials();
                int[] gids = c.gids();
                peer = new LocalPeer(
                        c.uid(),
                        gids.length > 0 ? gids[0] : -1,
                        c.pid(),
                        PeerGroups.of(channel.fd().intValue()));
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "control: cannot read a local client's credentials (" + e.getMessage()
                                + "); closing its connection");
                ctx.close();
                return;
            }
            Attributes attrs = InternalProtocolNegotiationEvent.getAttributes(event).toBuilder()
                    .set(LocalPeer.KEY, peer)
                    .build();
            ctx.pipeline().replace(this, null, next);
            ctx.fireUserEventTriggered(InternalProtocolNegotiationEvent.withAttributes(event, attrs));
        }
    }
}
