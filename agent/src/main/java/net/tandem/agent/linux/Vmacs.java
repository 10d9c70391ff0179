package net.tandem.agent.linux;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.Inet6Address;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.tandem.agent.config.IpAddresses;
import net.tandem.agent.config.VmacConfig;
import net.tandem.agent.node.DataPlaneException;

/**
 * The VMAC interfaces of one agent run ({@code use_vmac}), made the way keepalived makes them (vrrp_vmac.c,
 * vrrp_if_config.c): a private-mode macvlan on the instance's interface with the virtual router MAC, in the
 * interface's group (for firewall rules by group), no IPv6 address generated from its MAC (addr_gen_mode none: RFC
 * 5798 §7.4), up from the start (a backup's VMAC is up and holds no VIP), and these sysctls:
 *
 * <ul>
 *   <li>on the VMAC: arp_ignore=1 (answer ARP only for its own addresses, the VIPs), accept_local=1,
 *       rp_filter=0 (it receives for addresses whose routes may point at the base interface),
 *       promote_secondaries=1, and for an IPv4 instance disable_ipv6=1; for an IPv6 instance arp_ignore=1 and
 *       disable_ipv6=0 only (keepalived's vmac_sysctl_6), and, unless vmac_xmit_base, the link-local address the
 *       adverts go out from ({@link VmacLinkLocal}), added /64 with IFA_F_NODAD as keepalived adds it;
 *   <li>on the base interface, for an IPv4 instance only (as keepalived): arp_ignore=1 and arp_filter=1, so that
 *       it never answers ARP for a VIP with its own MAC; and, unlike keepalived, arp_announce=2: a reply from a VIP that the kernel routes out of the base
 *       interface (its connected route comes first) would otherwise ask for the client's MAC with the VIP as sender
 *       and the base's MAC, and the client would take that MAC for the VIP (keepalived's documentation asks the
 *       operator to tune arp_announce). The values found are put back when its last VMAC goes.
 * </ul>
 *
 * <p>Deleted at {@link #close}. A VMAC left by a run that died is recognised by name, kind macvlan, parent and
 * MAC, and only then deleted; an interface of the name that is anything else stops the instance from starting.
 * Calls come from the thread that prepares instances and from close, one at a time.
 */
final class Vmacs {
    private static final System.Logger LOG = System.getLogger(Vmacs.class.getName());

    private final VmacNetlink netlink;
    private final Rtnetlink rtnetlink;
    /** The VMACs this run made, by name: their index and base. */
    private final Map<String, Made> made = new LinkedHashMap<>();
    /** The base interfaces' arp_ignore/arp_filter as found, to put back. */
    private final Map<String, int[]> baseSysctls = new HashMap<>();

    private record Made(Link link, Link base) {}

    Vmacs(Rtnetlink rtnetlink) {
        this.netlink = new VmacNetlink(rtnetlink);
        this.rtnetlink = rtnetlink;
    }

