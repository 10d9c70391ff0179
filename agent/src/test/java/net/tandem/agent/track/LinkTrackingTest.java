package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * An instance's own interface and a {@code track_interface} naming the same link are two
 * reasons, not one: what the tracker does (count a weight, be removed on reload) never clears
 * the FAULT of the instance's own interface being down.
 */
class LinkTrackingTest {
    final InstanceHealth health = new InstanceHealth(FakeInstance.of("VI_1", 100));
    final LinkTracking links = new LinkTracking();

    @Test
    void aWeightedTrackInterfaceOnTheOwnInterfaceCountsAndTheFaultStays() {
        links.watchOwn(health, "eth0", true);
        links.watchTracked(health, "eth0", -10, true);
        links.onLink("eth0", false);
        assertThat(health.faulted()).isTrue();
        assertThat(health.faultReasons()).isEqualTo("eth0 is down");
        assertThat(health.computedPriority()).isEqualTo(90);
        links.onLink("eth0", true);
        assertThat(health.faulted()).isFalse();
        assertThat(health.computedPriority()).isEqualTo(100);
    }

    @Test
    void removingTheTrackInterfaceLeavesTheOwnInterfaceFault() {
        links.watchOwn(health, "eth0", true);
        links.watchTracked(health, "eth0", 0, true);
        links.onLink("eth0", false);
        assertThat(health.faultReasons()).isEqualTo("eth0 is down; tracked eth0 is down");
        // A reload drops the track_interface while eth0 is still down.
        links.unwatchTracked(health);
        health.removeTracker(TrackerKey.trackedInterface("eth0"), "interface eth0 no longer tracked (reload)");
        assertThat(health.faulted()).isTrue();
        assertThat(health.faultReasons()).isEqualTo("eth0 is down");
    }

    @Test
    void aScriptAndAFileOfTheSameNameAreDifferentTrackers() {
        health.tracker(TrackerKey.script("prio"), false, 0, "prio failed");
        health.trackFile("prio", 0, 0, "prio reads 0");
        assertThat(health.faulted()).isTrue();
        assertThat(health.trackers()).hasSize(2);
    }
}
