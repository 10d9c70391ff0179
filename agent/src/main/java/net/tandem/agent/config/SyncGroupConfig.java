package net.tandem.agent.config;

import java.util.List;

/** A {@code vrrp_sync_group}: instances that change state together, with their own notify scripts. */
public record SyncGroupConfig(String name, SourcePos declaredAt, List<String> instances, NotifyScripts notifyScripts) {

    public SyncGroupConfig {
        instances = List.copyOf(instances);
    }
}
