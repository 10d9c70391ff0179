package net.tandem.agent.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.tandem.agent.time.VirtualScheduler;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/**
 * A backup's master-down timer runs from the advert's arrival, not from when the event loop got to it: the
 * receive thread's wake-up and the hand-over to the loop must not lengthen a failover (keepalived re-arms in the
 * thread that received). In virtual time, with a hand-over of 5 ms.
 */
class MasterDownFromArrivalTest {
    static final long HAND_OVER = Duration.ofMillis(5).toNanos();
    static final long TEN_MS = Duration.ofMillis(10).toNanos();

    final VirtualScheduler clock = new VirtualScheduler();
    final VrrpInstance backup = backup();

    @Test
    void theDeadlineIsTheArrivalPlusMasterDownInterval() throws Exception {
        clock.advance(Duration.ofMillis(7));
        long arrival = clock.nanoTime();
        clock.advanceNanos(HAND_OVER);
        backup.receive(advert(100), arrival);

        long deadline = arrival + backup.masterDownInterval();
        clock.advanceTo(deadline - 1);
        assertThat(backup.state()).isEqualTo(State.BACKUP);
        clock.advanceTo(deadline);
        assertThat(backup.state()).isEqualTo(State.MASTER);
    }

    @Test
    void afterAPriorityZeroAdvertTheDeadlineIsTheArrivalPlusSkewTime() throws Exception {
        clock.advance(Duration.ofMillis(7));
        backup.receive(advert(100), clock.nanoTime());
        long arrival = clock.nanoTime() + TEN_MS;
        clock.advanceTo(arrival + HAND_OVER);
        backup.receive(advert(0), arrival);

        long deadline = arrival + backup.skewTime();
        clock.advanceTo(deadline - 1);
        assertThat(backup.state()).isEqualTo(State.BACKUP);
        clock.advanceTo(deadline);
        assertThat(backup.state()).isEqualTo(State.MASTER);
    }

    @Test
    void anAdvertWithoutATimeArrivedNow() throws Exception {
        clock.advance(Duration.ofMillis(7));
        long now = clock.nanoTime();
        backup.receive(advert(100));

        clock.advanceTo(now + backup.masterDownInterval() - 1);
        assertThat(backup.state()).isEqualTo(State.BACKUP);
        clock.advanceNanos(1);
        assertThat(backup.state()).isEqualTo(State.MASTER);
    }

    @Test
    void anArrivalTimeFromTheFutureCountsAsNow() throws Exception {
        clock.advance(Duration.ofMillis(7));
        long now = clock.nanoTime();
        backup.receive(advert(100), now + HAND_OVER); // a clock mix-up must not stretch the wait

        clock.advanceTo(now + backup.masterDownInterval());
        assertThat(backup.state()).isEqualTo(State.MASTER);
    }

    @Test
    void followedSaysWhetherAnotherAdvertLikeItWouldOnlyReArmTheTimer() throws Exception {
        assertThat(backup.followed(advert(100), clock.nanoTime())).isTrue(); // the master's, accepted
        assertThat(backup.followed(advert(0), clock.nanoTime())).isFalse(); // leaving: Skew_Time
        assertThat(backup.followed(advert(98), clock.nanoTime())).isFalse(); // below ours, we preempt: discarded
        clock.advance(Duration.ofMillis(100)); // no master: this backup takes over
        assertThat(backup.state()).isEqualTo(State.MASTER);
        assertThat(backup.followed(advert(100), clock.nanoTime())).isFalse(); // a Master steps down: not routine
    }

    private VrrpInstance backup() {
        InstanceSettings s = new InstanceSettings(
                "VI_1",
                VrrpVersion.V3,
                51,
                99,
                TEN_MS,
                true,
                0,
                AuthType.NONE,
                "",
                List.of(ip("192.0.2.8")),
                ip("192.0.2.2"),
                Set.of(),
                InstanceSettings.GarpSettings.KEEPALIVED_DEFAULTS,
                false);
        VrrpInstance i = new VrrpInstance(
                s,
                clock,
                new InstanceNetwork() {
                    public void sendAdvert(Advert advert) {}

                    public void addVirtualAddresses() {}

                    public void removeVirtualAddresses() {}

                    public void removeVirtualAddressesNotIn(InstanceNetwork successor) {}

                    public void sendGratuitousArps() {}
                },
                (inst, t) -> {});
        i.start();
        return i;
    }

    private static ReceivedAdvert advert(int priority) {
        return new ReceivedAdvert(
                ip("192.0.2.1"),
                ip("224.0.0.18"),
                255,
                new Advert(VrrpVersion.V3, 51, priority, 1, List.of(ip("192.0.2.8")), AuthType.NONE, ""));
    }

    private static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
