package net.tandem.agent.it;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.GetStatusRequest;

/**
 * A control-API client for netns tests, run as its own process inside a node's namespace (the
 * agent listens on that namespace's loopback): {@code ControlProbe PORT TOKEN} asks for the
 * status with the token and prints {@code OK <agent start time>} or the gRPC status code.
 */
public final class ControlProbe {
    private ControlProbe() {}

    public static void main(String[] args) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", Integer.parseInt(args[0]), InsecureChannelCredentials.create())
                .build();
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + args[1]);
        try {
            var node = ControlGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
                    .getStatus(GetStatusRequest.getDefaultInstance())
                    .getNode();
            System.out.println("OK " + node.getStartedAt().getSeconds() + "."
                    + node.getStartedAt().getNanos());
        } catch (StatusRuntimeException e) {
            System.out.println(e.getStatus().getCode());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
