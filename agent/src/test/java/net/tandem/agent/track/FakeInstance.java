package net.tandem.agent.track;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import net.tandem.agent.time.VirtualScheduler;
import net.tandem.agent.vrrp.InstanceNetwork;
import net.tandem.agent.vrrp.InstanceObserver;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.VrrpInstance;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/** A real, unstarted instance with a name and priority, for tests that only read them. */
final class FakeInstance {
    private FakeInstance() {}

    static VrrpInstance of(String name, int priority) {
        return new VrrpInstance(settings(name, priority), new VirtualScheduler(), NO_NETWORK, InstanceObserver.NONE);
    }

    static InstanceSettings settings(String name, int priority) {
        return new InstanceSettings(
                name,
                VrrpVersion.V2,
                51,
                priority,
                InstanceSettings.SECOND,
                true,
                0,
                AuthType.NONE,
                "",
                List.of(ip("192.0.2.8")),
                ip("192.0.2.1"),
                Set.of(),
                InstanceSettings.GarpSettings.KEEPALIVED_DEFAULTS,
                false);
    }

    static final InstanceNetwork NO_NETWORK = new InstanceNetwork() {
        public void sendAdvert(Advert advert) {}

        public void addVirtualAddresses() {}

        public void removeVirtualAddresses() {}

        public void removeVirtualAddressesNotIn(InstanceNetwork successor) {}

        public void sendGratuitousArps() {}
    };

    static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
