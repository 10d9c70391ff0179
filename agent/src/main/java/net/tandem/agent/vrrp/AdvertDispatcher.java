package net.tandem.agent.vrrp;

import static java.lang.System.Logger.Level.DEBUG;

import java.util.HashMap;
import java.util.Map;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;

/**
 * Hands each decoded advert to the instance with its VRID on the interface it arrived on
 * (RFC 5798 §7.1: "the VRID is configured on the receiving interface") and of its address family
 * (an IPv4 and an IPv6 virtual router may share a VRID, RFC 5798 §7.3), and counts, per
 * interface, what could not be handed to anyone: packets the codec refused and unknown VRIDs.
 * Runs on the event loop; a lookup allocates nothing.
 */
public final class AdvertDispatcher {
    private static final System.Logger LOG = System.getLogger(AdvertDispatcher.class.getName());

    private final Map<String, InterfaceTable> interfaces = new HashMap<>();

    private static final class InterfaceTable {
        final VrrpInstance[] byVrid = new VrrpInstance[256];
        final VrrpInstance[] byVrid6 = new VrrpInstance[256];
        final long[] discards = new long[DiscardReason.values().length];
    }

    public void register(String interfaceName, VrrpInstance instance) {
        InterfaceTable table = interfaces.computeIfAbsent(interfaceName, k -> new InterfaceTable());
        VrrpInstance[] byVrid = instance.settings().ipv6() ? table.byVrid6 : table.byVrid;
        int vrid = instance.settings().vrid();
        if (byVrid[vrid] != null && byVrid[vrid] != instance) {
            throw new IllegalStateException("VRID " + vrid + " on " + interfaceName + " is already "
                    + byVrid[vrid].name() + ", cannot add " + instance.name());
        }
        byVrid[vrid] = instance;
    }

    public void unregister(String interfaceName, VrrpInstance instance) {
        InterfaceTable table = interfaces.get(interfaceName);
        VrrpInstance[] byVrid = table == null ? null : instance.settings().ipv6() ? table.byVrid6 : table.byVrid;
        if (byVrid != null && byVrid[instance.settings().vrid()] == instance) {
            byVrid[instance.settings().vrid()] = null;
        }
    }

    /** An advert that arrived now. */
    public void dispatch(String interfaceName, ReceivedAdvert received) {
        VrrpInstance instance = instanceFor(interfaceName, received);
        if (instance != null) {
            instance.receive(received);
        }
    }

    /**
     * An advert that arrived at {@code receivedAt} (the scheduler's clock), a moment ago.
     *
     * @return whether a Backup followed it as its master's ({@link VrrpInstance#followed})
     */
    public boolean dispatch(String interfaceName, ReceivedAdvert received, long receivedAt) {
        VrrpInstance instance = instanceFor(interfaceName, received);
        return instance != null && instance.followed(received, receivedAt);
    }

    /** The instance the advert is for, or null (counted as VRID_UNKNOWN). */
    private VrrpInstance instanceFor(String interfaceName, ReceivedAdvert received) {
        InterfaceTable table = interfaces.get(interfaceName);
        VrrpInstance instance = table == null
                ? null
                : (received.source() instanceof java.net.Inet6Address ? table.byVrid6 : table.byVrid)
                        [received.advert().vrid()];
        if (instance == null) {
            // Another group's traffic on a shared LAN is normal: counted, logged only when debugging.
            count(interfaceName, DiscardReason.VRID_UNKNOWN);
            LOG.log(
                    DEBUG,
                    "{0}: advert for VRID {1} from {2}: no such instance here",
                    interfaceName,
                    received.advert().vrid(),
                    received.source().getHostAddress());
        }
        return instance;
    }

    /** A packet that arrived on the interface but that the codec refused. */
    public void count(String interfaceName, DiscardReason reason) {
        count(interfaceName, reason, 1);
    }

    /** {@code n} packets that arrived on the interface and were dropped before any instance saw them. */
    public void count(String interfaceName, DiscardReason reason, long n) {
        InterfaceTable table = interfaces.get(interfaceName);
        if (table != null) {
            table.discards[reason.ordinal()] += n;
        }
    }

    /** Packets discarded on this interface before they reached an instance, by reason. */
    public long discarded(String interfaceName, DiscardReason reason) {
        InterfaceTable table = interfaces.get(interfaceName);
        return table == null ? 0 : table.discards[reason.ordinal()];
    }
}
