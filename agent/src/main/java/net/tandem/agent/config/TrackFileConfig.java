package net.tandem.agent.config;

import java.util.OptionalLong;

/**
 * A {@code track_file} (or {@code vrrp_track_file}) block: a file holding a number that, times {@code weight}, adjusts the priority of the
 * instances tracking it.
 *
 * @param file     {@code file}, as written
 * @param weight   -254..254, default 1, as keepalived
 * @param initFile {@code init_file [VALUE]}: create the file with VALUE (default 0) if missing; empty if not asked
 */
public record TrackFileConfig(
        String name, SourcePos declaredAt, String file, int weight, boolean weightReverse, OptionalLong initFile) {}
