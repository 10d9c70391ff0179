package net.tandem.agent.config;

import java.util.Optional;

/**
 * One {@code notify*} line as keepalived reads it: {@code COMMAND [USER [GROUP]]}, where COMMAND is
 * one word or a quoted string holding the script and its arguments (keepalived's
 * {@code notify_script_init}: the first word after the keyword is the command, the next two are
 * whom to run it as).
 *
 * @param user whom to run it as; empty: {@code script_user}, as for every script
 */
public record NotifyCommand(String command, Optional<ScriptUser> user) {
    public static NotifyCommand of(String command) {
        return new NotifyCommand(command, Optional.empty());
    }
}
