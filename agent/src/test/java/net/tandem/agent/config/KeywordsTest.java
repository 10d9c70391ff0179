package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keyword table and the grammars agree, and the table keeps the rule of issue 10. */
class KeywordsTest {

    /** What each block's grammar implements. */
    private static final Map<String, Set<String>> GRAMMARS = Map.of(
            Keywords.TOP_LEVEL,
            ConfigParser.TOP_LEVEL.keywords(),
            "global_defs",
            GlobalDefsGrammar.GRAMMAR.keywords(),
            "vrrp_instance",
            VrrpInstanceGrammar.GRAMMAR.keywords(),
            "authentication",
            VrrpInstanceGrammar.AUTHENTICATION.keywords(),
            "vrrp_sync_group",
            SyncGroupGrammar.GRAMMAR.keywords(),
            "vrrp_script",
            VrrpScriptGrammar.GRAMMAR.keywords(),
            "track_file",
            TrackFileGrammar.GRAMMAR.keywords(),
            "vrrp_track_process",
            TrackProcessGrammar.GRAMMAR.keywords());

    @Test
    void everyKeywordAGrammarImplementsIsHonouredInTheTable() {
        GRAMMARS.forEach((block, keywords) -> {
            for (String keyword : keywords) {
                if (block.equals(Keywords.TOP_LEVEL) && keyword.equals("tandem_control")) {
                    assertThat(Keywords.find(block, keyword)).isPresent();
                    continue;
                }
                assertThat(Keywords.find(block, keyword).map(Keyword::keywordClass))
                        .as("%s %s", block, keyword)
                        .contains(KeywordClass.HONOURED);
            }
        });
    }

    @Test
    void everyHonouredKeywordHasAGrammarRule() {
        for (Keyword k : Keywords.all()) {
            String key = k.block() + " " + k.name();
            if (k.keywordClass() != KeywordClass.HONOURED) {
                continue;
            }
            if (k.block().equals("unicast_peer")) { // options on a peer's line, not statements of a block
                assertThat(VrrpInstanceGrammar.UNICAST_PEER_OPTIONS).as(key).contains(k.name());
                continue;
            }
            assertThat(GRAMMARS.get(k.block())).as(key).contains(k.name());
        }
    }

    @Test
    void bothSpellingsOfTheTrackBlocksAreReadAsOne() {
        ConfigResult r = ConfigLoader.parse(
                "t.conf",
                "track_process p {\n process nginx\n fork_delay 2\n}\nvrrp_track_process q {\n process sshd\n}\n",
                java.nio.file.Path.of("."));
        assertThat(r.errors()).isEmpty();
        assertThat(r.keywordUses())
                .extracting(u -> u.keyword().where() + " " + u.keyword().keywordClass())
                .contains("vrrp_track_process fork_delay HONOURED");
    }

    @Test
    void everyRefusedKeywordSaysWhatToDoInstead() {
        List<String> doThis = List.of("remove it", "use ", "instead", "write ", "set ", "run ", "put ", "add ");
        for (Keyword k : Keywords.all()) {
            if (k.keywordClass() == KeywordClass.REFUSED) {
                assertThat(doThis).as(k.where() + ": " + k.explanation()).anyMatch(k.explanation()::contains);
            }
        }
    }

    @Test
    void keywordsThatWouldChangeWhoIsMasterOrWhichAddressesAreHeldAreRefused() {
        String[][] refused = {
            {"vrrp_instance", "accept"},
            {"vrrp_instance", "no_accept"},
            {"global_defs", "vrrp_strict"},
            {"vrrp_instance", "strict_mode"},
            {"vrrp_instance", "use_vmac_addr"},
        };
        for (String[] k : refused) {
            assertThat(Keywords.find(k[0], k[1]).map(Keyword::keywordClass))
                    .as("%s %s", k[0], k[1])
                    .contains(KeywordClass.REFUSED);
        }
    }

    @Test
    void theDeprecatedTrackFileBlockReadsAsTrackFile() {
        assertThat(Keywords.blockOf("vrrp_track_file maint")).isEqualTo("track_file");
        assertThat(Keywords.blockOf("vrrp_instance VI_1")).isEqualTo("vrrp_instance");
        assertThat(Keywords.blockOf("")).isEqualTo(Keywords.TOP_LEVEL);
    }
}
