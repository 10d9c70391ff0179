package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import net.tandem.agent.time.VirtualScheduler;
import net.tandem.agent.vrrp.InstanceNetwork;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.VrrpInstance;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/** keepalived's effective-priority and FAULT rules, as InstanceHealth applies them. */
class InstanceHealthTest {
    final VirtualScheduler clock = new VirtualScheduler();
    final List<Advert> sent = new ArrayList<>();

    InstanceHealth health(int base) throws Exception {
        Inet4Address me = (Inet4Address) InetAddress.getByName("192.0.2.1");
        InstanceSettings s = new InstanceSettings(
                "VI_1",
                VrrpVersion.V2,
                51,
                base,
                InstanceSettings.SECOND,
                true,
                0,
                AuthType.NONE,
                "",
                List.of((Inet4Address) InetAddress.getByName("192.0.2.8")),
                me,
                Set.of(),
                InstanceSettings.GarpSettings.KEEPALIVED_DEFAULTS,
                false);
        VrrpInstance i = new VrrpInstance(
                s,
                clock,
                new InstanceNetwork() {
                    public void sendAdvert(Advert advert) {
                        sent.add(advert);
                    }

                    public void addVirtualAddresses() {}

                    public void removeVirtualAddresses() {}

                    public void removeVirtualAddressesNotIn(InstanceNetwork successor) {}

                    public void sendGratuitousArps() {}
                },
                (inst, t) -> {});
        i.start();
        return new InstanceHealth(i);
    }

    @Test
    void aPositiveWeightCountsWhileTheCheckIsOk() throws Exception {
        InstanceHealth h = health(100);
        h.tracker(TrackerKey.script("chk"), true, 20, "chk ok");
        assertThat(h.effectivePriority()).isEqualTo(120);
        h.tracker(TrackerKey.script("chk"), false, 20, "chk failed");
        assertThat(h.effectivePriority()).isEqualTo(100);
        assertThat(h.instance().priority()).isEqualTo(100);
    }

    @Test
    void aNegativeWeightCountsWhileTheCheckFails() throws Exception {
        InstanceHealth h = health(100);
        h.tracker(TrackerKey.script("chk"), false, -30, "chk failed");
        assertThat(h.instance().priority()).isEqualTo(70);
        assertThat(h.instance().state()).isEqualTo(State.BACKUP);
    }

    @Test
    void theSumIsClampedTo1Through254() throws Exception {
        InstanceHealth h = health(250);
        h.tracker(TrackerKey.script("a"), true, 50, "a ok");
        assertThat(h.effectivePriority()).isEqualTo(254);
        h.tracker(TrackerKey.script("a"), false, -253, "a failed");
        h.tracker(TrackerKey.script("b"), false, -253, "b failed");
        assertThat(h.effectivePriority()).isEqualTo(1);
    }

    @Test
    void aFailedTrackerWithWeightZeroIsAFaultUntilItRecovers() throws Exception {
        InstanceHealth h = health(100);
        h.tracker(TrackerKey.script("chk"), false, 0, "chk_nginx failed (exit 1)");
        assertThat(h.instance().state()).isEqualTo(State.FAULT);
        assertThat(h.instance().lastReason()).isEqualTo("chk_nginx failed (exit 1)");
        h.tracker(TrackerKey.script("chk"), true, 0, "chk_nginx ok");
        assertThat(h.instance().state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aTrackedFileMultipliesItsValueByTheWeight() throws Exception {
        InstanceHealth h = health(100);
        h.trackFile("prio", 3, -10, "file prio reads 3");
        assertThat(h.effectivePriority()).isEqualTo(70);
        h.trackFile("prio", 2, 0, "file prio reads 2");
        assertThat(h.instance().state()).isEqualTo(State.FAULT);
    }

    @Test
    void anOverrideReplacesTheComputedPriorityUntilCleared() throws Exception {
        InstanceHealth h = health(100);
        h.tracker(TrackerKey.script("chk"), false, -30, "chk failed");
        h.override(OptionalInt.of(200), "takeover");
        assertThat(h.instance().priority()).isEqualTo(200);
        h.override(OptionalInt.empty(), "cleared");
        assertThat(h.instance().priority()).isEqualTo(70);
    }

    @Test
    void anAddressOwnerIsNotMovedByWeights() throws Exception {
        InstanceHealth h = health(255);
        h.tracker(TrackerKey.script("chk"), false, -30, "chk failed");
        assertThat(h.effectivePriority()).isEqualTo(255);
    }

    @Test
    void aMasterAdvertisesItsNewPriorityAtOnce() throws Exception {
        InstanceHealth h = health(100);
        clock.advanceNanos(4 * InstanceSettings.SECOND);
        assertThat(h.instance().state()).isEqualTo(State.MASTER);
        sent.clear();
        h.tracker(TrackerKey.script("chk"), false, -30, "chk failed");
        assertThat(sent).singleElement().extracting(Advert::priority).isEqualTo(70);
    }

    @Test
    void trackerChangesAreToldOnceEachNotOnEveryRepeatedResult() throws Exception {
        InstanceHealth h = health(100);
        List<String> told = new ArrayList<>();
        h.setTrackerListener(
                (i, t, reason) -> told.add(t.key().name() + (t.ok() ? " ok " : " failed ") + t.contribution()));
        h.tracker(TrackerKey.script("chk"), true, -30, "chk ok");
        h.tracker(TrackerKey.script("chk"), true, -30, "chk ok");
        h.tracker(TrackerKey.script("chk"), false, -30, "chk failed");
        h.tracker(TrackerKey.script("chk"), false, -30, "chk failed");
        assertThat(told).containsExactly("chk ok 0", "chk failed -30");
    }
}
