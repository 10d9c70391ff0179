package net.tandem.agent.track;

import java.util.Objects;

/**
 * Something that can keep an instance in FAULT: a tracker without weight, the instance's own
 * interface, or its sync group (while another member is in FAULT). Each is a reason of its own:
 * one clearing never clears another.
 */
public sealed interface FaultSource
        permits TrackerKey,
                FaultSource.OwnInterface,
                FaultSource.SyncGroupMember,
                FaultSource.NoUnicastPeer,
                FaultSource.AdvertReceiver {

    /** The interface the instance runs on: down means FAULT (keepalived). Not a {@code track_interface}. */
    record OwnInterface(String interfaceName) implements FaultSource {
        public OwnInterface {
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        @Override
        public String toString() {
            return "interface " + interfaceName;
        }
    }

    /**
     * {@code unicast_fault_no_peer} without any {@code unicast_peer}: keepalived's configuration fault, for an
     * instance that must not fall back to multicast. Only a new configuration clears it.
     */
    record NoUnicastPeer() implements FaultSource {
        @Override
        public String toString() {
            return "unicast_fault_no_peer";
        }
    }

    /** Membership of a {@code vrrp_sync_group}: FAULT while another member is. */
    record SyncGroupMember(String group) implements FaultSource {
        public SyncGroupMember {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String toString() {
            return "sync group " + group;
        }
    }

    /**
     * The thread that receives adverts on this interface failed and is restarting: until it
     * receives again, the instances there are deaf, and a deaf Backup would take over from a
     * live master. keepalived has no such state (its one thread would be gone with it).
     */
    record AdvertReceiver(String interfaceName) implements FaultSource {
        public AdvertReceiver {
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        @Override
        public String toString() {
            return "advert receiver on " + interfaceName;
        }
    }
}
