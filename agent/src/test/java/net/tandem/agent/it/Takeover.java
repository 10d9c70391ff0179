package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * How long a takeover took, measured from its cause (a kill, a SIGTERM, a link going down), twice:
 * {@code protocol} to the new master's own log line for the transition (millisecond timestamps,
 * no polling in it), which the RFC's bound applies to; {@code kernel} to the VIP being seen on the
 * new master's interface by polling {@code ip} every 20 ms, which adds the address change and the
 * polling, so it gets {@link #KERNEL_SLACK} more on a busy two-core machine.
 */
record Takeover(Duration protocol, Duration kernel) {
    static final Duration KERNEL_SLACK = Duration.ofMillis(400);

    static Takeover of(
            Lab lab, Runnable cause, AgentProcess winner, Pattern transition, Node node, String vip, Duration bound) {
        int mark = winner.mark();
        Instant causedAt = Instant.now();
        long causedNanos = System.nanoTime();
        cause.run();
        lab.awaitVip(node, vip, bound.plus(KERNEL_SLACK).plusSeconds(2));
        Duration kernel = Duration.ofNanos(System.nanoTime() - causedNanos);
        Instant logged = winner.awaitLogTime(mark, transition, Duration.ofSeconds(1));
        Takeover t = new Takeover(Duration.between(causedAt, logged), kernel);
        assertThat(t.protocol())
                .as("from the cause to the transition in the new master's log")
                .isLessThanOrEqualTo(bound);
        assertThat(t.kernel())
                .as("from the cause to " + vip + " on " + node)
                .isLessThanOrEqualTo(bound.plus(KERNEL_SLACK));
        return t;
    }

    @Override
    public String toString() {
        return protocol.toMillis() + " ms (transition logged), " + kernel.toMillis() + " ms (VIP in the kernel)";
    }
}
