package net.tandem.agent.config;

import java.util.List;

/**
 * A {@code vrrp_sync_group}: instances that change state together, with their own notify scripts.
 * Its {@code track_*} lines are also in each member's {@link VrrpInstanceConfig} (see {@link SyncGroupTracks});
 * they are kept here as written.
 */
public record SyncGroupConfig(
        String name,
        SourcePos declaredAt,
        List<String> instances,
        NotifyScripts notifyScripts,
        List<TrackRef> trackInterfaces,
        List<TrackRef> trackScripts,
        List<TrackRef> trackFiles,
        List<TrackRef> trackProcesses) {

    public SyncGroupConfig {
        instances = List.copyOf(instances);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackFiles = List.copyOf(trackFiles);
        trackProcesses = List.copyOf(trackProcesses);
    }
}
