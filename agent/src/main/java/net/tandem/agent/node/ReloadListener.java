package net.tandem.agent.node;

import net.tandem.agent.config.KeepalivedConfig;

/**
 * A part of the agent outside the node model that reads the configuration file too (the control
 * plane's {@code tandem_control}), told of each reload after the instances took it.
 */
@FunctionalInterface
public interface ReloadListener {
    /**
     * @return what it did, for the reload's summary
     * @throws Exception it cannot take the new settings and keeps its old ones; the message says why
     */
    String reloaded(KeepalivedConfig next) throws Exception;
}
