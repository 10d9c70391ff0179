package net.tandem.agent.config;

import net.tandem.agent.vrrp.packet.AuthType;

/**
 * An instance's {@code authentication} block (VRRPv2 only). {@code password} is already cut to the 8 bytes that fit
 * in the advert, as keepalived does.
 */
public record Authentication(AuthType type, String password) {

    /** The Authentication Data field of a v2 advert holds 8 bytes (RFC 2338 §5.3.10). */
    public static final int MAX_PASSWORD_LENGTH = 8;
}
