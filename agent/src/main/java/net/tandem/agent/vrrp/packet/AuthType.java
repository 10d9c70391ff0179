package net.tandem.agent.vrrp.packet;

/** The Auth Type field of a VRRPv2 advert (RFC 3768 §5.3.6; RFC 2338 for PASS and AH). v3 has none. */
public enum AuthType {
    NONE(0),
    /** Simple text password, 8 bytes, zero padded: keepalived's {@code auth_type PASS}. */
    PASS(1),
    /** IP Authentication Header: deprecated by RFC 3768, recognised so that it can be refused by name. */
    AH(2);

    private final int code;

    AuthType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
