package net.tandem.agent.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code use_vmac} and {@code vmac_xmit_base} lines of a {@code vrrp_instance}, read as keepalived reads them
 * (vrrp_parser.c), and what Tandem does not take of them: a MAC address of one's own, {@code netlink_notify_msg} and
 * {@code group} are refused with an error, not dropped, since each would change what the network sees.
 */
final class VmacKeywords {

    private VmacKeywords() {}

    /** What was written in one instance. */
    static final class Draft {
        SourcePos useVmacPos;
        Optional<String> name = Optional.empty();
        SourcePos xmitBasePos;
    }

    /** {@code use_vmac [[name] NAME]}. */
    static void useVmac(Statement st, Draft v, Diagnostics d) {
        if (v.useVmacPos != null) {
            d.warning(st.pos(), "use_vmac: written twice; the last one counts");
        }
        v.useVmacPos = st.pos();
        List<Token> args = st.args();
        for (int k = 0; k < args.size(); k++) {
            Token t = args.get(k);
            String text = t.text();
            if (text.contains(":")) {
                // keepalived: "It's a MAC address - interface names cannot include a ':'"
                d.error(
                        t.pos(),
                        "use_vmac: a MAC address of its own (" + text + ") is not supported: Tandem uses the"
                                + " virtual router MAC 00:00:5e:00:01:VRID, 00:00:5e:00:02:VRID for IPv6 (RFC 5798); remove it");
                continue;
            }
            if (text.equals("netlink_notify_msg") || text.equals("group")) {
                d.error(t.pos(), "use_vmac: \"" + text + "\" is not supported; remove it");
                if (text.equals("group")) {
                    k++; // its value
                }
                continue;
            }
            if (text.equals("name")) {
                if (k + 1 >= args.size()) {
                    d.error(t.pos(), "use_vmac: \"name\" needs an interface name after it");
                    continue;
                }
                t = args.get(++k);
                text = t.text();
            }
            if (v.name.isPresent()) {
                d.error(t.pos(), "use_vmac: the VMAC interface name is already given (" + v.name.get() + ")");
                continue;
            }
            Optional<String> bad = VmacConfig.nameProblem(text);
            if (bad.isPresent()) {
                d.error(t.pos(), "use_vmac: " + bad.get());
                continue;
            }
            v.name = Optional.of(text);
        }
    }

    /** {@code vmac_xmit_base}. */
    static void xmitBase(Statement st, Draft v, Diagnostics d) {
        v.xmitBasePos = st.pos();
        Args.noMore(st, 0, d);
    }

    /**
     * The instance's VMAC, or empty without {@code use_vmac}. As keepalived: {@code vmac_xmit_base} without
     * {@code use_vmac} is ignored with a warning, and unicast peers make it {@code vmac_xmit_base} (unicast adverts
     * go out of the base interface). An IPv6 instance's VMAC is the same but for its MAC, 00:00:5e:00:02:VRID, which
     * the data plane derives from the family.
     */
    static Optional<VmacConfig> build(String where, Draft v, int virtualRouterId, boolean unicast, Diagnostics d) {
        if (v.useVmacPos == null) {
            if (v.xmitBasePos != null) {
                d.warning(v.xmitBasePos, where + ": vmac_xmit_base without use_vmac is ignored");
            }
            return Optional.empty();
        }
        boolean xmitBase = v.xmitBasePos != null;
        if (unicast && !xmitBase) {
            d.warning(
                    v.useVmacPos, where + ": unicast_peer with use_vmac needs vmac_xmit_base; set, as keepalived does");
            xmitBase = true;
        }
        String name = v.name.orElse(VmacConfig.defaultName(virtualRouterId));
        return Optional.of(new VmacConfig(name, xmitBase));
    }
}
