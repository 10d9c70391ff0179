package net.tandem.agent.config;

import static net.tandem.agent.config.KeywordClass.ACCEPTED;
import static net.tandem.agent.config.KeywordClass.HONOURED;
import static net.tandem.agent.config.KeywordClass.REFUSED;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of keepalived's VRRP configuration keywords (keepalived.conf(5), and its parsers) and what Tandem
 * does with each: honoured, accepted with a warning (only where it cannot change who is master or which addresses
 * are held), or refused with what to do instead. The grammars implement the honoured ones and ask this table about
 * every keyword they do not implement; {@code --check} counts the classes; docs/migrating.md shows the table
 * ({@link KeywordTable}). A keyword in no row is unknown, as before.
 */
public final class Keywords {

    /** The block name for keywords written outside any block. */
    public static final String TOP_LEVEL = "(top level)";

    private static final String MAIL = "Tandem does not send mail (use notify scripts)";
    private static final String SNMP = "Tandem has no SNMP or D-Bus agent (use the control API or metrics_listen)";
    private static final String LVS =
            "LVS belongs to keepalived's checker, not to VRRP; Tandem does not run it (keep keepalived's checker,"
                    + " keepalived --check, for it)";
    private static final String TUNING =
            "tuning of keepalived's own processes; Tandem is one process (set limits in its systemd unit)";
    private static final String NOT_YET = "not supported yet: remove it (see docs/migrating.md)";
    private static final String VMAC = "not supported yet: remove it; use_vmac (a macvlan interface per instance with"
            + " the virtual router MAC) is supported (see docs/configuration.md)";
    private static final String FIFO =
            "not supported yet: remove it; notify_fifo gets state changes only, or use tandemctl watch";
    private static final String V3_CHECKSUM = "VRRPv3 checksums sent without the IPv4 pseudo-header"
            + " (keepalived 2.2.8); both forms are accepted on receive either way";
    private static final String TRACK_PROCESS = "processes whose count changes the priority of instances tracking them";

