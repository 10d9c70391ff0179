package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.linux.IgnoredSignals;
import net.tandem.agent.linux.RealtimeSignals;
import org.junit.jupiter.api.Test;

/**
 * An agent started under nohup inherits SIGHUP ignored; the JVM then refuses to handle it, and every
 * reload by SIGHUP was silently lost (found by bin/chaos). keepalived handles it whatever it inherited.
 */
class IgnoredSighupTest {

    @Test
    void aSighupIgnoredAtStartStillReloads() throws Exception {
        RealtimeSignals.ignore(SignalFunction.RELOAD.number()); // as nohup leaves it (any signal number works)
        assertThat(IgnoredSignals.isIgnored(SignalFunction.RELOAD.number())).isTrue();
        CompletableFuture<SignalFunction> heard = new CompletableFuture<>();

        Signals.on(SignalFunction.RELOAD, heard::complete);
        Process kill = new ProcessBuilder(
                        "kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).isZero();

        assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo(SignalFunction.RELOAD);
        assertThat(IgnoredSignals.isIgnored(SignalFunction.RELOAD.number())).isFalse();
    }
}
