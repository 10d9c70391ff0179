package net.tandem.agent.control;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerTransportFilter;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.tandem.proto.v1.ControlGrpc;

/**
 * The part of the control API that loads gRPC, Netty and protobuf: the servers, their event loops, the services. The
 * {@link ControlServer} binds the listening sockets itself at the agent's start and builds this only when the first
 * client connects, on those same sockets (Netty's epoll channels take a bound descriptor over), so that an agent
 * nobody asks anything of does not keep ~800 classes and their threads resident. The first client waits in the
 * socket's queue meanwhile and is served as any other.
 */
final class GrpcServers {

    private final ExecutorService executor;
    private final ControlService service;
    private final HealthStatusManager health = new HealthStatusManager();
    /** Our own Netty loops, so that stop() can wait until the listening socket is really closed. */
    private final EventLoopGroup boss;

    private final EventLoopGroup workers;
    private final List<Server> servers = new ArrayList<>();

    /**
     * Starts the servers on the descriptors, which they own from here on (closed by {@link #stop}, or here on a
     * failure).
     *
     * @param localFd     the control socket, listening, or -1
     * @param tcpFd       the TCP listener, listening, or -1
     * @param tcpCredentials the TCP listener's (behind its {@link ConnectionGate})
     * @param newService  the Control service, on the RPC executor
     */
    GrpcServers(
            int localFd,
            Path socket,
            ConnectionGate localGate,
            int tcpFd,
            InetSocketAddress tcpAddress,
            ServerCredentials tcpCredentials,
            TokenAuthInterceptor auth,
            Function<ExecutorService, ControlService> newService)
            throws IOException {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        service = newService.apply(executor);
        boss = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("tandem-grpc-accept", true), EpollIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(
                2, new DefaultThreadFactory("tandem-grpc-io", true), EpollIoHandler.newFactory());
        try {
            if (localFd >= 0) {
                int fd = localFd;
                localFd = -1; // the channel's now
                start(
                        NettyServerBuilder.forAddress(
                                        new DomainSocketAddress(socket.toString()), localGate.localCredentials())
                                .channelFactory(() -> held(new EpollServerDomainSocketChannel(fd, true))),
                        auth);
            }
            if (tcpFd >= 0) {
                int fd = tcpFd;
                tcpFd = -1;
                start(
                        NettyServerBuilder.forAddress(tcpAddress, tcpCredentials)
                                .channelFactory(() -> held(new EpollServerSocketChannel(fd))),
                        auth);
            }
        } catch (IOException | RuntimeException e) {
            for (int fd : new int[] {localFd, tcpFd}) {
                if (fd >= 0) {
                    net.tandem.agent.linux.Libc.close(fd);
                }
            }
            stop(Duration.ZERO);
            throw e;
        }
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(ControlGrpc.SERVICE_NAME, ServingStatus.SERVING);
    }

    private void start(NettyServerBuilder b, TokenAuthInterceptor auth) throws IOException {
        Server s = limits(b, auth).build();
        servers.add(s);
        s.start();
    }

    /**
     * A channel on a socket that is bound and listening already: the bind that gRPC's bootstrap asks for is answered
     * here (done), never reaches the kernel (a second bind(2) would fail with EINVAL).
     */
    private static ServerChannel held(ServerChannel channel) {
        channel.pipeline().addLast(ALREADY_BOUND);
        return channel;
    }

    private static final ChannelHandler ALREADY_BOUND = new AlreadyBound();

    @ChannelHandler.Sharable
    private static final class AlreadyBound extends ChannelOutboundHandlerAdapter {
        @Override
        public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
            promise.setSuccess();
        }
    }

    /** What both listeners share: services, auth, executor, message and connection limits. */
    private NettyServerBuilder limits(NettyServerBuilder b, TokenAuthInterceptor auth) {
        return b.bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .executor(executor)
                .addService(service)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                // v1alpha too: grpc-js-reflection-client and older grpcurl builds ask for it and get UNIMPLEMENTED
                // without it. grpc-java deprecates it for v1, which it answers by delegating to.
                .addService(reflectionV1Alpha())
                .intercept(auth)
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public io.grpc.Attributes transportReady(io.grpc.Attributes attrs) {
                        return attrs.toBuilder()
                                .set(ControlService.CONNECTION, new Object())
                                .build();
                    }
                })
                .maxInboundMessageSize(64 * 1024)
                .maxInboundMetadataSize(16 * 1024)
                .maxConcurrentCallsPerConnection(ControlServer.MAX_CALLS_PER_CONNECTION)
                // CVE-2023-44487 (HTTP/2 rapid reset): at most 200 RST_STREAMs per 10 s, then GOAWAY.
                .maxRstFramesPerWindow(200, 10)
                .keepAliveTime(2, TimeUnit.MINUTES)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxConnectionIdle(15, TimeUnit.MINUTES)
                // A long watch reconnects once a day (the console does so by itself); calls in flight get a minute.
                .maxConnectionAge(24, TimeUnit.HOURS)
                .maxConnectionAgeGrace(1, TimeUnit.MINUTES);
    }

    int openStreams() {
        return service.openStreams();
    }

    /**
     * Graceful: health says NOT_SERVING, WatchEvents streams end with OK after what they already queued, no new calls
     * are accepted, calls in progress get up to {@code grace}, then the rest is cancelled; the listening sockets are
     * closed when this returns.
     */
    void stop(Duration grace) {
        health.enterTerminalState();
        service.completeStreams();
        servers.forEach(Server::shutdown);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Server s : servers) {
                if (!s.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    s.shutdownNow();
                    s.awaitTermination(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            servers.forEach(Server::shutdownNow);
            Thread.currentThread().interrupt();
        }
        // Only now is the listening socket closed for sure: the port is free when stop returns.
        for (EventLoopGroup g : new EventLoopGroup[] {boss, workers}) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        executor.shutdown();
        service.close();
    }

    @SuppressWarnings("deprecation")
    private static BindableService reflectionV1Alpha() {
        return ProtoReflectionService.newInstance();
    }
}
