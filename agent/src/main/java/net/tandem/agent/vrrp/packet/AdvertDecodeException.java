package net.tandem.agent.vrrp.packet;

/** A received packet that is not a valid VRRP advert, with the reason it was discarded. */
public final class AdvertDecodeException extends Exception {
    private final DiscardReason reason;

    public AdvertDecodeException(DiscardReason reason, String detail) {
        super(reason + ": " + detail, null, false, false); // no stack trace: this is a counted discard, not a bug
        this.reason = reason;
    }

    public DiscardReason reason() {
        return reason;
    }
}
