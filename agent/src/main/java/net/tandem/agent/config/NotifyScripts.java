package net.tandem.agent.config;

import java.util.Optional;

/**
 * The command lines run on state changes. {@code notify} is keepalived's generic script, which gets four more
 * arguments: {@code INSTANCE|GROUP NAME MASTER|BACKUP|FAULT|STOP|DELETED PRIORITY}.
 *
 * @param deleted {@code notify_deleted COMMAND}: run when a reload removes the instance
 * @param notifyDeleted {@code notify_deleted} was written (with or without a command): a removed instance is
 *     notified as DELETED; without it, as FAULT, keepalived's older behaviour kept as its default
 * @param masterRxLowerPri {@code notify_master_rx_lower_pri}: run when the Master hears a lower priority
 */
public record NotifyScripts(
        Optional<NotifyCommand> master,
        Optional<NotifyCommand> backup,
        Optional<NotifyCommand> fault,
        Optional<NotifyCommand> stop,
        Optional<NotifyCommand> any,
        Optional<NotifyCommand> deleted,
        boolean notifyDeleted,
        Optional<NotifyCommand> masterRxLowerPri) {

    /** The scripts a sync group can have too (no deleted or lower-priority ones). */
    public NotifyScripts(
            Optional<NotifyCommand> master,
            Optional<NotifyCommand> backup,
            Optional<NotifyCommand> fault,
            Optional<NotifyCommand> stop,
            Optional<NotifyCommand> any) {
        this(master, backup, fault, stop, any, Optional.empty(), false, Optional.empty());
    }

    public static NotifyScripts none() {
        return new NotifyScripts(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
