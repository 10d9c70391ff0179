package net.tandem.agent.config;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one line of {@code virtual_ipaddress}: {@code A.B.C.D[/prefix] [dev IF] [brd A.B.C.D] [label L] [scope S]},
 * in any order after the address, as keepalived does.
 */
final class VirtualAddressParser {

    /** rtnetlink's scope names (iproute2's rt_scopes). */
    private static final Map<String, Integer> SCOPES =
            Map.of("global", 0, "site", 200, "link", 253, "host", 254, "nowhere", 255);

    private VirtualAddressParser() {}

    /** @param block {@code virtual_ipaddress} or {@code virtual_ipaddress_excluded}, for messages */
    static Optional<VirtualAddress> parse(Statement line, String block, Diagnostics d) {
        Token first = line.words().getFirst();
        String text = first.text();
        String addressText = text;
        String prefixText = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            addressText = text.substring(0, slash);
            prefixText = text.substring(slash + 1);
        }
        Optional<InetAddress> address = IpAddresses.parse(addressText);
        if (address.isEmpty()) {
            d.error(first.pos(), block + ": expected an IPv4 or IPv6 address, got \"" + addressText + "\"");
            return Optional.empty();
        }
        int max = IpAddresses.maxPrefix(address.get());
        int prefix = max;
        if (prefixText != null) {
            if (!prefixText.matches("[0-9]{1,3}") || Integer.parseInt(prefixText) > max) {
                SourcePos at = new SourcePos(
                        first.pos().file(),
                        first.pos().line(),
                        first.pos().column() + slash + 1 + (first.quoted() ? 1 : 0));
                d.error(
                        at,
                        block + ": expected a prefix length 0.." + max + " after \"/\", got \"" + prefixText + "\"");
                return Optional.empty();
            }
            prefix = Integer.parseInt(prefixText);
        }
        Optional<String> dev = Optional.empty();
        Optional<InetAddress> brd = Optional.empty();
        Optional<String> label = Optional.empty();
        int scope = VirtualAddress.SCOPE_GLOBAL;
        boolean ok = true;
        var args = line.args();
        for (int i = 0; i < args.size(); i += 2) {
            Token option = args.get(i);
            Optional<Token> value = i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
            String name = option.text();
            if (!(name.equals("dev") || name.equals("brd") || name.equals("label") || name.equals("scope"))) {
                d.warning(
                        option.pos(),
                        block + ": unknown option \"" + name
                                + "\" (Tandem knows dev, brd, label, scope); rest of the line ignored");
                break;
            }
            if (value.isEmpty()) {
                d.error(line.endPos(), block + ": " + name + ": expected a value, got nothing");
                ok = false;
                break;
            }
            String v = value.get().text();
            switch (name) {
                case "dev" -> dev = Optional.of(v);
                case "label" -> label = Optional.of(v);
                case "brd" -> {
                    brd = IpAddresses.parse(v);
                    if (brd.isEmpty()) {
                        d.error(
                                value.get().pos(),
                                block + ": brd: expected an IPv4 or IPv6 address, got \"" + v + "\"");
                        ok = false;
                    }
                }
                case "scope" -> {
                    Integer s = SCOPES.get(v);
                    if (s == null && v.matches("[0-9]{1,3}") && Integer.parseInt(v) <= 255) {
                        s = Integer.parseInt(v);
                    }
                    if (s == null) {
                        d.error(
                                value.get().pos(),
                                block + ": scope: expected global, site, link, host, nowhere"
                                        + " or a number 0..255, got \"" + v + "\"");
                        ok = false;
                    } else {
                        scope = s;
                    }
                }
                default -> throw new AssertionError(name);
            }
        }
        if (line.block().isPresent()) {
            d.error(line.block().get().open(), block + ": unexpected \"{\" after an address (block skipped)");
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new VirtualAddress(address.get(), prefix, dev, brd, label, scope, first.pos()));
    }
}
