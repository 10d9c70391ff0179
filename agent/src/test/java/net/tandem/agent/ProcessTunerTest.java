package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import net.tandem.agent.config.ProcessTuning;
import org.junit.jupiter.api.Test;

/** Which threads get real-time scheduling, and that nothing set means nothing done. */
class ProcessTunerTest {

    @Test
    void realTimeGoesOnlyToTheThreadsOnAnAdvertsPath() {
        assertThat(ProcessTuner.onAdvertPath("tandem-vrrp")).isTrue();
        assertThat(ProcessTuner.onAdvertPath("tandem-rx-eth0")).isTrue();
        assertThat(ProcessTuner.onAdvertPath("tandem-dataplan")).isTrue(); // "tandem-dataplane", cut to 15
        assertThat(ProcessTuner.onAdvertPath("C1 CompilerThre")).isFalse();
        assertThat(ProcessTuner.onAdvertPath("tandem-grpc-acc")).isFalse();
        assertThat(ProcessTuner.onAdvertPath("VM Thread")).isTrue(); // safepoints wait for it
        assertThat(ProcessTuner.onAdvertPath("VM Periodic Tas")).isFalse();
    }

    @Test
    void nothingSetIsNothingDone() {
        assertThat(ProcessTuner.apply(ProcessTuning.none())).isEmpty();
    }

    @Test
    void aNiceValueTheKernelAcceptsLeavesNoProblem() {
        // Affinity to every CPU this JVM may use changes nothing, and needs no privilege.
        List<Integer> all = java.util.stream.IntStream.range(
                        0, Runtime.getRuntime().availableProcessors())
                .boxed()
                .toList();
        assertThat(ProcessTuner.apply(new ProcessTuning(OptionalInt.empty(), OptionalInt.empty(), false, all)))
                .isEmpty();
    }
}
