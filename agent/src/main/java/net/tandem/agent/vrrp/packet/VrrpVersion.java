package net.tandem.agent.vrrp.packet;

/** The two versions of the protocol Tandem speaks: RFC 3768 (v2) and RFC 5798/9568 (v3), IPv4 only. */
public enum VrrpVersion {
    V2(2),
    V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    /** The value of the Version field in the header. */
    public int number() {
        return number;
    }
}
