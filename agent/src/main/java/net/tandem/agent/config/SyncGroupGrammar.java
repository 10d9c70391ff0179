package net.tandem.agent.config;

import java.util.ArrayList;
import java.util.List;

/** The keywords of {@code vrrp_sync_group NAME { group { INSTANCES } track_* { ... } notify_* ... }}. */
final class SyncGroupGrammar {

    static final BlockGrammar<SyncGroupDraft> GRAMMAR = new BlockGrammar<SyncGroupDraft>()
            .block("group", (st, g, d) -> {
                // Members may be one per line or several on a line, as keepalived allows.
                for (Statement line : st.block().orElseThrow().body()) {
                    for (Token member : line.words()) {
                        g.instances.add(member.text());
                        g.instancePositions.add(member.pos());
                    }
                }
            })
            // Applied to every member, as keepalived does (see SyncGroupTracks).
            .block("track_interface", (st, g, d) -> VrrpInstanceGrammar.tracks(st, g.trackInterfaces, -254, 254, d))
            .block("track_script", (st, g, d) -> VrrpInstanceGrammar.tracks(st, g.trackScripts, -253, 253, d))
            .block("track_file", (st, g, d) -> VrrpInstanceGrammar.tracks(st, g.trackFiles, -254, 254, d))
            .block("track_process", (st, g, d) -> VrrpInstanceGrammar.tracks(st, g.trackProcesses, -254, 254, d));

    static {
        NotifyKeywords.addTo(GRAMMAR, g -> g.notify);
    }

    private SyncGroupGrammar() {}

    static final class SyncGroupDraft {
        final String name;
        final SourcePos declaredAt;
        final List<String> instances = new ArrayList<>();
        final List<SourcePos> instancePositions = new ArrayList<>();
        final NotifyKeywords.Draft notify = new NotifyKeywords.Draft();
        final List<TrackRef> trackInterfaces = new ArrayList<>();
        final List<TrackRef> trackScripts = new ArrayList<>();
        final List<TrackRef> trackFiles = new ArrayList<>();
        final List<TrackRef> trackProcesses = new ArrayList<>();

        SyncGroupDraft(String name, SourcePos declaredAt) {
            this.name = name;
            this.declaredAt = declaredAt;
        }

        SyncGroupConfig build() {
            return new SyncGroupConfig(
                    name,
                    declaredAt,
                    instances,
                    notify.build(),
                    trackInterfaces,
                    trackScripts,
                    trackFiles,
                    trackProcesses);
        }
    }
}
