package net.tandem.agent.linux;

/**
 * A netlink message too short for the header or family struct its type promises. The kernel does
 * not send one; the parser says so with this rather than an IndexOutOfBoundsException, so that the
 * link monitor counts and skips the message and a request fails with a reason instead of a crash.
 */
public final class MalformedNetlinkMessageException extends IllegalArgumentException {
    public MalformedNetlinkMessageException(String detail) {
        super(detail);
    }
}
