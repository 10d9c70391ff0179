package net.tandem.agent.config;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One line of {@code virtual_ipaddress} / {@code virtual_ipaddress_excluded}:
 * {@code A.B.C.D[/prefix] [dev IF] [brd A.B.C.D] [label L] [scope S]}.
 *
 * @param prefixLength /32 (IPv4) or /128 (IPv6) when not written, as keepalived
 * @param device       empty means the instance's interface
 * @param scope        rtnetlink scope number: 0 global (the default), 200 site, 253 link, 254 host
 * @param pos          where the address was written
 */
public record VirtualAddress(
        InetAddress address,
        int prefixLength,
        Optional<String> device,
        Optional<InetAddress> broadcast,
        Optional<String> label,
        int scope,
        SourcePos pos) {

    public static final int SCOPE_GLOBAL = 0;

    /** {@code address/prefix}, as {@code ip addr} shows it. */
    @Override
    public String toString() {
        return IpAddresses.show(address) + "/" + prefixLength;
    }
}
