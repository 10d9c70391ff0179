package net.tandem.agent.vrrp.packet;

import java.util.Objects;

/**
 * A received packet that is not a valid VRRP advert, with the reason it was discarded (to count)
 * and a detail for a human (to log), e.g. {@code IP_TTL: TTL 64, expected 255}.
 */
public final class AdvertDecodeException extends Exception {
    private final DiscardReason reason;
    private final String detail;

    public AdvertDecodeException(DiscardReason reason, String detail) {
        super(reason + ": " + detail, null, false, false); // no stack trace: this is a counted discard, not a bug
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = detail;
    }

    public DiscardReason reason() {
        return reason;
    }

    /** What was wrong with the packet, without the reason prefix. */
    public String detail() {
        return detail;
    }
}
