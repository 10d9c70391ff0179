package net.tandem.agent.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.TtlRange;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/** The keywords of {@code vrrp_instance NAME { ... }}, filling a {@link InstanceDraft}. */
final class VrrpInstanceGrammar {
    /** Why "higher_prio_send_advert false" changes nothing: docs/protocol.md, the step-down advert. */
    static final String ALWAYS_SENDS_STEP_DOWN_ADVERT = "higher_prio_send_advert false has no effect: a Tandem master"
            + " that hears a higher priority always sends one advert before it steps down (so that the remaining"
            + " master re-announces after a partition heals; see docs/protocol.md)";

    /** keepalived's limits: preempt_delay 0..1000 s. */
    private static final Duration MAX_PREEMPT_DELAY = Duration.ofSeconds(1000);
    /** advert_int is read before the version is known; its checks happen in {@link InstanceDraft}. */
    private static final Duration MIN_ADVERT_INT = Duration.ofMillis(10);

    private static final Duration MAX_ADVERT_INT = Duration.ofSeconds(255);

    static final BlockGrammar<InstanceDraft> AUTHENTICATION = new BlockGrammar<InstanceDraft>()
            .value("auth_type", (st, i, d) -> {
                i.authTypeWritten = true;
                Optional<String> v = Args.arg(st, 0).map(Token::text);
                if (v.isPresent() && v.get().equals("PASS")) {
                    i.authType = Optional.of(AuthType.PASS);
                } else if (v.isPresent() && v.get().equals("AH")) {
                    // Refused, never read into the model: an AH instance would become Master and then be unable
                    // to encode its adverts, so that both nodes hold the VIP.
                    d.error(st.pos(), Authentication.AH_REFUSED);
                } else {
                    Args.wrong(st, 0, "PASS", d);
                }
                Args.noMore(st, 1, d);
            })
            .value("auth_pass", (st, i, d) -> {
                Args.word(st, 0, "a password", d).ifPresent(p -> {
                    if (p.length() > Authentication.MAX_PASSWORD_LENGTH) {
                        String kept = p.substring(0, Authentication.MAX_PASSWORD_LENGTH);
                        d.warning(
                                st.args().getFirst().pos(),
                                "auth_pass: longer than 8 characters; only \"" + kept
                                        + "\" is used, as keepalived does");
                        p = kept;
                    }
                    i.authPass = Optional.of(p);
                    i.authPassPos = st.pos();
                });
                Args.noMore(st, 1, d);
            });

