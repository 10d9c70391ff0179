package net.tandem.agent.linux;

import java.util.Arrays;
import java.util.HexFormat;

/** A link-layer address, shown as "02:00:5e:00:01:33". Immutable. */
public final class MacAddress {

    private static final HexFormat FORMAT = HexFormat.ofDelimiter(":");
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        return new MacAddress(bytes.clone());
    }

    /** Parses "aa:bb:cc:dd:ee:ff". */
    public static MacAddress parse(String text) {
        return new MacAddress(FORMAT.parseHex(text));
    }

    /** A copy of the bytes (6 for Ethernet). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return FORMAT.formatHex(bytes);
    }
}
