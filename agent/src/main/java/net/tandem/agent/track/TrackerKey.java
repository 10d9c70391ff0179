package net.tandem.agent.track;

import java.util.Objects;

/**
 * One tracker of an instance: a script, an interface, a file or a process, by name. A script and a file of
 * the same name are different trackers, and a tracked interface is not the instance's own
 * interface ({@link FaultSource.OwnInterface}), even when they name the same link.
 */
public record TrackerKey(TrackerKind kind, String name) implements FaultSource {
    public TrackerKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** A {@code track_script} entry: the {@code vrrp_script} of that name. */
    public static TrackerKey script(String name) {
        return new TrackerKey(TrackerKind.SCRIPT, name);
    }

    /** A {@code track_interface} entry. */
    public static TrackerKey trackedInterface(String interfaceName) {
        return new TrackerKey(TrackerKind.INTERFACE, interfaceName);
    }

    /** A {@code track_file} entry: the {@code track_file} block of that name. */
    public static TrackerKey file(String name) {
        return new TrackerKey(TrackerKind.FILE, name);
    }

    /** A {@code track_process} entry: the {@code track_process} block of that name. */
    public static TrackerKey process(String name) {
        return new TrackerKey(TrackerKind.PROCESS, name);
    }

    /** "script chk_nginx", as in log lines and events. */
    @Override
    public String toString() {
        return kind.word() + " " + name;
    }
}