    static final BlockGrammar<InstanceDraft> GRAMMAR = new BlockGrammar<InstanceDraft>()
            .value("state", (st, i, d) -> {
                Optional<String> v = Args.arg(st, 0).map(Token::text);
                if (v.isPresent() && (v.get().equals("MASTER") || v.get().equals("BACKUP"))) {
                    i.state = InitialState.valueOf(v.get());
                } else {
                    Args.wrong(st, 0, "MASTER or BACKUP", d);
                }
                Args.noMore(st, 1, d);
            })
            .value("interface", (st, i, d) -> {
                i.interfaceWritten = true;
                Args.word(st, 0, "an interface name", d).ifPresent(v -> i.interfaceName = Optional.of(v));
                Args.noMore(st, 1, d);
            })
            .value("virtual_router_id", (st, i, d) -> {
                i.virtualRouterId = Args.integer(st, 0, 1, 255, d);
                i.virtualRouterIdPos = st.pos();
                Args.noMore(st, 1, d);
            })
            .value("priority", (st, i, d) -> {
                Args.integer(st, 0, 1, 255, d).ifPresent(v -> i.priority = v);
                Args.noMore(st, 1, d);
            })
            .value("advert_int", (st, i, d) -> {
                Args.seconds(st, 0, MIN_ADVERT_INT, MAX_ADVERT_INT, d).ifPresent(v -> {
                    i.advertInterval = v;
                    i.advertIntervalPos = Args.arg(st, 0).orElseThrow().pos();
                });
                Args.noMore(st, 1, d);
            })
            .value("version", (st, i, d) -> {
                Args.integer(st, 0, 2, 3, d)
                        .ifPresent(v -> i.version = Optional.of(v == 2 ? VrrpVersion.V2 : VrrpVersion.V3));
                i.versionPos = st.pos();
                Args.noMore(st, 1, d);
            })
            .block("authentication", (st, i, d) -> {
                i.authenticationPos = st.pos();
                AUTHENTICATION.apply("authentication", st.block().orElseThrow().body(), i, d);
            })
            .block("virtual_ipaddress", (st, i, d) -> addresses(st, i.virtualAddresses, d))
            .block("virtual_ipaddress_excluded", (st, i, d) -> addresses(st, i.excludedAddresses, d))
            .value("no_virtual_ipaddress", (st, i, d) -> {
                i.notifyOnlyMeant = true;
                Args.noMore(st, 0, d);
            })
            .value("preempt", (st, i, d) -> {
                i.preempt = true;
                Args.noMore(st, 0, d);
            })
            .value("nopreempt", (st, i, d) -> {
                i.preempt = false;
                Args.noMore(st, 0, d);
            })
            .value("preempt_delay", (st, i, d) -> {
                Args.seconds(st, 0, Duration.ZERO, MAX_PREEMPT_DELAY, d).ifPresent(v -> i.preemptDelay = v);
                Args.noMore(st, 1, d);
            })
            .value("garp_master_delay", (st, i, d) -> {
                Args.integer(st, 0, 0, 3600, d).ifPresent(v -> i.garpMasterDelay = Optional.of(Duration.ofSeconds(v)));
                Args.noMore(st, 1, d);
            })
            .value("garp_master_repeat", (st, i, d) -> {
                i.garpMasterRepeat = Args.integer(st, 0, 1, 1000, d);
                Args.noMore(st, 1, d);
            })
            .value("garp_master_refresh", (st, i, d) -> {
                Args.integer(st, 0, 0, 86400, d)
                        .ifPresent(v -> i.garpMasterRefresh = Optional.of(Duration.ofSeconds(v)));
                Args.noMore(st, 1, d);
            })
            .value("garp_master_refresh_repeat", (st, i, d) -> {
                i.garpMasterRefreshRepeat = Args.integer(st, 0, 1, 1000, d);
                Args.noMore(st, 1, d);
            })
            .value("garp_lower_prio_delay", (st, i, d) -> {
                Args.integer(st, 0, 0, 3600, d)
                        .ifPresent(v -> i.garpLowerPrioDelay = Optional.of(Duration.ofSeconds(v)));
                Args.noMore(st, 1, d);
            })
            .value("garp_lower_prio_repeat", (st, i, d) -> {
                i.garpLowerPrioRepeat = Args.integer(st, 0, 0, 1000, d); // 0: none, as in keepalived
                Args.noMore(st, 1, d);
            })
            .value("higher_prio_send_advert", (st, i, d) -> {
                Args.flag(st, 0, d).ifPresent(v -> {
                    i.higherPrioSendAdvert = Optional.of(v);
                    if (!v) {
                        d.warning(st.pos(), ALWAYS_SENDS_STEP_DOWN_ADVERT);
                    }
                });
                Args.noMore(st, 1, d);
            })
            .value("mcast_src_ip", (st, i, d) -> {
                Args.address(st, 0, d).ifPresent(a -> {
                    i.mcastSourceAddress = Optional.of(a);
                    i.mcastSourcePos = st.args().getFirst().pos();
                });
                Args.noMore(st, 1, d);
            })
            .value("unicast_src_ip", (st, i, d) -> {
                Args.address(st, 0, d).ifPresent(a -> {
                    i.unicastSourceAddress = Optional.of(a);
                    i.unicastSourcePos = st.args().getFirst().pos();
                });
                Args.noMore(st, 1, d);
            })
            .block("unicast_peer", (st, i, d) -> {
                for (Statement line : st.block().orElseThrow().body()) {
                    Optional<InetAddress> a = IpAddresses.parse(line.keyword());
                    if (a.isEmpty()) {
                        d.error(
                                line.pos(),
                                "unicast_peer: expected an IPv4 or IPv6 address, got \"" + line.keyword() + "\"");
                        continue;
                    }
                    i.unicastPeers.add(a.get());
                    i.unicastPeerPositions.add(line.pos());
                    peerTtls(line, d).ifPresent(r -> i.unicastPeerTtls.put(a.get(), r));
                }
            })
            .value("unicast_ttl", (st, i, d) -> {
                Args.integer(st, 0, 0, 255, d).ifPresent(v -> {
                    i.unicastTtl = OptionalInt.of(v);
                    i.unicastTtlPos = st.pos();
                });
                Args.noMore(st, 1, d);
            })
            .value("native_ipv6", (st, i, d) -> {
                i.nativeIpv6Pos = st.pos();
                Args.noMore(st, 0, d);
            })
            .value("unicast_fault_no_peer", (st, i, d) -> {
                i.unicastFaultNoPeer = true;
                Args.noMore(st, 0, d);
            })
            .value("v3_checksum_as_v2", (st, i, d) -> {
                Args.flag(st, 0, d).ifPresent(v -> i.v3ChecksumAsV2 = Optional.of(v));
                Args.noMore(st, 1, d);
            })
            .block("track_interface", (st, i, d) -> tracks(st, i.trackInterfaces, -254, 254, d))
            .value("dont_track_primary", (st, i, d) -> {
                i.dontTrackPrimary = true;
                Args.noMore(st, 0, d);
            })
            .block("track_script", (st, i, d) -> tracks(st, i.trackScripts, -253, 253, d))
            .block("track_file", (st, i, d) -> tracks(st, i.trackFiles, -254, 254, d))
            .block("track_process", (st, i, d) -> tracks(st, i.trackProcesses, -254, 254, d))
            .value("use_vmac", (st, i, d) -> VmacKeywords.useVmac(st, i.vmac, d))
            .value("vmac_xmit_base", (st, i, d) -> VmacKeywords.xmitBase(st, i.vmac, d))
            // Always on in Tandem: with unicast_peer, adverts from any other source are dropped.
            .value("check_unicast_src", (st, i, d) -> Args.noMore(st, 0, d));