    /**
     * The instance's VMAC, up: the one this run made, else made now (after deleting a leftover of ours).
     *
     * @param family the instance's address family, Libc.AF_INET or Ipv6.AF_INET6
     * @param linkLocal for an IPv6 instance that sends from the VMAC: its link-local address (null otherwise)
     */
    synchronized Link ensure(String instance, VmacConfig v, int family, int vrid, Link base, Inet6Address linkLocal)
            throws DataPlaneException, IOException {
        String name = v.interfaceName();
        MacAddress mac = VirtualRouterMac.of(family, vrid);
        Made known = made.get(name);
        if (known != null) {
            if (known.base().index() != base.index() || !mac.equals(known.link().mac())) {
                throw new DataPlaneException(instance + ": VMAC interface " + name
                        + " is already used by another instance (on "
                        + known.base().name() + ", MAC "
                        + known.link().mac() + "); give each instance its own name with use_vmac NAME");
            }
            // As the kernel has it now (up or not): a reload's instance starts from it.
            Link now = netlink.find(name).map(VmacLink::link).orElse(known.link());
            if (linkLocal != null) {
                addLinkLocal(now, linkLocal);
            }
            return now;
        }
        Optional<VmacLink> present = netlink.find(name);
        if (present.isPresent()) {
            VmacLink p = present.get();
            if (!p.isOurs(base.index(), mac)) {
                throw new DataPlaneException(instance + ": interface " + name + " exists and is not a VMAC of this"
                        + " instance (" + p + ", expected a macvlan on " + base.name() + " with MAC " + mac
                        + "); Tandem does not touch it: remove it or name the VMAC otherwise with use_vmac NAME");
            }
            netlink.delete(p.link().index(), name);
            LOG.log(
                    WARNING,
                    "{0}: removed VMAC interface {1} on {2}: left behind by an earlier run (crash?); made anew",
                    instance,
                    name,
                    base.name());
        }
        int group = netlink.find(base.name()).map(VmacLink::group).orElse(0);
        netlink.create(name, base.index(), mac, group);
        Link link = netlink.find(name)
                .map(VmacLink::link)
                .orElseThrow(() -> new IOException("VMAC interface " + name + " vanished just after it was made"));
        made.put(name, new Made(link, base));
        try {
            configure(instance, link, family, base);
            link = awaitRunning(name, link);
            if (linkLocal != null) {
                addLinkLocal(link, linkLocal);
            }
        } catch (IOException | RuntimeException e) {
            delete(name);
            throw e;
        }
        made.put(name, new Made(link, base));
        LOG.log(
                INFO,
                "{0}: made VMAC interface {1} on {2} with MAC {3}{4}",
                instance,
                name,
                base.name(),
                mac,
                linkLocal == null ? "" : " and link-local address " + IpAddresses.show(linkLocal));
        return link;
    }

    /**
     * The link once the kernel reports it running, which follows the set-up by a moment (the link watch): so that
     * an instance does not start in FAULT for that moment. At most a second; after it, the link as it is (an
     * instance whose base is down starts in FAULT, as it should).
     */
    private Link awaitRunning(String name, Link link) throws IOException {
        Link now = link;
        for (int k = 0; k < 50 && !now.isUp(); k++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = netlink.find(name).map(VmacLink::link).orElse(now);
        }
        return now;
    }

    /**
     * The VMAC's link-local address, /64 as keepalived adds it, with IFA_F_NODAD: it is (by default) the base
     * interface's own address, which DAD would find in use; and every router of the VRID holds it on its VMAC, whose
     * MAC they share. Present already (a reload) is fine. (Logged with the VMAC it comes with.)
     */
    private void addLinkLocal(Link vmac, Inet6Address address) throws IOException {
        rtnetlink.addAddress6(vmac.index(), address, VmacLinkLocal.PREFIX, AddressScope.LINK);
    }

    private void configure(String instance, Link vmac, int family, Link base) throws IOException {
        String name = vmac.name();
        InterfaceSysctls.write("ipv4", name, "arp_ignore", 1);
        if (family == Ipv6.AF_INET6) {
            // keepalived's link_set_ipv6(ifp, true): the VMAC may have inherited disable_ipv6=1 from "default".
            if (!InterfaceSysctls.write("ipv6", name, "disable_ipv6", 0)) {
                throw new IOException("cannot enable IPv6 on " + name + ": /proc/sys/net/ipv6 is not there (IPv6 off"
                        + " in this kernel?)");
            }
        }
        if (family == Libc.AF_INET) {
            InterfaceSysctls.write("ipv4", name, "accept_local", 1);
            InterfaceSysctls.write("ipv4", name, "rp_filter", 0);
            InterfaceSysctls.write("ipv4", name, "promote_secondaries", 1);
            // No IPv6 on an IPv4 instance's VMAC (keepalived: unless it has IPv6 excluded addresses, which
            // Tandem does not hold).
            InterfaceSysctls.write("ipv6", name, "disable_ipv6", 1);
            OptionalInt all = InterfaceSysctls.read("ipv4", "all", "rp_filter");
            if (all.isPresent() && all.getAsInt() == 1) {
                LOG.log(
                        WARNING,
                        "{0}: net.ipv4.conf.all.rp_filter is 1 (strict), which overrides rp_filter=0 on {1}: packets"
                                + " to the VIPs may be dropped; set it to 0 or 2 (keepalived lowers it itself,"
                                + " Tandem does not change a system-wide setting)",
                        instance,
                        name);
            }
            protectBase(base);
        }
        try {
            netlink.noAddressGeneration(vmac.index(), name);
        } catch (NativeException e) {
            // Without IPv6 in the kernel there is no link-local address to prevent.
            LOG.log(INFO, "{0}: {1}: IPv6 address generation not turned off: {2}", instance, name, e.getMessage());
        }
        netlink.setUp(vmac.index(), name);
    }

