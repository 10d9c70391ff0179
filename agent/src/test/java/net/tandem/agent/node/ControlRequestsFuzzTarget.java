package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.control.ControlServer;
import net.tandem.agent.control.TestClients;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.proto.v1.ClearPriorityRequest;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.ReleaseRequest;
import net.tandem.proto.v1.ReloadRequest;
import net.tandem.proto.v1.SetMaintenanceRequest;
import net.tandem.proto.v1.SetPriorityRequest;
import net.tandem.proto.v1.TakeoverRequest;
import net.tandem.proto.v1.WatchEventsRequest;

/**
 * Coverage-guided fuzzing of the control requests (Jazzer): arbitrary request bytes, valid
 * protobuf or not, sent to every RPC of a real {@link ControlServer} on its Unix socket, in front of the
 * production {@link NodeControl} of a {@link VirtualNode} (two instances on the simulated LAN).
 * Whatever the bytes, the answer is OK or a specific refusal (INVALID_ARGUMENT, NOT_FOUND,
 * FAILED_PRECONDITION), never UNKNOWN or an INTERNAL from an exception in the agent; bytes that
 * are not the request message get gRPC's own refusal (UNKNOWN) before the agent sees them. bin/test replays the
 * seed corpus under src/test/resources/net/tandem/agent/node/ControlRequestsFuzzTargetInputs and
 * fuzzes for a few seconds; {@code bin/fuzz control --minutes N} fuzzes longer.
 *
 * <p>The first byte picks the RPC; the rest is the request message as sent on the wire.
 */
class ControlRequestsFuzzTarget {

    private record Rpc(MethodDescriptor<?, ?> method, Parser<?> request) {}

    private static final List<Rpc> RPCS = List.of(
            new Rpc(ControlGrpc.getGetStatusMethod(), GetStatusRequest.parser()),
            new Rpc(ControlGrpc.getTakeoverMethod(), TakeoverRequest.parser()),
            new Rpc(ControlGrpc.getReleaseMethod(), ReleaseRequest.parser()),
            new Rpc(ControlGrpc.getSetPriorityMethod(), SetPriorityRequest.parser()),
            new Rpc(ControlGrpc.getClearPriorityMethod(), ClearPriorityRequest.parser()),
            new Rpc(ControlGrpc.getSetMaintenanceMethod(), SetMaintenanceRequest.parser()),
            new Rpc(ControlGrpc.getReloadMethod(), ReloadRequest.parser()),
            new Rpc(ControlGrpc.getWatchEventsMethod(), WatchEventsRequest.parser()));

    private static final Set<Status.Code> REFUSALS = Set.of(
            Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION);

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** One node and one server for the whole run: starting them per input would be all the fuzzer measured. */
    private static final class Agent {
        static final ManagedChannel CHANNEL = start();

        private static ManagedChannel start() {
            try {
                Path dir = Files.createTempDirectory("tandem-control-fuzz");
                dir.toFile().deleteOnExit();
                SimulatedLan lan = new SimulatedLan();
                String config = OperatorAndReloadTest.instance("VI_1", 51, 100, "192.0.2.100")
                        + OperatorAndReloadTest.instance("VI_2", 52, 90, "192.0.2.102");
                VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config).start();
                lan.runSeconds(5);
                // The default transport, the Unix socket (TCP needs a token, and the fuzzer aims at the
                // requests, not at the token check).
                ControlServer server = new ControlServer(TestClients.localConfig(dir), node.control);
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                ManagedChannel channel = TestClients.local(server);
                // Connect before the first input: on a loaded machine the first connection (with the
                // fuzzer's instrumentation warming up) took longer than an input's deadline.
                ControlGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(120, TimeUnit.SECONDS)
                        .withWaitForReady()
                        .getStatus(GetStatusRequest.getDefaultInstance());
                return channel;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @FuzzTest(maxDuration = "3s")
    void anyRequestGetsAnAnswerOrASpecificRefusal(byte[] input) {
        if (input.length < 1) {
            return;
        }
        Rpc rpc = RPCS.get((input[0] & 0xFF) % RPCS.size());
        byte[] request = Arrays.copyOfRange(input, 1, input.length);
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(rpc.method().getType())
                .setFullMethodName(rpc.method().getFullMethodName())
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        ClientCall<byte[], byte[]> call =
                Agent.CHANNEL.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        Status status;
        try {
            if (raw.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
                Iterator<byte[]> events = ClientCalls.blockingServerStreamingCall(call, request);
                assertThat(events.hasNext())
                        .as("the snapshot that opens a stream")
                        .isTrue();
                call.cancel("the fuzzer read the snapshot", null);
                status = Status.OK;
            } else {
                ClientCalls.blockingUnaryCall(call, request);
                status = Status.OK;
            }
        } catch (StatusRuntimeException e) {
            status = e.getStatus();
        }
        if (!parses(rpc, request)) {
            // gRPC refuses bytes that are not the request message before the agent sees them, and
            // says so with UNKNOWN ("Application error processing RPC"): its answer, not ours.
            assertThat(status.getCode()).isIn(Status.Code.UNKNOWN, Status.Code.INTERNAL);
            return;
        }
        assertThat(status.getCode())
                .as("%s with %s: %s", rpc.method().getBareMethodName(), Arrays.toString(request), status)
                .isIn(REFUSALS);
    }

    private static boolean parses(Rpc rpc, byte[] request) {
        try {
            rpc.request().parseFrom(request);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }
}
