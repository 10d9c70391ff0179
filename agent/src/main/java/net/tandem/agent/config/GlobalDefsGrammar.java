package net.tandem.agent.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * The keywords of {@code global_defs} Tandem honours, filling a {@link Draft} that starts at keepalived's defaults.
 * Mail, SNMP and the rest are in {@link Keywords}.
 */
final class GlobalDefsGrammar {

    static final BlockGrammar<Draft> GRAMMAR = new BlockGrammar<Draft>()
            .value("notify_fifo", (st, g, d) -> g.notifyFifo.path(st, d))
            .value("notify_fifo_script", (st, g, d) -> g.notifyFifo.script(st, d))
            .value("vrrp_notify_fifo", (st, g, d) -> g.vrrpNotifyFifo.path(st, d))
            .value("vrrp_notify_fifo_script", (st, g, d) -> g.vrrpNotifyFifo.script(st, d))
            .value("router_id", (st, g, d) -> {
                Args.word(st, 0, "a name", d).ifPresent(v -> g.routerId = Optional.of(v));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_version", (st, g, d) -> {
                Args.integer(st, 0, 2, 3, d).ifPresent(v -> g.vrrpVersion = v == 2 ? VrrpVersion.V2 : VrrpVersion.V3);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_master_delay", (st, g, d) -> {
                Args.integer(st, 0, 0, 3600, d).ifPresent(v -> g.garpMasterDelay = Duration.ofSeconds(v));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_master_repeat", (st, g, d) -> {
                Args.integer(st, 0, 1, 1000, d).ifPresent(v -> g.garpMasterRepeat = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_master_refresh", (st, g, d) -> {
                Args.integer(st, 0, 0, 86400, d).ifPresent(v -> g.garpMasterRefresh = Duration.ofSeconds(v));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_master_refresh_repeat", (st, g, d) -> {
                Args.integer(st, 0, 1, 1000, d).ifPresent(v -> g.garpMasterRefreshRepeat = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_startup_delay", (st, g, d) -> {
                // keepalived's limits: 1 ms .. UINT_MAX microseconds.
                Args.seconds(st, 0, Duration.ofMillis(1), Duration.ofNanos(4_294_967_295_000L), d)
                        .ifPresent(v -> g.vrrpStartupDelay = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_interval", (st, g, d) -> {
                // keepalived takes up to UINT_MAX microseconds (and logs that 1 s or more is very large);
                // Tandem waits on its data-plane thread, so it takes at most 1 s.
                Args.seconds(st, 0, Duration.ofNanos(1000), Duration.ofSeconds(1), d)
                        .ifPresent(v -> g.garpInterval = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_lower_prio_delay", (st, g, d) -> {
                Args.integer(st, 0, 0, 3600, d)
                        .ifPresent(v -> g.garpLowerPrioDelay = Optional.of(Duration.ofSeconds(v)));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_lower_prio_repeat", (st, g, d) -> {
                g.garpLowerPrioRepeat = Args.integer(st, 0, 0, 1000, d); // 0: none, as in keepalived
                Args.noMore(st, 1, d);
            })
            .value("vrrp_higher_prio_send_advert", (st, g, d) -> {
                Args.flag(st, 0, d).ifPresent(v -> {
                    g.higherPrioSendAdvert = v;
                    if (!v) {
                        d.warning(st.pos(), "vrrp_" + VrrpInstanceGrammar.ALWAYS_SENDS_STEP_DOWN_ADVERT);
                    }
                });
                Args.noMore(st, 1, d);
            })
            .value("vrrp_check_unicast_src", (st, g, d) -> Args.noMore(st, 0, d))
            .value("v3_checksum_as_v2", (st, g, d) -> {
                g.v3ChecksumAsV2 = true; // keepalived 2.2.8's global form takes no argument
                Args.noMore(st, 0, d);
            })
            .value("vrrp_priority", (st, g, d) -> {
                Args.integer(st, 0, -20, 19, d).ifPresent(v -> g.nice = java.util.OptionalInt.of(v));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_rt_priority", (st, g, d) -> {
                // keepalived clamps to sched_get_priority_min/max(SCHED_RR), 1..99 on Linux, with a warning.
                Args.integer(st, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, d).ifPresent(v -> {
                    int clamped = Math.max(1, Math.min(99, v));
                    if (clamped != v) {
                        d.warning(st.pos(), "vrrp_rt_priority " + v + " is outside 1..99: using " + clamped);
                    }
                    g.realtimePriority = java.util.OptionalInt.of(clamped);
                });
                Args.noMore(st, 1, d);
            })
            .value("vrrp_no_swap", (st, g, d) -> {
                g.lockMemory = true; // keepalived: no argument
                Args.noMore(st, 0, d);
            })
            .value("vrrp_cpu_affinity", (st, g, d) -> {
                // keepalived: one CPU number per word, 0..(online CPUs - 1); any bad one empties the set.
                // Tandem bounds them by CPU_SETSIZE here and checks them against the host's CPUs at start.
                if (st.args().isEmpty()) {
                    d.error(st.endPos(), "vrrp_cpu_affinity: expected CPU numbers, got nothing");
                    return;
                }
                java.util.List<Integer> cpus = new java.util.ArrayList<>();
                for (int i = 0; i < st.args().size(); i++) {
                    OptionalInt cpu = Args.integer(st, i, 0, 1023, d);
                    if (cpu.isEmpty()) {
                        return;
                    }
                    if (!cpus.contains(cpu.getAsInt())) {
                        cpus.add(cpu.getAsInt());
                    }
                }
                g.cpus = cpus;
            })
            .value("script_user", (st, g, d) -> ScriptUsers.parse(st, d).ifPresent(u -> g.scriptUser = Optional.of(u)))
            .value("enable_script_security", (st, g, d) -> {
                g.enableScriptSecurity = true; // keepalived: no argument, and no way to turn it off again
                Args.noMore(st, 0, d);
            });

    private GlobalDefsGrammar() {}

    /** global_defs as read so far; several global_defs blocks add up, as in keepalived. */
    static final class Draft {
        Optional<String> routerId = Optional.empty();
        VrrpVersion vrrpVersion = GlobalDefs.DEFAULT_VRRP_VERSION;
        Duration garpMasterDelay = GlobalDefs.DEFAULT_GARP_MASTER_DELAY;
        int garpMasterRepeat = GlobalDefs.DEFAULT_GARP_MASTER_REPEAT;
        Duration garpMasterRefresh = Duration.ZERO;
        int garpMasterRefreshRepeat = GlobalDefs.DEFAULT_GARP_MASTER_REFRESH_REPEAT;
        /** Unset: the vrrp_garp_master_* value, whichever line comes first (keepalived resolves it at the end). */
        Optional<Duration> garpLowerPrioDelay = Optional.empty();

        OptionalInt garpLowerPrioRepeat = OptionalInt.empty();
        boolean higherPrioSendAdvert;
        boolean enableScriptSecurity;
        Optional<ScriptUser> scriptUser = Optional.empty();
        Duration vrrpStartupDelay = Duration.ZERO;
        final FifoDraft notifyFifo = new FifoDraft("notify_fifo");
        final FifoDraft vrrpNotifyFifo = new FifoDraft("vrrp_notify_fifo");
        boolean v3ChecksumAsV2;
        Duration garpInterval = Duration.ZERO;
        OptionalInt nice = OptionalInt.empty();
        OptionalInt realtimePriority = OptionalInt.empty();
        boolean lockMemory;
        java.util.List<Integer> cpus = java.util.List.of();

        GlobalDefs build(Diagnostics d) {
            return new GlobalDefs(
                    routerId,
                    vrrpVersion,
                    garpMasterDelay,
                    garpMasterRepeat,
                    garpMasterRefresh,
                    garpMasterRefreshRepeat,
                    garpLowerPrioDelay.orElse(garpMasterDelay),
                    garpLowerPrioRepeat.orElse(garpMasterRepeat),
                    higherPrioSendAdvert,
                    enableScriptSecurity,
                    scriptUser,
                    vrrpStartupDelay,
                    fifos(d),
                    v3ChecksumAsV2,
                    garpInterval,
                    new ProcessTuning(nice, realtimePriority, lockMemory, cpus));
        }

        private java.util.List<NotifyFifoConfig> fifos(Diagnostics d) {
            java.util.List<NotifyFifoConfig> out = new java.util.ArrayList<>();
            notifyFifo.build(d).ifPresent(out::add);
            vrrpNotifyFifo.build(d).ifPresent(f -> {
                if (!out.isEmpty() && out.getFirst().path().equals(f.path())) {
                    // keepalived.conf(5): "the FIFO names must all be different".
                    d.error(f.declaredAt(), "vrrp_notify_fifo: " + f.path() + " is the notify_fifo already");
                } else {
                    out.add(f);
                }
            });
            return java.util.List.copyOf(out);
        }
    }

    /** One {@code [vrrp_]notify_fifo} with its {@code _script}, as read so far. */
    static final class FifoDraft {
        private final String keyword;
        private NotifyFifoConfig fifo;
        private Optional<NotifyCommand> script = Optional.empty();
        private SourcePos scriptAt;

        FifoDraft(String keyword) {
            this.keyword = keyword;
        }

        void path(Statement st, Diagnostics d) {
            if (st.args().isEmpty()) {
                d.error(st.endPos(), keyword + ": expected the FIFO's path, got nothing");
                return;
            }
            if (fifo != null) {
                // keepalived: "notify_fifo already specified - ignoring"
                d.warning(st.pos(), keyword + " already given at " + fifo.declaredAt() + ": this one is ignored");
                return;
            }
            java.util.List<Token> a = st.args();
            java.nio.file.Path path = java.nio.file.Path.of(a.getFirst().text());
            if (!path.isAbsolute()) {
                d.error(a.getFirst().pos(), keyword + ": " + path + " must be an absolute path");
                return;
            }
            Optional<ScriptUser> owner = a.size() < 2
                    ? Optional.empty()
                    : Optional.of(new ScriptUser(
                            a.get(1).text(), a.size() > 2 ? Optional.of(a.get(2).text()) : Optional.empty()));
            Args.noMore(st, 3, d);
            fifo = new NotifyFifoConfig(keyword, path.normalize(), owner, Optional.empty(), st.pos());
        }

        void script(Statement st, Diagnostics d) {
            if (script.isPresent()) {
                d.warning(st.pos(), keyword + "_script already given at " + scriptAt + ": this one is ignored");
                return;
            }
            script = Args.notifyCommand(st, d);
            scriptAt = st.pos();
        }

        Optional<NotifyFifoConfig> build(Diagnostics d) {
            if (fifo == null) {
                if (script.isPresent()) {
                    // keepalived opens nothing and runs nothing then; say so rather than stay silent.
                    d.warning(scriptAt, keyword + "_script without " + keyword + ": not run");
                }
                return Optional.empty();
            }
            return Optional.of(new NotifyFifoConfig(keyword, fifo.path(), fifo.owner(), script, fifo.declaredAt()));
        }
    }
}
