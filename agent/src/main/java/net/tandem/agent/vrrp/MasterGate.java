package net.tandem.agent.vrrp;

/**
 * Asked when a Backup's master-down timer expires: may it become Master now? Always yes, except
 * for members of a sync group: keepalived lets a member take over only when every other member
 * of its group wants to as well, so that the group moves as one and never ends up half here,
 * half there.
 */
@FunctionalInterface
public interface MasterGate {
    boolean mayBecomeMaster(VrrpInstance instance);

    MasterGate OPEN = instance -> true;
}