    static {
        NotifyKeywords.addTo(GRAMMAR, i -> i.notify);
        NotifyKeywords.addInstanceOnlyTo(GRAMMAR, i -> i.notify);
    }

    private VrrpInstanceGrammar() {}

    private static void addresses(Statement st, List<VirtualAddress> into, Diagnostics d) {
        for (Statement line : st.block().orElseThrow().body()) {
            VirtualAddressParser.parse(line, st.keyword(), d).ifPresent(into::add);
        }
    }

    /** The options a {@code unicast_peer} line may carry after its address. */
    static final Set<String> UNICAST_PEER_OPTIONS = Set.of("min_ttl", "max_ttl");

    /**
     * keepalived's per-peer {@code [min_ttl 0..255] [max_ttl 0..255]} after the address; empty when the line has
     * neither (any TTL). min above max is kept, as keepalived keeps it, with its warning: nothing is accepted then.
     */
    private static Optional<TtlRange> peerTtls(Statement line, Diagnostics d) {
        List<Token> args = line.args();
        OptionalInt min = OptionalInt.empty();
        OptionalInt max = OptionalInt.empty();
        for (int k = 0; k < args.size(); k += 2) {
            Token word = args.get(k);
            var row = Keywords.find("unicast_peer", word.text());
            if (row.isEmpty() || !UNICAST_PEER_OPTIONS.contains(word.text())) {
                d.error(
                        word.pos(),
                        "unicast_peer: unknown option \"" + word.text() + "\"; expected min_ttl or max_ttl");
                break;
            }
            d.used(word.pos(), row.get());
            if (k + 1 >= args.size()) {
                d.error(word.pos(), "unicast_peer: " + word.text() + " needs a value 0..255");
                break;
            }
            OptionalInt v = Args.integer(line, k + 1, 0, 255, d);
            if (v.isPresent()) {
                if (word.text().equals("min_ttl")) {
                    min = v;
                } else {
                    max = v;
                }
            }
        }
        if (min.isEmpty() && max.isEmpty()) {
            return Optional.empty();
        }
        TtlRange r = new TtlRange(min.orElse(TtlRange.ANY.min()), max.orElse(TtlRange.ANY.max()));
        if (r.min() > r.max()) {
            d.warning(
                    line.pos(),
                    "unicast_peer " + line.keyword() + ": min_ttl " + r.min() + " > max_ttl " + r.max()
                            + ": every advert from this peer will be discarded (as keepalived does)");
        }
        return Optional.of(r);
    }

    static void tracks(Statement st, List<TrackRef> into, int min, int max, Diagnostics d) {
        for (Statement line : st.block().orElseThrow().body()) {
            if (line.block().isPresent()) {
                d.error(line.block().get().open(), st.keyword() + ": unexpected \"{\" (block skipped)");
            }
            into.add(Args.trackRef(line, st.keyword(), min, max, d));
        }
    }

    /** An instance as read so far: what was written, with where, before defaults and globals are applied. */
    static final class InstanceDraft {
        final String name;
        final SourcePos declaredAt;
        InitialState state = InitialState.BACKUP;
        Optional<String> interfaceName = Optional.empty();
        /** Set even when the value was wrong, so that a wrong value is not also reported as missing. */
        boolean interfaceWritten;

