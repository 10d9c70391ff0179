package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vrrp_garp_interval: gratuitous ARPs on one interface at least the interval apart, on a fake clock. */
class GarpPacerTest {

    long now = 1_000_000_000L;
    final List<Long> sentAt = new ArrayList<>();
    final List<Duration> slept = new ArrayList<>();
    final GarpPacer pacer = new GarpPacer(() -> now, d -> {
        slept.add(d);
        now += d.toNanos();
    });

    void send() {
        pacer.send(() -> sentAt.add(now));
    }

    @Test
    void withoutAnIntervalArpsGoAtOnce() {
        send();
        send();
        send();
        assertThat(slept).isEmpty();
        assertThat(sentAt).containsOnly(now);
    }

    @Test
    void successiveArpsAreAtLeastTheIntervalApart() {
        pacer.setInterval(Duration.ofMillis(10));
        for (int i = 0; i < 4; i++) {
            send();
        }
        assertThat(sentAt).containsExactly(1_000_000_000L, 1_010_000_000L, 1_020_000_000L, 1_030_000_000L);
        assertThat(slept).containsOnly(Duration.ofMillis(10)).hasSize(3);
    }

    @Test
    void theFirstArpAndOneAfterAQuietSpellGoAtOnce() {
        pacer.setInterval(Duration.ofMillis(10));
        send();
        now += 4_000_000L; // 4 ms later: waits the 6 ms left
        send();
        assertThat(slept).containsExactly(Duration.ofMillis(6));
        now += 50_000_000L; // long after: no wait
        send();
        assertThat(slept).hasSize(1);
    }

    @Test
    void shorteningTheIntervalNeverMakesAnArpWaitLongerThanTheNewInterval() {
        pacer.setInterval(Duration.ofSeconds(1));
        send();
        pacer.setInterval(Duration.ofMillis(5));
        send();
        assertThat(slept).containsExactly(Duration.ofMillis(5));
    }

    @Test
    void aFailedSendStillCountsAsTheLastArp() {
        pacer.setInterval(Duration.ofMillis(10));
        try {
            pacer.send(() -> {
                throw new java.io.IOException("down");
            });
        } catch (java.io.IOException expected) {
            // as the data plane: logged, the next address goes on
        }
        send();
        assertThat(slept).containsExactly(Duration.ofMillis(10));
    }
}
