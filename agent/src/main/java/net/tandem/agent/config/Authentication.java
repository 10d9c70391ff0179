package net.tandem.agent.config;

import net.tandem.agent.vrrp.packet.AuthType;

/**
 * An instance's {@code authentication} block (VRRPv2 only). {@code password} is already cut to the 8 bytes that fit
 * in the advert, as keepalived does.
 */
public record Authentication(AuthType type, String password) {

    /** The Authentication Data field of a v2 advert holds 8 bytes (RFC 2338 §5.3.10). */
    public static final int MAX_PASSWORD_LENGTH = 8;

    /** Why {@code auth_type AH} is refused, and what to write instead. */
    public static final String AH_REFUSED = "auth_type AH: refused: IP Authentication Header was removed from VRRP"
            + " by RFC 3768 and Tandem cannot send it; use \"auth_type PASS\" or remove the authentication block"
            + " (none)";

    public Authentication {
        if (type != AuthType.PASS) {
            throw new IllegalArgumentException(type == AuthType.AH ? AH_REFUSED : "auth_type " + type + ": not a type");
        }
    }
}
