package net.tandem.agent.control;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.ControlGrpc.ControlBlockingStub;

/** Channels and stubs to a test server on 127.0.0.1, with or without a bearer token. */
final class TestClients {

    private TestClients() {}

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
        m.put(TokenAuthInterceptor.AUTHORIZATION, "Bearer " + token);
        return m;
    }

    static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
