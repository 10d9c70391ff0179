package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import net.tandem.agent.control.ControlException;
import net.tandem.agent.time.VirtualScheduler;
import net.tandem.agent.vrrp.InstanceNetwork;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.VrrpInstance;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/** Which priority a takeover advertises, and when it is refused, in virtual time. */
class TakeoverRulesTest {
    final VirtualScheduler clock = new VirtualScheduler();

    VrrpInstance backupAt(String ownAddress, int priority) throws Exception {
        InstanceSettings s = new InstanceSettings(
                "VI_1",
                VrrpVersion.V2,
                51,
                priority,
                InstanceSettings.SECOND,
                true,
                0,
                AuthType.NONE,
                "",
                List.of(ip("192.0.2.8")),
                ip(ownAddress),
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

    void hear(VrrpInstance i, String master, int priority) throws Exception {
        i.receive(new ReceivedAdvert(
                ip(master),
                ip("224.0.0.18"),
                255,
                new Advert(VrrpVersion.V2, 51, priority, 1, List.of(ip("192.0.2.8")), AuthType.NONE, "")));
    }

    @Test
    void aBackupOutranksTheMasterByOne() throws Exception {
        VrrpInstance i = backupAt("192.0.2.2", 99);
        hear(i, "192.0.2.1", 100);
        assertThat(TakeoverRules.targetPriority(i, false)).hasValue(101);
    }

    @Test
    void aBackupAlreadyAboveTheMasterKeepsItsOwnPriority() throws Exception {
        VrrpInstance i = backupAt("192.0.2.2", 150); // e.g. beside a nopreempt master at 100
        hear(i, "192.0.2.1", 100);
        assertThat(TakeoverRules.targetPriority(i, false)).hasValue(150);
    }

    @Test
    void aMasterAt254IsTiedAndTheHigherAddressWins() throws Exception {
        VrrpInstance higher = backupAt("192.0.2.3", 100);
        hear(higher, "192.0.2.1", 254);
        assertThat(TakeoverRules.targetPriority(higher, false)).hasValue(254);

        VrrpInstance lower = backupAt("192.0.2.1", 100);
        hear(lower, "192.0.2.3", 254);
        assertThatThrownBy(() -> TakeoverRules.targetPriority(lower, false))
                .hasMessage(
                        "the current master of VI_1, 192.0.2.3, advertises 254 from a higher address: it cannot be outranked");
    }

    @Test
    void anAddressOwningMasterCannotBeOutranked() throws Exception {
        VrrpInstance i = backupAt("192.0.2.2", 100);
        hear(i, "192.0.2.1", 255);
        assertThatThrownBy(() -> TakeoverRules.targetPriority(i, false))
                .isInstanceOfSatisfying(
                        ControlException.class,
                        e -> assertThat(e.kind()).isEqualTo(ControlException.Kind.FAILED_PRECONDITION))
                .hasMessageContaining("is the address owner (priority 255): it cannot be outranked");
    }

    @Test
    void beforeAnyMasterIsHeardThereIsNothingToTakeOver() throws Exception {
        VrrpInstance i = backupAt("192.0.2.2", 99);
        assertThatThrownBy(() -> TakeoverRules.targetPriority(i, false))
                .hasMessage("VI_1 has heard no master yet: there is nothing to take over from (the election ends within"
                        + " Master_Down_Interval, 3.61 s)");
    }

    @Test
    void maintenanceFaultAndOwnershipAreRefusedAndAMasterNeedsNothing() throws Exception {
        VrrpInstance i = backupAt("192.0.2.2", 99);
        hear(i, "192.0.2.1", 100);
        assertThatThrownBy(() -> TakeoverRules.targetPriority(i, true))
                .hasMessageStartingWith("this node is in maintenance");
        i.fault("eth0 is down");
        assertThatThrownBy(() -> TakeoverRules.targetPriority(i, false))
                .hasMessage("VI_1 is FAULT (eth0 is down): it cannot serve");
        assertThatThrownBy(() -> TakeoverRules.targetPriority(backupAt("192.0.2.2", 255), false))
                .hasMessageContaining("is the address owner (priority 255): it is Master whenever it runs");

        VrrpInstance alone = backupAt("192.0.2.2", 99);
        clock.advanceNanos(4 * InstanceSettings.SECOND);
        assertThat(TakeoverRules.targetPriority(alone, false)).isEmpty();
    }

    static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }
}
