package net.tandem.agent.control;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.ControlConfig;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.ControlGrpc.ControlBlockingStub;

/** Channels and stubs to a test server on 127.0.0.1 or its Unix socket, with or without a bearer token. */
public final class TestClients {

    private static final EventLoopGroup LOCAL_LOOP = new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("test-control-local", true), EpollIoHandler.newFactory());

    private TestClients() {}

    /** The default configuration (the Unix socket, no TCP) with the socket in {@code dir}. */
    public static ControlConfig localConfig(Path dir) {
        return ControlConfig.defaults().withSocket(Optional.of(dir.resolve("control.sock")));
    }

    /** A channel to the server's Unix socket: as this test's user, the agent's own uid, so admin. */
    public static ManagedChannel local(ControlServer server) {
        return localBuilder(server.socketPath().orElseThrow()).build();
    }

    static NettyChannelBuilder localBuilder(Path socket) {
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(LOCAL_LOOP)
                .usePlaintext();
    }

    static ManagedChannel channel(InetSocketAddress server) {
        return channel(server, InsecureChannelCredentials.create());
    }

    static ManagedChannel channel(InetSocketAddress server, ChannelCredentials credentials) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), credentials)
                .build();
    }

    static ControlBlockingStub stub(ManagedChannel channel) {
        return ControlGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    static ControlBlockingStub stub(ManagedChannel channel, String token) {
        return stub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)));
    }

    static Metadata bearer(String token) {
        Metadata m = new Metadata();
        m.put(TokenAuthInterceptor.Calls.AUTHORIZATION, "Bearer " + token);
        return m;
    }

    static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