        OptionalInt virtualRouterId = OptionalInt.empty();
        SourcePos virtualRouterIdPos;
        int priority = VrrpInstanceConfig.DEFAULT_PRIORITY;
        Duration advertInterval = VrrpInstanceConfig.DEFAULT_ADVERT_INTERVAL;
        SourcePos advertIntervalPos;
        Optional<VrrpVersion> version = Optional.empty();
        SourcePos versionPos;
        /** {@code native_ipv6}: where it was written; null when it was not. */
        SourcePos nativeIpv6Pos;

        SourcePos authenticationPos;
        Optional<AuthType> authType = Optional.empty();
        boolean authTypeWritten;
        Optional<String> authPass = Optional.empty();
        SourcePos authPassPos;
        final List<VirtualAddress> virtualAddresses = new ArrayList<>();
        final List<VirtualAddress> excludedAddresses = new ArrayList<>();
        /** {@code no_virtual_ipaddress}: an instance without addresses is meant, so no warning. */
        boolean notifyOnlyMeant;

        boolean preempt = true;
        Duration preemptDelay = Duration.ZERO;
        Optional<Duration> garpMasterDelay = Optional.empty();
        OptionalInt garpMasterRepeat = OptionalInt.empty();
        Optional<Duration> garpMasterRefresh = Optional.empty();
        OptionalInt garpMasterRefreshRepeat = OptionalInt.empty();
        Optional<Duration> garpLowerPrioDelay = Optional.empty();
        OptionalInt garpLowerPrioRepeat = OptionalInt.empty();
        Optional<Boolean> higherPrioSendAdvert = Optional.empty();
        Optional<InetAddress> mcastSourceAddress = Optional.empty();
        SourcePos mcastSourcePos;
        Optional<InetAddress> unicastSourceAddress = Optional.empty();
        SourcePos unicastSourcePos;
        final List<InetAddress> unicastPeers = new ArrayList<>();
        final List<SourcePos> unicastPeerPositions = new ArrayList<>();
        final Map<InetAddress, TtlRange> unicastPeerTtls = new HashMap<>();
        OptionalInt unicastTtl = OptionalInt.empty();
        SourcePos unicastTtlPos;
        boolean unicastFaultNoPeer;
        Optional<Boolean> v3ChecksumAsV2 = Optional.empty();
        final List<TrackRef> trackInterfaces = new ArrayList<>();
        boolean dontTrackPrimary;
        final List<TrackRef> trackScripts = new ArrayList<>();
        final List<TrackRef> trackFiles = new ArrayList<>();
        final List<TrackRef> trackProcesses = new ArrayList<>();
        final NotifyKeywords.Draft notify = new NotifyKeywords.Draft();
        final VmacKeywords.Draft vmac = new VmacKeywords.Draft();

        InstanceDraft(String name, SourcePos declaredAt) {
            this.name = name;
            this.declaredAt = declaredAt;
        }

