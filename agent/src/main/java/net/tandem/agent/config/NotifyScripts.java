package net.tandem.agent.config;

import java.util.Optional;

/**
 * The command lines run on state changes. {@code notify} is keepalived's generic script, which gets four more
 * arguments: {@code INSTANCE|GROUP NAME MASTER|BACKUP|FAULT|STOP PRIORITY}.
 */
public record NotifyScripts(
        Optional<NotifyCommand> master,
        Optional<NotifyCommand> backup,
        Optional<NotifyCommand> fault,
        Optional<NotifyCommand> stop,
        Optional<NotifyCommand> any) {

    public static NotifyScripts none() {
        return new NotifyScripts(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
