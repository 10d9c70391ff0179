package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private final Diagnostics diagnostics = new Diagnostics();

    private List<Token> words(String text) {
        return new Lexer("t.conf", diagnostics)
                .tokenize(text).stream()
                        .filter(t -> t.kind() != Token.Kind.END_OF_LINE)
                        .toList();
    }

    @Test
    void everyTokenKnowsItsFileLineAndColumn() {
        List<Token> tokens = words("vrrp_instance VI_1 {\n\tpriority 100\n}");

        assertThat(tokens)
                .extracting(t -> t.text() + "@" + t.pos())
                .containsExactly(
                        "vrrp_instance@t.conf:1:1",
                        "VI_1@t.conf:1:15",
                        "{@t.conf:1:20",
                        "priority@t.conf:2:2",
                        "100@t.conf:2:11",
                        "}@t.conf:3:1");
    }

    @Test
    void hashAndBangCommentOutTheRestOfTheLine() {
        assertThat(words("# whole line\n! also\npriority 100 # trailing\nweight 2 ! trailing"))
                .extracting(Token::text)
                .containsExactly("priority", "100", "weight", "2");
    }

    @Test
    void aCommentCharacterInsideAWordOrQuotesIsKept() {
        assertThat(words("auth_pass pa#ss!1\nscript \"/bin/echo # not a comment\""))
                .extracting(Token::text)
                .containsExactly("auth_pass", "pa#ss!1", "script", "/bin/echo # not a comment");
    }

    @Test
    void aQuotedStringIsOneWord() {
        Token script = words("script \"/usr/bin/check arg\"").get(1);

        assertThat(script.text()).isEqualTo("/usr/bin/check arg");
        assertThat(script.quoted()).isTrue();
        assertThat(script.pos().column()).isEqualTo(8);
    }

    @Test
    void crlfAndTrailingSpacesAreHarmless() {
        assertThat(words("priority 100   \r\nstate MASTER\t \r\n"))
                .extracting(Token::text)
                .containsExactly("priority", "100", "state", "MASTER");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void bracesAreTokensEvenWhenGluedToWords() {
        assertThat(words("virtual_ipaddress{192.0.2.8}"))
                .extracting(Token::text)
                .containsExactly("virtual_ipaddress", "{", "192.0.2.8", "}");
    }

    @Test
    void unterminatedQuoteIsAnErrorAtTheQuote() {
        words("script \"/bin/true\nnext line");

        assertThat(diagnostics.all())
                .extracting(Diagnostic::toString)
                .containsExactly(
                        "t.conf:1:8: error: unterminated quoted string: expected a closing \" on the same line");
    }

    @Test
    void aBlockCanOpenOnTheLineAfterItsKeyword() {
        ConfigResult result = ConfigLoader.parse("t.conf", """
                vrrp_instance VI_1
                {
                    interface eth0
                    virtual_router_id 51
                }
                """, Path.of("."));

        assertThat(NotifyOnly.besidesNotifyOnlyWarnings(result.diagnostics())).isEmpty();
        assertThat(result.config().instances())
                .singleElement()
                .satisfies(i -> assertThat(i.interfaceName()).isEqualTo("eth0"));
    }

    @Test
    void aWholeBlockOnOneLineIsRead() {
        ConfigResult result = ConfigLoader.parse(
                "t.conf",
                "vrrp_instance VI_1 { interface eth0\n virtual_router_id 51\n virtual_ipaddress { 192.0.2.8 } }",
                Path.of("."));

        assertThat(NotifyOnly.besidesNotifyOnlyWarnings(result.diagnostics())).isEmpty();
        assertThat(result.config().instances().getFirst().virtualAddresses()).hasSize(1);
    }
}