        /** Applies defaults and globals, and reports what only makes sense once the whole instance is known. */
        VrrpInstanceConfig build(GlobalDefs globals, Diagnostics d) {
            String where = "vrrp_instance " + name;
            if (!interfaceWritten) {
                d.error(declaredAt, where + ": no interface; add \"interface IFNAME\"");
            }
            if (virtualRouterId.isEmpty() && virtualRouterIdPos == null) {
                d.error(declaredAt, where + ": no virtual_router_id; add \"virtual_router_id 1..255\"");
            }
            boolean ipv6 = InstanceFamily.isIpv6(this, where, d);
            // keepalived: an IPv6 instance without "version" runs v3 whatever the global vrrp_version says.
            VrrpVersion v = version.orElse(ipv6 ? VrrpVersion.V3 : globals.vrrpVersion());
            if (ipv6 && v == VrrpVersion.V2) {
                // keepalived runs a non-standard VRRPv2 over IPv6 unless vrrp_strict; no other router speaks it.
                d.error(
                        versionPos != null ? versionPos : declaredAt,
                        where + ": version 2 with IPv6 addresses: VRRP over IPv6 is version 3 only (RFC 5798);"
                                + " write \"version 3\" or remove \"version\"");
            }
            checkAdvertInterval(v, d);
            Optional<Authentication> auth = authentication(v, where, d);
            if (virtualAddresses.isEmpty() && !notifyOnlyMeant) {
                // keepalived: "No VIP specified; at least one is sensible". Such an instance still elects a master
                // and runs its notify scripts; its adverts carry no address.
                d.warning(
                        declaredAt,
                        where + ": no virtual_ipaddress: runs as a notify-only instance (adverts carry no address),"
                                + " as keepalived does; add \"no_virtual_ipaddress\" if that is meant");
            }
            return new VrrpInstanceConfig(
                    name,
                    declaredAt,
                    state,
                    interfaceName.orElse(""),
                    virtualRouterId.orElse(0),
                    priority,
                    advertInterval,
                    v,
                    auth,
                    virtualAddresses,
                    excludedAddresses,
                    preempt,
                    preemptDelay,
                    garpMasterDelay.orElse(globals.garpMasterDelay()),
                    garpMasterRepeat.orElse(globals.garpMasterRepeat()),
                    garpMasterRefresh.orElse(globals.garpMasterRefresh()),
                    garpMasterRefreshRepeat.orElse(globals.garpMasterRefreshRepeat()),
                    garpLowerPrioDelay.orElse(globals.garpLowerPrioDelay()),
                    garpLowerPrioRepeat.orElse(globals.garpLowerPrioRepeat()),
                    globals.garpInterval(),
                    higherPrioSendAdvert.orElse(globals.higherPrioSendAdvert()),
                    mcastSourceAddress,
                    unicastSourceAddress,
                    unicastPeers,
                    trackInterfaces,
                    dontTrackPrimary,
                    trackScripts,
                    trackFiles,
                    trackProcesses,
                    notify.build(),
                    unicastTtl(d),
                    unicastPeerTtls,
                    unicastFaultNoPeer,
                    v3ChecksumAsV2.orElse(globals.v3ChecksumAsV2()),
                    VmacKeywords.build(where, vmac, virtualRouterId.orElse(0), !unicastPeers.isEmpty(), d),
                    ipv6);
        }

        /** keepalived: "Cannot use unicast_ttl without unicast peers - resetting"; multicast always sends 255. */
        private int unicastTtl(Diagnostics d) {
            if (unicastTtl.isPresent() && unicastPeers.isEmpty()) {
                d.warning(
                        unicastTtlPos,
                        "vrrp_instance " + name + ": unicast_ttl without unicast_peer is ignored:"
                                + " multicast adverts always carry TTL 255");
                return AdvertCodec.TTL;
            }
            return unicastTtl.orElse(AdvertCodec.TTL);
        }

        /** RFC 3768 §5.3.7: v2 sends whole seconds in 8 bits; RFC 5798 §5.2.7: v3 sends 12 bits of centiseconds. */
        private void checkAdvertInterval(VrrpVersion v, Diagnostics d) {
            if (advertIntervalPos == null) {
                return;
            }
            String shown = Args.show(advertInterval);
            if (v == VrrpVersion.V2) {
                if (advertInterval.toNanosPart() != 0) {
                    d.error(
                            advertIntervalPos,
                            "advert_int: VRRPv2 needs whole seconds 1..255, got " + shown
                                    + " (use \"version 3\" for intervals below a second)");
                }
            } else {
                long nanos = advertInterval.toNanos();
                long centi = Duration.ofMillis(10).toNanos();
                if (nanos % centi != 0 || nanos < centi || nanos > 4095 * centi) {
                    d.error(
                            advertIntervalPos,
                            "advert_int: VRRPv3 needs 0.01..40.95 seconds in steps of 0.01, got " + shown);
                }
            }
        }

        private Optional<Authentication> authentication(VrrpVersion v, String where, Diagnostics d) {
            if (authenticationPos == null) {
                return Optional.empty();
            }
            if (v == VrrpVersion.V3) {
                d.warning(
                        authenticationPos,
                        where + ": authentication: VRRPv3 has no authentication (RFC 5798);"
                                + " ignored, as keepalived does");
                return Optional.empty();
            }
            if (authType.isEmpty()) {
                if (authTypeWritten) {
                    return Optional.empty();
                }
                d.error(authenticationPos, where + ": authentication: no auth_type; add \"auth_type PASS\"");
                return Optional.empty();
            }
            if (authPass.isEmpty()) {
                d.error(
                        authenticationPos,
                        where + ": authentication: auth_type " + authType.get() + " needs \"auth_pass PASSWORD\"");
                return Optional.empty();
            }
            return Optional.of(new Authentication(authType.get(), authPass.get()));
        }
    }
}