    private static final List<Keyword> ALL = new Table()
            .in(TOP_LEVEL)
            .honoured("global_defs", "global settings")
            .honoured("vrrp_instance", "a virtual router")
            .honoured("vrrp_script", "a health-check script tracked by instances")
            .honoured("track_file", "a file whose number changes the priority of instances tracking it")
            .honoured("vrrp_track_file", "the old spelling of track_file")
            .honoured("vrrp_track_process", TRACK_PROCESS)
            .honoured("track_process", "Tandem's spelling of vrrp_track_process, like track_file")
            .honoured("vrrp_sync_group", "instances that change state together")
            .honoured(
                    "tandem_control",
                    "Tandem's own control API block; keepalived rejects it, so keep it in a file only Tandem includes")
            .refused(
                    "static_ipaddress",
                    "not supported: add addresses every node always holds with the system's network configuration")
            .refused(
                    "static_routes",
                    "not supported: add routes every node always holds with the system's network configuration")
            .refused(
                    "static_rules",
                    "not supported: add rules every node always holds with the system's network configuration")
            .refused("track_group", "not supported yet: list the tracked objects in each vrrp_instance instead")
            .refused("garp_group", NOT_YET)
            .refused("interface_up_down_delays", "not supported yet: remove it; Tandem reacts to link changes at once")
            .refused("net_namespace", "not supported: run tandem-agent inside the namespace (ip netns exec NS ...)")
            .accepted("net_namespace_ipvs", LVS)
            .accepted("namespace_with_ipsets", "only for keepalived's firewall rules, which Tandem does not write")
            .accepted("linkbeat_interfaces", "Tandem follows links through rtnetlink events; no polling is needed")
            .accepted("linkbeat_use_polling", "Tandem follows links through rtnetlink events; no polling is needed")
            .accepted("use_pid_dir", "names keepalived's pid files; Tandem writes none (systemd tracks it)")
            .accepted("instance", "names keepalived's pid files; Tandem writes none (systemd tracks it)")
            .accepted("child_wait_time", TUNING)
            .accepted("virtual_server", LVS)
            .accepted("virtual_server_group", LVS)
            .accepted("SSL", LVS)
            .accepted("bfd_instance", "Tandem runs no BFD sessions (track_bfd is refused)")
            // global_defs
            .in("global_defs")
            .honoured("router_id", "names this node in logs and the control API (default: the host name)")
            .honoured("vrrp_version", "the default VRRP version, 2 or 3")
            .honoured("vrrp_garp_master_delay", "the default garp_master_delay")
            .honoured("vrrp_garp_master_repeat", "the default garp_master_repeat")
            .honoured("vrrp_garp_master_refresh", "the default garp_master_refresh")
            .honoured("vrrp_garp_master_refresh_repeat", "the default garp_master_refresh_repeat")
            .honoured("script_user", "the user (and group) scripts run as")
            .honoured(
                    "enable_script_security",
                    "scripts that would run as root are refused if a non-root user can write or replace them")
            .honoured(
                    "vrrp_startup_delay",
                    "seconds instances wait in INITIALIZE, sending nothing, after the agent starts (not after a reload)")
            .honoured("vrrp_check_unicast_src", "always on in Tandem: adverts from outside unicast_peer are dropped")
            .refused(
                    "dynamic_interfaces",
                    "not supported: remove it; every instance's interface must exist when Tandem starts")
            .refused("default_interface", "not supported: write \"interface IF\" in each vrrp_instance")
            .refused("startup_script", "not supported: run it from the systemd unit (ExecStartPre=) instead")
            .refused("startup_script_timeout", "not supported: run the startup script from the systemd unit")
            .refused("shutdown_script", "not supported: run it from the systemd unit (ExecStopPost=) instead")
            .refused("shutdown_script_timeout", "not supported: run the shutdown script from the systemd unit")
            .honoured("v3_checksum_as_v2", "every instance's default: " + V3_CHECKSUM)
            .refused("vrrp_mcast_group4", "not supported: remove it; Tandem sends to 224.0.0.18 (RFC 3768)")
            .refused("vrrp_mcast_group6", "not supported: remove it; Tandem sends IPv6 adverts to ff02::12 (RFC 5798)")
            .honoured("vrrp_garp_lower_prio_delay", "the default garp_lower_prio_delay")
            .honoured("vrrp_garp_lower_prio_repeat", "the default garp_lower_prio_repeat")
            .refused(
                    "vrrp_down_timer_adverts",
                    "not supported: remove it; Master_Down_Interval is 3 adverts plus skew (RFC 3768)")
            .honoured("vrrp_garp_interval", "least time between gratuitous ARPs on an interface (at most 1 s)")
            .honoured("vrrp_priority", "the nice value (-20..19) of every thread of the agent")
            .honoured(
                    "vrrp_rt_priority",
                    "SCHED_RR at this priority (1..99) for the threads that time, send and receive adverts")
            .honoured("vrrp_no_swap", "mlockall: no page of the agent is swapped out")
            .honoured("vrrp_cpu_affinity", "the CPUs every thread of the agent may run on")
            .refused(
                    "vrrp_gna_interval",
                    "not supported: remove it; vrrp_garp_interval paces Neighbour Advertisements too")
            .refused("vrrp_min_garp", "not supported: set garp_master_delay 0, garp_master_repeat 1 instead")
            .refused("vrrp_garp_extra_if", VMAC)
            .refused("vrrp_vmac_garp_intvl", VMAC)
            .refused(
                    "vrrp_lower_prio_no_advert",
                    "not supported: remove it; a Tandem master answers a lower-priority advert with an advert of its own,"
                            + " as keepalived does by default")
            .honoured(
                    "vrrp_higher_prio_send_advert",
                    "always on in Tandem (see higher_prio_send_advert); false is warned about and has no effect")
            .refused(
                    "vrrp_skip_check_adv_addr",
                    "remove it: Tandem always checks the address list of adverts; make the lists equal on every node")
            .refused(
                    "vrrp_strict",
                    "remove it: Tandem always accepts packets to the VIPs and writes no firewall rules;"
                            + " use auth none and no unicast_peer for what strict mode checks")
            .refused(
                    "vrrp_delay_after_boot",
                    "not supported yet: remove it, or delay the unit (ExecStartPre=/bin/sleep N)")
            .refused(
                    "vrrp_owner_ignore_adverts",
                    "not supported: remove it; an address owner (priority 255) drops adverts as RFC 3768 says")
            .honoured("notify_fifo", "FIFO that gets a line per state change (INSTANCE \"VI_1\" MASTER 100)")
            .honoured("notify_fifo_script", "command started with the notify_fifo's path, to read it")
            .honoured("vrrp_notify_fifo", "as notify_fifo (Tandem has only VRRP)")
            .honoured("vrrp_notify_fifo_script", "as notify_fifo_script, for vrrp_notify_fifo")
            .refused("vrrp_notify_priority_changes", FIFO)
            .accepted(
                    "fifo_write_vrrp_states_on_reload",
                    "ignored: the FIFOs are opened at start only, and a reload writes no states to them")
            .accepted("vmac_prefix", "ignored: a VMAC interface is named vrrp.VRID unless use_vmac names it")
            .accepted("vmac_addr_prefix", "only names use_vmac_addr interfaces (use_vmac_addr is refused)")
            .accepted("vrrp_iptables", "only for no_accept and vrrp_strict firewall rules, which are refused")
            .accepted("vrrp_ipsets", "only for no_accept and vrrp_strict firewall rules, which are refused")
            .accepted("nftables", "only for no_accept and vrrp_strict firewall rules, which are refused")
            .accepted("nftables_priority", "only for no_accept and vrrp_strict firewall rules, which are refused")
            .accepted("nftables_ifindex", "only for no_accept and vrrp_strict firewall rules, which are refused")
            .accepted("nftables_counters", "only for no_accept and vrrp_strict firewall rules, which are refused")
            .accepted("disable_local_igmp", "Tandem leaves IGMP to the kernel")
            .accepted("log_unknown_vrids", "logging only; Tandem counts adverts for other VRIDs in its metrics")
            .accepted("umask", "the mode of keepalived's files; Tandem's dumps are 0600")
            .accepted("random_seed", "testing aid of keepalived")
            .accepted("state_dump_file", "Tandem chooses where its dumps go (under /run/tandem/)")
            .accepted("stats_dump_file", "Tandem chooses where its dumps go (under /run/tandem/)")
            .accepted("json_dump_file", "Tandem chooses where its dumps go (under /run/tandem/)")
            .accepted("json_version", "the format of keepalived's JSON dump")
            .accepted("iproute_usr_dir", "Tandem reads no iproute2 tables (it has no virtual_routes)")
            .accepted("iproute_etc_dir", "Tandem reads no iproute2 tables (it has no virtual_routes)")
            .accepted("reload_check_config", "Tandem always checks a configuration before reloading it")
            .accepted("reload_time_file", "timed reloads are not supported; send SIGHUP")
            .accepted("reload_repeat", "timed reloads are not supported; send SIGHUP")
            .accepted("reload_file", "timed reloads are not supported; send SIGHUP")
            .accepted("include_check", "Tandem reports an include that matches nothing as a warning anyway")
            .accepted("config_save_dir", "Tandem does not save copies of its configuration")
            .accepted("tmp_config_directory", "Tandem does not save copies of its configuration")
            .accepted("data_use_instance", "names keepalived's dump files")
            .accepted("use_symlink_paths", "Tandem keeps the paths as written")
            .accepted("set_supplementary_groups", "Tandem runs scripts with the user's own groups")
            .accepted("checker_log_all_failures", LVS)
            .accepted("rs_init_notifies", LVS)
            .accepted("lvs_timeouts", LVS)
            .accepted("lvs_flush", LVS)
            .accepted("lvs_flush_on_stop", LVS)
            .accepted("lvs_flush_onstop", LVS)
            .accepted("lvs_sync_daemon", LVS)
            .accepted("lvs_notify_fifo", LVS)
            .accepted("lvs_notify_fifo_script", LVS)
            .accepted("nftables_ipvs", LVS)
            .accepted("nftables_ipvs_priority", LVS)
            .accepted("nftables_ipvs_start_fwmark", LVS)
            .accepted("snmp_vs_stats_update_interval", LVS)
            .accepted("snmp_rs_stats_update_interval", LVS)
            .accepted("notification_email", MAIL)
            .accepted("notification_email_from", MAIL)
            .accepted("smtp_server", MAIL)
            .accepted("smtp_connect_timeout", MAIL)
            .accepted("smtp_helo_name", MAIL)
            .accepted("smtp_alert", MAIL)
            .accepted("smtp_alert_vrrp", MAIL)
            .accepted("smtp_alert_checker", MAIL)
            .accepted("no_email_faults", MAIL)
            .accepted("no_checker_emails", MAIL)
            .accepted("snmp_socket", SNMP)
            .accepted("enable_traps", SNMP)
            .accepted("enable_snmp_vrrp", SNMP)
            .accepted("enable_snmp_keepalived", SNMP)
            .accepted("enable_snmp_rfc", SNMP)
            .accepted("enable_snmp_rfcv2", SNMP)
            .accepted("enable_snmp_rfcv3", SNMP)
            .accepted("enable_snmp_checker", SNMP)
            .accepted("enable_dbus", SNMP)
            .accepted("dbus_service_name", SNMP)
            .accepted("dbus_no_interface_name", SNMP)
            .acceptedAll(TUNING, "process_names", "process_name", "vrrp_process_name", "checker_process_name")
            .acceptedAll(TUNING, "lvs_process_name", "bfd_process_name", "max_auto_priority", "min_auto_priority_delay")
            .acceptedAll(TUNING, "vrrp_rlimit_rttime", "vrrp_rlimit_rtime", "checker_priority", "checker_no_swap")
            .acceptedAll(TUNING, "checker_rt_priority", "checker_cpu_affinity", "checker_rlimit_rttime")
            .acceptedAll(TUNING, "checker_rlimit_rtime", "bfd_priority", "bfd_no_swap", "bfd_rt_priority")
            .acceptedAll(TUNING, "bfd_cpu_affinity", "bfd_rlimit_rttime", "bfd_rlimit_rtime")
            .acceptedAll(TUNING, "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force")
            .acceptedAll(TUNING, "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force")
            .acceptedAll(TUNING, "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force")
            .acceptedAll(TUNING, "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force")
            .acceptedAll(TUNING, "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force")
            .acceptedAll(TUNING, "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier")
            // vrrp_instance
            .in("vrrp_instance")
            .honoured("state", "the initial state, MASTER or BACKUP")
            .honoured("interface", "the interface VRRP runs on")
            .honoured("virtual_router_id", "the VRID, 1..255")
            .honoured("priority", "1..255; 255 is the address owner")
            .honoured("advert_int", "the advertisement interval")
            .honoured("version", "VRRP 2 or 3 for this instance")
            .honoured("authentication", "VRRPv2 simple password (auth_type PASS); AH is refused")
            .honoured("virtual_ipaddress", "the VIPs, carried in adverts and held by the master")
            .honoured("virtual_ipaddress_excluded", "VIPs held by the master but not carried in adverts")
            .honoured("no_virtual_ipaddress", "an instance without VIPs is meant (notify only): no warning")
            .honoured("preempt", "preemption on (the default)")
            .honoured("nopreempt", "a backup with a higher priority does not take over")
            .honoured("preempt_delay", "seconds before a higher-priority backup takes over after start")
            .honoured("garp_master_delay", "seconds before the second burst of gratuitous ARPs")
            .honoured("garp_master_repeat", "gratuitous ARPs per burst")
            .honoured("garp_master_refresh", "seconds between gratuitous ARP refreshes while master")
            .honoured("garp_master_refresh_repeat", "gratuitous ARPs per refresh")
            .honoured("mcast_src_ip", "the source address of multicast adverts")
            .honoured("unicast_src_ip", "the source address of unicast adverts")
            .honoured("unicast_peer", "send adverts to these addresses, and accept adverts only from them")
            .honoured("check_unicast_src", "always on in Tandem: adverts from outside unicast_peer are dropped")
            .honoured("track_interface", "interfaces whose link state changes priority or causes FAULT")
            .honoured("dont_track_primary", "the instance's own interface going down causes no FAULT")
            .honoured("track_script", "vrrp_script checks")
            .honoured("track_file", "track_file blocks")
            .honoured("track_process", "track_process blocks")
            .honoured("notify_master", "script run on becoming master")
            .honoured("notify_backup", "script run on becoming backup")
            .honoured("notify_fault", "script run on entering FAULT")
            .honoured("notify_stop", "script run when the instance stops")
            .honoured("notify", "script run on every transition, with the state as an argument")
            .honoured(
                    "use_vmac",
                    "the VIPs on a macvlan interface with the virtual router MAC 00:00:5e:00:01:VRID (00:00:5e:00:02:VRID for IPv6)")
            .refused("use_vmac_addr", VMAC)
            .honoured("vmac_xmit_base", "with use_vmac: adverts sent from the base interface with its own MAC")
            .refused("use_ipvlan", VMAC)
            .refused("garp_extra_if", VMAC)
            .refused("vmac_garp_intvl", VMAC)
            .refused(
                    "accept",
                    "remove it: Tandem always accepts packets to the VIPs (keepalived's accept is what Tandem does)")
            .refused(
                    "no_accept",
                    "not supported: Tandem always accepts packets to the VIPs and writes no firewall rules; remove it")
            .refused(
                    "strict_mode",
                    "remove it: Tandem always accepts packets to the VIPs and writes no firewall rules;"
                            + " use auth none and no unicast_peer for what strict mode checks")
            .refused(
                    "skip_check_adv_addr",
                    "remove it: Tandem always checks the address list of adverts; make the lists equal on every node")
            .honoured("unicast_ttl", "the TTL of unicast adverts (default 255); multicast adverts always carry 255")
            .honoured("unicast_fault_no_peer", "an instance without unicast_peer is in FAULT instead of multicasting")
            .refused("old_unicast_checksum", "not supported: remove it; Tandem computes checksums as the RFCs say")
            .honoured("v3_checksum_as_v2", V3_CHECKSUM)
            .honoured("native_ipv6", "the instance is IPv6 (VRRPv3 over IPv6) even without an IPv6 address written")
            .refused("vrf", "not supported: run the instance's interface in the default VRF")
            .refused("track_bfd", "not supported: track the peer with a vrrp_script instead")
            .refused("mcast_dst_ip", "not supported: remove it; Tandem sends to 224.0.0.18 (RFC 3768)")
            .refused("track_src_ip", "not supported: set unicast_src_ip or mcast_src_ip instead")
            .refused(
                    "promote_secondaries",
                    "not supported: remove it, or set net.ipv4.conf.IF.promote_secondaries=1 with sysctl")
            .refused("virtual_routes", "not supported: add routes with notify_master/notify_backup scripts instead")
            .refused("virtual_rules", "not supported: add rules with notify_master/notify_backup scripts instead")
            .honoured(
                    "notify_deleted",
                    "a reload that removes the instance notifies DELETED (and runs this script), not FAULT")
            .honoured("notify_master_rx_lower_pri", "script run when the master hears a lower-priority advert")
            .honoured(
                    "garp_lower_prio_delay",
                    "seconds before the second burst of gratuitous ARPs after a master hears a lower priority")
            .honoured("garp_lower_prio_repeat", "gratuitous ARPs per burst after a master hears a lower priority")
            .refused(
                    "down_timer_adverts",
                    "not supported: remove it; Master_Down_Interval is 3 adverts plus skew (RFC 3768)")
            .refused("timer_expired_backup", "not supported: remove it")
            .refused("thread_timer_expired", "not supported: remove it")
            .refused(
                    "lower_prio_no_advert",
                    "not supported: remove it; a Tandem master answers a lower-priority advert with an advert of its own,"
                            + " as keepalived does by default")
            .honoured(
                    "higher_prio_send_advert",
                    "always on in Tandem: a master that hears a higher priority sends one advert before backup;"
                            + " false is warned about and has no effect")
            .refused(
                    "owner_ignore_adverts",
                    "not supported: remove it; an address owner (priority 255) drops adverts as RFC 3768 says")
            .refused("auth_hmac", "not supported: use authentication { auth_type PASS } or none")
            .accepted("smtp_alert", MAIL)
            .accepted("notify_priority_changes", "only for notify_fifo, which is refused")
            .accepted("debug", "keepalived's per-instance debug level; use tandem-agent --debug")
            .accepted("lvs_sync_daemon_interface", LVS)
            .accepted("kernel_rx_buf_size", TUNING)
            .accepted("linkbeat_use_polling", "Tandem follows links through rtnetlink events; no polling is needed")
            .in("authentication")
            .honoured("auth_type", "PASS; AH is refused (RFC 3768 removed it): use PASS or no authentication")
            .honoured("auth_pass", "the password, at most 8 characters (longer ones are cut, as keepalived does)")
            .in("unicast_peer")
            .honoured("min_ttl", "the lowest TTL accepted on this peer's adverts (default 0: routed peers work)")
            .honoured("max_ttl", "the highest TTL accepted on this peer's adverts (default 255)")
            .in("vrrp_sync_group")
            .honoured("group", "the member instances")
            .honoured("notify_master", "script run when the group becomes master")
            .honoured("notify_backup", "script run when the group becomes backup")
            .honoured("notify_fault", "script run when the group enters FAULT")
            .honoured("notify_stop", "script run when the group stops")
            .honoured("notify", "script run on every transition of the group")
            .honoured("track_interface", "interfaces tracked by every member, with the group's weights")
            .honoured("track_script", "vrrp_script checks tracked by every member, with the group's weights")
            .honoured("track_file", "track_file blocks tracked by every member, with the group's weights")
            .honoured("track_process", "track_process blocks tracked by every member, with the group's weights")
            .refused("track_bfd", "not supported: track the peer with a vrrp_script in each member instead")
            .refused("global_tracking", "not supported yet: put the same track_* in each member vrrp_instance")
            .refused("sync_group_tracking_weight", "not supported yet: put track_* in each member vrrp_instance")
            .accepted("smtp_alert", MAIL)
            .accepted("notify_priority_changes", "only for notify_fifo, which is refused")
            .in("vrrp_script")
            .honoured("script", "the command")
            .honoured("interval", "seconds between runs")
            .honoured("timeout", "seconds before a run counts as failed")
            .honoured("weight", "priority change while the script succeeds (or fails)")
            .honoured("rise", "successes before the script counts as up")
            .honoured("fall", "failures before the script counts as down")
            .honoured("user", "the user (and group) the script runs as")
            .honoured("init_fail", "the script starts as failed")
            .in("track_file")
            .honoured("file", "the file to read")
            .honoured("weight", "the factor applied to the number read")
            .honoured("init_file", "create the file at start")
            .in("vrrp_track_process")
            .honoured("process", "the process name, or the command line")
            .honoured("weight", "priority change while the process runs (or not)")
            .honoured("quorum", "how many processes must run")
            .honoured("quorum_max", "how many processes may run at most")
            .honoured("delay", "seconds before a change counts")
            .honoured("full_command", "match the whole command line")
            .honoured("param_match", "how the parameters are matched: initial or partial")
            .honoured("terminate_delay", "seconds a lost quorum must last before it counts")
            .honoured("fork_delay", "seconds a gained quorum must last before it counts")
            .build();

