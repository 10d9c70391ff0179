package net.tandem.agent.it;

import java.time.Duration;

/** The one place the integration tests wait without a condition: to show that something does NOT happen. */
final class LabWait {
    private LabWait() {}

    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
