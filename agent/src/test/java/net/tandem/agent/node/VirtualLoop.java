package net.tandem.agent.node;

import net.tandem.agent.time.Timer;
import net.tandem.agent.time.VirtualScheduler;

/**
 * A node's event loop in virtual time: the test's thread is the loop, so work handed over runs
 * at once and {@link NodeLoop#call} answers without waiting.
 */
final class VirtualLoop implements NodeLoop {
    private final VirtualScheduler clock;

    VirtualLoop(VirtualScheduler clock) {
        this.clock = clock;
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public Timer newTimer(String name, Runnable action) {
        return clock.newTimer(name, action);
    }
}