    private static final Map<String, Keyword> BY_KEY = index();

    private Keywords() {}

    /** Every row, in the order of the table: blocks as keepalived.conf(5) lists them, honoured first. */
    public static List<Keyword> all() {
        return ALL;
    }

    /** The row for {@code keyword} written in {@code block}, if it has one. */
    public static Optional<Keyword> find(String block, String keyword) {
        return Optional.ofNullable(BY_KEY.get(block + " " + keyword));
    }

    /**
     * The table's block for a {@link BlockGrammar#apply} {@code where}: {@code vrrp_instance VI_1} is
     * {@code vrrp_instance}; the deprecated {@code vrrp_track_file} block reads as {@code track_file}, and
     * Tandem's {@code track_process} block as keepalived's {@code vrrp_track_process}.
     */
    static String blockOf(String where) {
        if (where.isEmpty()) {
            return TOP_LEVEL;
        }
        int space = where.indexOf(' ');
        String block = space < 0 ? where : where.substring(0, space);
        return switch (block) {
            case "vrrp_track_file" -> "track_file";
            case "track_process" -> "vrrp_track_process";
            default -> block;
        };
    }

    private static Map<String, Keyword> index() {
        Map<String, Keyword> byKey = new LinkedHashMap<>();
        for (Keyword k : ALL) {
            if (byKey.put(k.block() + " " + k.name(), k) != null) {
                throw new IllegalStateException("keyword twice in the table: " + k.where());
            }
        }
        return byKey;
    }

    /** Builds the rows block by block. */
    private static final class Table {
        private final List<Keyword> rows = new ArrayList<>();
        private String block = TOP_LEVEL;

        Table in(String block) {
            this.block = block;
            return this;
        }

        Table honoured(String name, String explanation) {
            rows.add(new Keyword(block, name, HONOURED, explanation));
            return this;
        }

        Table accepted(String name, String explanation) {
            rows.add(new Keyword(block, name, ACCEPTED, explanation));
            return this;
        }

        /** Several keywords sharing one explanation. */
        Table acceptedAll(String explanation, String... names) {
            for (String name : names) {
                accepted(name, explanation);
            }
            return this;
        }

        Table refused(String name, String explanation) {
            rows.add(new Keyword(block, name, REFUSED, explanation));
            return this;
        }

        List<Keyword> build() {
            return List.copyOf(rows);
        }
    }
}
