package net.tandem.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole configuration, as read from one file and its includes. Instances are in file order; scripts, track
 * files and track processes are looked up by name (and keep file order when iterated). {@code warnings} are what was accepted but not
 * (or not fully) understood. {@code control} is Tandem's own {@code tandem_control} block, if the file has one
 * ({@link #controlOrDefaults()} gives what the agent uses).
 */
public record KeepalivedConfig(
        GlobalDefs globals,
        List<VrrpInstanceConfig> instances,
        Map<String, VrrpScriptConfig> scripts,
        Map<String, TrackFileConfig> trackFiles,
        Map<String, TrackProcessConfig> trackProcesses,
        List<SyncGroupConfig> syncGroups,
        List<Diagnostic> warnings,
        Optional<ControlConfig> control) {

    public KeepalivedConfig {
        instances = List.copyOf(instances);
        scripts = Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
        trackFiles = Collections.unmodifiableMap(new LinkedHashMap<>(trackFiles));
        trackProcesses = Collections.unmodifiableMap(new LinkedHashMap<>(trackProcesses));
        syncGroups = List.copyOf(syncGroups);
        warnings = List.copyOf(warnings);
    }

    /** A configuration without a {@code tandem_control} block. */
    public KeepalivedConfig(
            GlobalDefs globals,
            List<VrrpInstanceConfig> instances,
            Map<String, VrrpScriptConfig> scripts,
            Map<String, TrackFileConfig> trackFiles,
            Map<String, TrackProcessConfig> trackProcesses,
            List<SyncGroupConfig> syncGroups,
            List<Diagnostic> warnings) {
        this(globals, instances, scripts, trackFiles, trackProcesses, syncGroups, warnings, Optional.empty());
    }

    /** The control API's settings: the block's, or 127.0.0.1:7112 without TLS, tokens or metrics. */
    public ControlConfig controlOrDefaults() {
        return control.orElseGet(ControlConfig::defaults);
    }

    public Optional<VrrpInstanceConfig> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
