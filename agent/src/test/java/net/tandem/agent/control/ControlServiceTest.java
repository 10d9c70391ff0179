package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import net.tandem.agent.config.ControlConfig;
import net.tandem.proto.v1.ClearPriorityRequest;
import net.tandem.proto.v1.ControlGrpc.ControlBlockingStub;
import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.Instance;
import net.tandem.proto.v1.ReleaseRequest;
import net.tandem.proto.v1.ReloadRequest;
import net.tandem.proto.v1.ReloadResponse;
import net.tandem.proto.v1.SetMaintenanceRequest;
import net.tandem.proto.v1.SetPriorityRequest;
import net.tandem.proto.v1.State;
import net.tandem.proto.v1.TakeoverRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RPCs against a fake agent, over a real loopback connection: what goes in, what comes out, what is logged. */
class ControlServiceTest {

    static final Instant NOW = Instant.parse("2026-05-01T11:00:00Z");

    @TempDir
    Path dir;

    private static final long UID = new com.sun.security.auth.module.UnixSystem().getUid();
    private static final long PID = ProcessHandle.current().pid();

    private final FakeControlTarget target = new FakeControlTarget();
    private ControlServer server;
    private ManagedChannel channel;
    private ControlBlockingStub stub;
    private Path auditFile;

    @BeforeEach
    void start() throws IOException {
        auditFile = dir.resolve("audit.log");
        ControlConfig config = new ControlConfig(
                Optional.empty(),
                Optional.of(dir.resolve("control.sock")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.of(auditFile));
        server = new ControlServer(config, target, InstantSource.fixed(NOW), System::nanoTime, 64, 0);
        server.start();
        channel = TestClients.local(server);
        stub = TestClients.stub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestClients.close(channel);
        server.close();
    }

    @Test
    void statusCarriesEveryFieldOfTheNodeAndItsInstances() {
        GetStatusResponse s = stub.getStatus(GetStatusRequest.getDefaultInstance());

        assertThat(Timestamps.toString(s.getTakenAt())).isEqualTo("2026-05-01T11:00:00Z");
        assertThat(s.getNode().getRouterId()).isEqualTo("node1");
        assertThat(s.getNode().getVersion()).isEqualTo("0.1.0");
        assertThat(Timestamps.toString(s.getNode().getStartedAt())).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(Durations.toString(s.getNode().getUptime())).isEqualTo("3600s");
        assertThat(s.getNode().getMaintenance()).isFalse();
        assertThat(s.getNode().getConfigFile()).isEqualTo("/etc/tandem/node1.conf");
        assertThat(Timestamps.toString(s.getNode().getConfigLoadedAt())).isEqualTo("2026-05-01T10:00:01Z");
        assertThat(s.getInstancesList()).extracting(Instance::getName).containsExactly("VI_1", "VI_2");

        Instance vi1 = s.getInstances(0);
        assertThat(vi1.getInterface()).isEqualTo("eth0");
        assertThat(vi1.getVrid()).isEqualTo(51);
        assertThat(vi1.getVersion()).isEqualTo(2);
        assertThat(vi1.getState()).isEqualTo(State.MASTER);
        assertThat(Durations.toString(vi1.getInState())).isEqualTo("61.500s");
        assertThat(vi1.getLastReason()).isEqualTo("master down timer expired");
        assertThat(vi1.getBasePriority()).isEqualTo(100);
        assertThat(vi1.getEffectivePriority()).isEqualTo(150);
        assertThat(vi1.getTrackersList()).singleElement().satisfies(t -> {
            assertThat(t.getKind()).isEqualTo("script");
            assertThat(t.getName()).isEqualTo("chk_nginx");
            assertThat(t.getOk()).isTrue();
            assertThat(t.getWeight()).isEqualTo(20);
            assertThat(t.getContribution()).isEqualTo(20);
        });
        assertThat(vi1.hasOverridePriority()).isTrue();
        assertThat(vi1.getOverridePriority()).isEqualTo(150);
        assertThat(vi1.getOverrideReason()).isEqualTo("takeover by operator");
        assertThat(vi1.getVipsList()).singleElement().satisfies(v -> {
            assertThat(v.getAddress()).isEqualTo("192.0.2.8/32");
            assertThat(v.getInterface()).isEqualTo("eth0");
            assertThat(v.getPresentInKernel()).isTrue();
        });
        assertThat(Durations.toString(vi1.getAdvertisementInterval())).isEqualTo("1s");
        assertThat(Durations.toString(vi1.getMasterAdverInterval())).isEqualTo("1s");
        assertThat(Durations.toString(vi1.getSkewTime())).isEqualTo("0.414062500s");
        assertThat(Durations.toString(vi1.getMasterDownInterval())).isEqualTo("3.414062500s");
        assertThat(vi1.hasMasterDownRemaining())
                .as("a master runs no master down timer")
                .isFalse();
        assertThat(vi1.getMasterAddress()).isEqualTo("192.0.2.1");
        assertThat(vi1.getMasterPriority()).isEqualTo(150);
        assertThat(Durations.toString(vi1.getLastAdvertReceivedAgo())).isEqualTo("2.500s");
        assertThat(Durations.toString(vi1.getLastAdvertSentAgo())).isEqualTo("0.200s");
        assertThat(vi1.getStats().getAdverTx()).isEqualTo(61);
        assertThat(vi1.getStats().getAdverRx()).isEqualTo(12);
        assertThat(vi1.getStats().getTransitions()).isEqualTo(2);
        assertThat(vi1.getStats().getBecomeMaster()).isEqualTo(1);
        assertThat(vi1.getStats().getReleaseMaster()).isEqualTo(0);
        assertThat(vi1.getStats().getGarpTx()).isEqualTo(2);
        assertThat(vi1.getStats().getPriZeroTx()).isEqualTo(0);
        assertThat(vi1.getStats().getPriZeroRx()).isEqualTo(1);
        assertThat(vi1.getStats().getMasterAdverIntervalChanges()).isZero();
        assertThat(vi1.getStats().getLowerPriorityAnswersLimited()).isEqualTo(3);
        assertThat(vi1.getStats().getDiscardsMap())
                .containsOnly(
                        org.assertj.core.api.Assertions.entry("IP_TTL", 3L),
                        org.assertj.core.api.Assertions.entry("AUTH_FAILURE", 2L));

        Instance vi2 = s.getInstances(1);
        assertThat(vi2.getVersion()).isEqualTo(3);
        assertThat(vi2.getState()).isEqualTo(State.BACKUP);
        assertThat(vi2.hasOverridePriority()).isFalse();
        assertThat(Durations.toString(vi2.getMasterDownRemaining())).isEqualTo("2.100s");
        assertThat(vi2.hasLastAdvertSentAgo()).as("never sent one").isFalse();
        assertThat(vi2.getVips(0).getPresentInKernel()).isFalse();
    }

    @Test
    void statusSaysWhichMastersWereHeardAndWhetherThatIsASplitBrain() {
        Instance calm = stub.getStatus(GetStatusRequest.getDefaultInstance()).getInstances(0);
        assertThat(calm.getSplitBrain()).isFalse();
        assertThat(calm.getMastersHeardList()).isEmpty();

        target.splitBrain = true;
        Instance vi1 = stub.getStatus(GetStatusRequest.getDefaultInstance()).getInstances(0);

        assertThat(vi1.getName()).isEqualTo("VI_1");
        assertThat(vi1.getSplitBrain()).isTrue();
        assertThat(vi1.getMastersHeardList()).singleElement().satisfies(m -> {
            assertThat(m.getAddress()).isEqualTo("192.0.2.2");
            assertThat(m.getPriority()).isEqualTo(90);
            assertThat(Durations.toMillis(m.getLastSeenAgo())).isEqualTo(500);
        });
    }

    @Test
    void eachCommandCallsTheTargetAndReturnsItsSentence() {
        assertThat(stub.takeover(
                                TakeoverRequest.newBuilder().setInstance("VI_1").build())
                        .getMessage())
                .isEqualTo("VI_1: takeover done");
        stub.release(ReleaseRequest.newBuilder().setInstance("VI_2").build());
        stub.setPriority(SetPriorityRequest.newBuilder()
                .setInstance("VI_1")
                .setPriority(200)
                .build());
        stub.clearPriority(ClearPriorityRequest.newBuilder().setInstance("VI_1").build());
        stub.setMaintenance(SetMaintenanceRequest.newBuilder().setOn(true).build());

        assertThat(target.takeCalls())
                .containsExactly(
                        "takeover VI_1",
                        "release VI_2",
                        "setPriority VI_1 200",
                        "clearPriority VI_1",
                        "setMaintenance on");
    }

    @Test
    void anUnknownInstanceIsInvalidArgumentWithTheTargetsMessage() {
        assertThatThrownBy(() -> stub.takeover(
                        TakeoverRequest.newBuilder().setInstance("VI_9").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("unknown instance \"VI_9\"; instances: VI_1, VI_2");
                });
    }

    @Test
    void aPriorityOutOfRangeIsInvalidArgument() {
        assertThatThrownBy(() -> stub.setPriority(SetPriorityRequest.newBuilder()
                        .setInstance("VI_1")
                        .setPriority(255)
                        .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("priority 255 is out of range 1..254");
                });
    }

    @Test
    void aRefusalBecauseOfTheNodesStateIsFailedPrecondition() {
        target.failures.put(
                "takeover",
                new ControlException(
                        ControlException.Kind.FAILED_PRECONDITION,
                        "VI_1: this node owns the addresses (priority 255); it needs no takeover"));

        assertThatThrownBy(() -> stub.takeover(
                        TakeoverRequest.newBuilder().setInstance("VI_1").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("VI_1: this node owns the addresses (priority 255); it needs no takeover");
                });
    }

    @Test
    void reloadReturnsTheDiagnosticsOfABadFile() {
        target.reloadResult = new ControlTarget.ReloadResult(
                false,
                List.of("/etc/tandem/node1.conf:7:14: error: priority: expected an integer 1..255, got \"abc\""),
                "not reloaded: 1 error; still running the configuration loaded at 10:00:01");

        ReloadResponse r = stub.reload(ReloadRequest.getDefaultInstance());

        assertThat(r.getApplied()).isFalse();
        assertThat(r.getDiagnosticsList())
                .containsExactly(
                        "/etc/tandem/node1.conf:7:14: error: priority: expected an integer 1..255, got \"abc\"");
        assertThat(r.getSummary()).startsWith("not reloaded");
    }

    @Test
    void everyCommandIsAuditedWithTimePeerMethodArgumentsAndResult() throws IOException {
        stub.takeover(TakeoverRequest.newBuilder().setInstance("VI_1").build());
        assertThatThrownBy(() ->
                stub.release(ReleaseRequest.newBuilder().setInstance("VI_9").build()));
        stub.getStatus(GetStatusRequest.getDefaultInstance());

        List<String> lines = Files.readAllLines(auditFile);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .matches("audit: 2026-05-01T11:00:00Z peer=local uid=" + UID + " gid=[0-9]+ pid=" + PID + " role=ADMIN"
                        + " method=Takeover instance=VI_1 result=OK: VI_1: takeover done");
        assertThat(lines.get(1))
                .matches("audit: 2026-05-01T11:00:00Z peer=local uid=" + UID + " gid=[0-9]+ pid=" + PID + " role=ADMIN"
                        + " method=Release instance=VI_9 result=INVALID_ARGUMENT: unknown instance \"VI_9\";"
                        + " instances: VI_1, VI_2");
    }
}
