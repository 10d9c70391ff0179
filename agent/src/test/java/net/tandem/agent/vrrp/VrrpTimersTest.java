package net.tandem.agent.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VrrpTimersTest {
    @Test
    void skewTimeAndMasterDownIntervalFollowRfc5798InNanoseconds() {
        assertThat(VrrpTimers.skewTime(100, 1_000_000_000L)).isEqualTo(609_375_000L);
        assertThat(VrrpTimers.masterDownInterval(100, 1_000_000_000L)).isEqualTo(3_609_375_000L);
        assertThat(VrrpTimers.skewTime(255, 1_000_000_000L)).isEqualTo(3_906_250L);
    }

    @Test
    void atTenMillisecondsNeighbouringPrioritiesStillDiffer() {
        long p99 = VrrpTimers.masterDownInterval(99, 10_000_000L);
        long p98 = VrrpTimers.masterDownInterval(98, 10_000_000L);
        // 10 ms / 256 = 39 062.5 ns, which timers rounded to centiseconds would lose
        assertThat(p98 - p99).isBetween(39_062L, 39_063L);
    }
}
