package net.tandem.agent.config;

import java.util.ArrayList;
import java.util.List;

/** The keywords of {@code vrrp_sync_group NAME { group { INSTANCES } notify_* ... }}. */
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
            });

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

        SyncGroupDraft(String name, SourcePos declaredAt) {
            this.name = name;
            this.declaredAt = declaredAt;
        }

        SyncGroupConfig build() {
            return new SyncGroupConfig(name, declaredAt, instances, notify.build());
        }
    }
}
