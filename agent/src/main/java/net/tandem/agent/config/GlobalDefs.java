package net.tandem.agent.config;

import java.time.Duration;
import java.util.Optional;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * The {@code global_defs} block, with keepalived's defaults for what is not written.
 *
 * @param routerId              {@code router_id}; empty means the agent uses the host name, as keepalived does
 * @param vrrpVersion           {@code vrrp_version}, v2 unless set; an instance's {@code version} overrides it
 * @param garpMasterDelay       {@code vrrp_garp_master_delay}: second burst of gratuitous ARPs after becoming
 *                              master, default 5 s
 * @param garpMasterRepeat      {@code vrrp_garp_master_repeat}: gratuitous ARPs per burst, default 5
 * @param garpMasterRefresh     {@code vrrp_garp_master_refresh}: periodic ARPs while master, {@link Duration#ZERO}
 *                              (the default) means off
 * @param garpMasterRefreshRepeat {@code vrrp_garp_master_refresh_repeat}: ARPs per refresh, default 1
 * @param garpLowerPrioDelay    {@code vrrp_garp_lower_prio_delay}: second burst after a master hears a lower
 *                              priority; default {@code vrrp_garp_master_delay} (keepalived's vrrp_complete_init)
 * @param garpLowerPrioRepeat   {@code vrrp_garp_lower_prio_repeat}: ARPs per burst then, 0 for none; default
 *                              {@code vrrp_garp_master_repeat}
 * @param higherPrioSendAdvert  {@code vrrp_higher_prio_send_advert}, default false
 * @param v3ChecksumAsV2        {@code v3_checksum_as_v2} (keepalived 2.2.8; no argument): every instance's default
 * @param scriptUser            {@code script_user}; empty means keepalived's default ({@code keepalived_script},
 *                              else root)
 * @param vrrpStartupDelay      {@code vrrp_startup_delay}: how long instances wait in INITIALIZE after the agent
 *                              starts (not after a reload), {@link Duration#ZERO} (the default) means none
 * @param notifyFifos           {@code notify_fifo} then {@code vrrp_notify_fifo}, those written (none by default)
 * @param garpInterval          {@code vrrp_garp_interval}: least time between two gratuitous ARPs on an interface,
 *                              {@link Duration#ZERO} (the default) means none
 * @param tuning                {@code vrrp_priority}, {@code vrrp_rt_priority}, {@code vrrp_no_swap},
 *                              {@code vrrp_cpu_affinity}: how the agent's process is scheduled
 */
public record GlobalDefs(
        Optional<String> routerId,
        VrrpVersion vrrpVersion,
        Duration garpMasterDelay,
        int garpMasterRepeat,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        Duration garpLowerPrioDelay,
        int garpLowerPrioRepeat,
        boolean higherPrioSendAdvert,
        boolean enableScriptSecurity,
        Optional<ScriptUser> scriptUser,
        Duration vrrpStartupDelay,
        java.util.List<NotifyFifoConfig> notifyFifos,
        boolean v3ChecksumAsV2,
        Duration garpInterval,
        ProcessTuning tuning) {

    public static final VrrpVersion DEFAULT_VRRP_VERSION = VrrpVersion.V2;
    public static final Duration DEFAULT_GARP_MASTER_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_GARP_MASTER_REPEAT = 5;
    public static final int DEFAULT_GARP_MASTER_REFRESH_REPEAT = 1;

    /** What an empty (or absent) {@code global_defs} means. */
    public static GlobalDefs defaults() {
        return new GlobalDefs(
                Optional.empty(),
                DEFAULT_VRRP_VERSION,
                DEFAULT_GARP_MASTER_DELAY,
                DEFAULT_GARP_MASTER_REPEAT,
                Duration.ZERO,
                DEFAULT_GARP_MASTER_REFRESH_REPEAT,
                DEFAULT_GARP_MASTER_DELAY,
                DEFAULT_GARP_MASTER_REPEAT,
                false,
                false,
                Optional.empty(),
                Duration.ZERO,
                java.util.List.of(),
                false,
                Duration.ZERO,
                ProcessTuning.none());
    }
}