    private void protectBase(Link base) throws IOException {
        if (baseSysctls.containsKey(base.name())) {
            return;
        }
        OptionalInt ignore = InterfaceSysctls.read("ipv4", base.name(), "arp_ignore");
        OptionalInt filter = InterfaceSysctls.read("ipv4", base.name(), "arp_filter");
        OptionalInt announce = InterfaceSysctls.read("ipv4", base.name(), "arp_announce");
        baseSysctls.put(base.name(), new int[] {ignore.orElse(-1), filter.orElse(-1), announce.orElse(-1)});
        InterfaceSysctls.write("ipv4", base.name(), "arp_ignore", 1);
        InterfaceSysctls.write("ipv4", base.name(), "arp_filter", 1);
        InterfaceSysctls.write("ipv4", base.name(), "arp_announce", 2);
    }

    /**
     * At start, for an instance without use_vmac: a VMAC of its VRID under keepalived's default name on its
     * interface is a leftover of an earlier configuration (or of keepalived) and goes; anything else stays.
     */
    synchronized void removeLeftover(String instance, int family, int vrid, Link base) throws IOException {
        String name = VmacConfig.defaultName(vrid);
        if (made.containsKey(name)) {
            return;
        }
        Optional<VmacLink> present = netlink.find(name);
        if (present.isPresent() && present.get().isOurs(base.index(), VirtualRouterMac.of(family, vrid))) {
            netlink.delete(present.get().link().index(), name);
            LOG.log(
                    WARNING,
                    "{0}: removed VMAC interface {1} on {2}: left behind by an earlier run (crash?), and this"
                            + " instance has no use_vmac",
                    instance,
                    name,
                    base.name());
        }
    }

    /** The names this run made. */
    synchronized java.util.Set<String> names() {
        return java.util.Set.copyOf(made.keySet());
    }

    /** Deletes the VMAC {@code name} this run made (a reload removed its instance). */
    synchronized void remove(String name) {
        delete(name);
    }

    private void delete(String name) {
        Made m = made.remove(name);
        if (m == null) {
            return;
        }
        try {
            // By index, and only after checking it is still ours: a name may have been reused meanwhile.
            Optional<VmacLink> now = netlink.find(name);
            if (now.isPresent()
                    && now.get().link().index() == m.link().index()
                    && now.get().isOurs(m.base().index(), m.link().mac())) {
                netlink.delete(m.link().index(), name);
                LOG.log(INFO, "agent: removed VMAC interface {0}", name);
            }
        } catch (IOException e) {
            LOG.log(WARNING, "agent: cannot remove VMAC interface {0}: {1}", name, e.getMessage());
        }
        String base = m.base().name();
        if (made.values().stream().noneMatch(o -> o.base().name().equals(base))) {
            restoreBase(base);
        }
    }

    private void restoreBase(String base) {
        int[] found = baseSysctls.remove(base);
        if (found == null) {
            return;
        }
        try {
            if (found[0] >= 0) {
                InterfaceSysctls.write("ipv4", base, "arp_ignore", found[0]);
            }
            if (found[1] >= 0) {
                InterfaceSysctls.write("ipv4", base, "arp_filter", found[1]);
            }
            if (found[2] >= 0) {
                InterfaceSysctls.write("ipv4", base, "arp_announce", found[2]);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    WARNING,
                    "agent: cannot put back arp_ignore/arp_filter/arp_announce on {0}: {1}",
                    base,
                    e.getMessage());
        }
    }

    /** Deletes every VMAC this run made (their addresses go with them) and puts back the base sysctls. */
    synchronized void close() {
        for (String name : java.util.List.copyOf(made.keySet())) {
            delete(name);
        }
    }
}
