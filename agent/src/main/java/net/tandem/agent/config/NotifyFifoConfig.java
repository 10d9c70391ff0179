package net.tandem.agent.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code notify_fifo} or {@code vrrp_notify_fifo} of {@code global_defs}, with its {@code *_script}. Tandem has
 * only VRRP, so both get the same lines, as in keepalived's VRRP process.
 *
 * @param keyword {@code notify_fifo} or {@code vrrp_notify_fifo}, for messages
 * @param path the FIFO, absolute; created when missing
 * @param owner {@code notify_fifo PATH USER [GROUP]}: the owner given to a FIFO the agent creates
 * @param script {@code notify_fifo_script}: started with the FIFO's path as its last argument, reads the lines
 */
public record NotifyFifoConfig(
        String keyword, Path path, Optional<ScriptUser> owner, Optional<NotifyCommand> script, SourcePos declaredAt) {}
