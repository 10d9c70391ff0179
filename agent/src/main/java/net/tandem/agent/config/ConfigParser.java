package net.tandem.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.tandem.agent.config.ControlGrammar.ControlDraft;
import net.tandem.agent.config.GlobalDefsGrammar.Draft;
import net.tandem.agent.config.SyncGroupGrammar.SyncGroupDraft;
import net.tandem.agent.config.TrackFileGrammar.TrackFileDraft;
import net.tandem.agent.config.TrackProcessGrammar.TrackProcessDraft;
import net.tandem.agent.config.VrrpInstanceGrammar.InstanceDraft;
import net.tandem.agent.config.VrrpScriptGrammar.ScriptDraft;

/**
 * Turns the statements of a whole configuration into the model: the top-level table of blocks, then defaults and
 * globals applied to each block, then the checks that need the whole configuration ({@link ConfigChecks}).
 */
final class ConfigParser {

    /** What the top-level blocks fill in. */
    static final class ConfigDraft {
        final Draft globals = new Draft();
        final List<InstanceDraft> instances = new ArrayList<>();
        final List<ScriptDraft> scripts = new ArrayList<>();
        final List<TrackFileDraft> trackFiles = new ArrayList<>();
        final List<TrackProcessDraft> trackProcesses = new ArrayList<>();
        final List<SyncGroupDraft> syncGroups = new ArrayList<>();
        Optional<ControlDraft> control = Optional.empty();
    }

    /** The top-level blocks. A new block (e.g. {@code tandem_control}) is one more row here. */
    static final BlockGrammar<ConfigDraft> TOP_LEVEL = new BlockGrammar<ConfigDraft>()
            .block("global_defs", (st, c, d) -> {
                Args.noMore(st, 0, d);
                GlobalDefsGrammar.GRAMMAR.apply("global_defs", body(st), c.globals, d);
            })
            .block(
                    "vrrp_instance",
                    (st, c, d) -> name(st, d).ifPresent(name -> {
                        InstanceDraft i = new InstanceDraft(name, st.pos());
                        VrrpInstanceGrammar.GRAMMAR.apply("vrrp_instance " + name, body(st), i, d);
                        c.instances.add(i);
                    }))
            .block(
                    "vrrp_script",
                    (st, c, d) -> name(st, d).ifPresent(name -> {
                        ScriptDraft s = new ScriptDraft(name, st.pos());
                        VrrpScriptGrammar.GRAMMAR.apply("vrrp_script " + name, body(st), s, d);
                        c.scripts.add(s);
                    }))
            // keepalived's current spelling and its deprecated synonym, with the same meaning.
            .block("track_file", ConfigParser::trackFile)
            .block("vrrp_track_file", ConfigParser::trackFile)
            // keepalived knows only vrrp_track_process; track_process matches track_file's spelling.
            .block("track_process", ConfigParser::trackProcess)
            .block("vrrp_track_process", ConfigParser::trackProcess)
            .block(
                    "vrrp_sync_group",
                    (st, c, d) -> name(st, d).ifPresent(name -> {
                        SyncGroupDraft g = new SyncGroupDraft(name, st.pos());
                        SyncGroupGrammar.GRAMMAR.apply("vrrp_sync_group " + name, body(st), g, d);
                        c.syncGroups.add(g);
                    }))
            .block("tandem_control", (st, c, d) -> {
                Args.noMore(st, 0, d);
                ControlDraft draft = c.control.orElseGet(() -> {
                    ControlDraft first = new ControlDraft();
                    first.declaredAt = st.pos();
                    return first;
                });
                c.control = Optional.of(draft);
                ControlGrammar.GRAMMAR.apply("tandem_control", body(st), draft, d);
            });

    private ConfigParser() {}

    static KeepalivedConfig parse(List<Statement> statements, Diagnostics d) {
        ConfigDraft draft = new ConfigDraft();
        TOP_LEVEL.apply("", statements, draft, d);
        GlobalDefs globals = draft.globals.build(d);
        SyncGroupTracks.addToMembers(draft.syncGroups, draft.instances, d);
        KeepalivedConfig built = new KeepalivedConfig(
                globals,
                draft.instances.stream().map(i -> i.build(globals, d)).toList(),
                ConfigChecks.byName(draft.scripts, s -> s.name, s -> s.declaredAt, "vrrp_script", s -> s.build(d), d),
                ConfigChecks.byName(draft.trackFiles, f -> f.name, f -> f.declaredAt, "track_file", f -> f.build(d), d),
                ConfigChecks.byName(
                        draft.trackProcesses, p -> p.name, p -> p.declaredAt, "track_process", p -> p.build(d), d),
                draft.syncGroups.stream().map(SyncGroupDraft::build).toList(),
                List.of(),
                draft.control.map(c -> c.build(d)));
        ConfigChecks.check(draft, built, d);
        List<Diagnostic> warnings = d.all().stream().filter(x -> !x.isError()).toList();
        return new KeepalivedConfig(
                built.globals(),
                built.instances(),
                built.scripts(),
                built.trackFiles(),
                built.trackProcesses(),
                built.syncGroups(),
                warnings,
                built.control());
    }

    private static void trackFile(Statement st, ConfigDraft c, Diagnostics d) {
        name(st, d).ifPresent(name -> {
            TrackFileDraft f = new TrackFileDraft(st.keyword(), name, st.pos());
            TrackFileGrammar.GRAMMAR.apply(st.keyword() + " " + name, body(st), f, d);
            c.trackFiles.add(f);
        });
    }

    private static void trackProcess(Statement st, ConfigDraft c, Diagnostics d) {
        name(st, d).ifPresent(name -> {
            TrackProcessDraft p = new TrackProcessDraft(st.keyword(), name, st.pos());
            TrackProcessGrammar.GRAMMAR.apply(p.where(), body(st), p, d);
            c.trackProcesses.add(p);
        });
    }

    private static List<Statement> body(Statement st) {
        return st.block().orElseThrow().body();
    }

    /** The one name a named block needs: {@code vrrp_instance VI_1 {}. */
    private static Optional<String> name(Statement st, Diagnostics d) {
        if (st.args().isEmpty()) {
            d.error(
                    st.block().orElseThrow().open(),
                    st.keyword() + ": expected a name before \"{\", got nothing" + " (block skipped)");
            return Optional.empty();
        }
        Args.noMore(st, 1, d);
        return Optional.of(st.args().getFirst().text());
    }
}
