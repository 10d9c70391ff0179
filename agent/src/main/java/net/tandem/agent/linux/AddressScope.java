package net.tandem.agent.linux;

import java.util.Map;

/**
 * An address scope (ifa_scope, enum rt_scope_t in linux/rtnetlink.h), parsed
 * from keepalived's {@code scope} keyword: a name or a number 0..255.
 */
public record AddressScope(int value) {

    public static final AddressScope GLOBAL = new AddressScope(0);
    public static final AddressScope SITE = new AddressScope(200);
    public static final AddressScope LINK = new AddressScope(253);
    public static final AddressScope HOST = new AddressScope(254);
    public static final AddressScope NOWHERE = new AddressScope(255);

    private static final Map<String, AddressScope> NAMES =
            Map.of("global", GLOBAL, "universe", GLOBAL, "site", SITE, "link", LINK, "host", HOST, "nowhere", NOWHERE);

    public AddressScope {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("address scope must be 0..255, got " + value);
        }
    }

    /** "global", "site", "link", "host", "nowhere" or a number 0..255. */
    public static AddressScope parse(String text) {
        AddressScope named = NAMES.get(text.toLowerCase(java.util.Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            return new AddressScope(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "unknown address scope \"" + text + "\": use global, site, link, host, nowhere or 0..255");
        }
    }

    @Override
    public String toString() {
        return switch (value) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> Integer.toString(value);
        };
    }
}
