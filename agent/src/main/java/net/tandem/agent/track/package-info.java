/**
 * What decides, outside the protocol, whether an instance may serve and what it is worth, and who
 * is told when it changes: keepalived's checkers and notifications.
 *
 * <ul>
 *   <li>{@link net.tandem.agent.track.ScriptChecker} — one {@code vrrp_script}: interval, timeout,
 *       rise/fall ({@link net.tandem.agent.track.CheckState}), weights per tracking instance;</li>
 *   <li>{@link net.tandem.agent.track.ProcessScriptRunner} — runs a script in its own session and
 *       process group, kills the whole group at the timeout; {@link net.tandem.agent.track.RunAs}
 *       — whom it runs as;</li>
 *   <li>{@link net.tandem.agent.track.TrackedFile} / {@link net.tandem.agent.track.TrackedFiles} —
 *       {@code track_file}, polled off the loop;</li>
 *   <li>{@link net.tandem.agent.track.TrackedProcess} / {@link net.tandem.agent.track.TrackedProcesses}
 *       — {@code track_process}: quorum and delays on the loop, the process table
 *       ({@link net.tandem.agent.track.ProcessTable}, {@link net.tandem.agent.track.ProcProcessTable})
 *       read off it;</li>
 *   <li>{@link net.tandem.agent.track.Notifier} — notify scripts with keepalived's arguments, in
 *       order per instance;</li>
 *   <li>{@link net.tandem.agent.track.SyncGroup} — {@code vrrp_sync_group};</li>
 *   <li>{@link net.tandem.agent.track.Tracking} — all of the above from a configuration, and again
 *       on reload, keeping what did not change.</li>
 * </ul>
 *
 * Threading: checkers, files' targets, sync groups and {@code Tracking.apply} run on the event
 * loop and feed {@link InstanceHealth}; processes run and are waited for on
 * virtual threads; results come back through the loop's executor.
 */
package net.tandem.agent.track;
