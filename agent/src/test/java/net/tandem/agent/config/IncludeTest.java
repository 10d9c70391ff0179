package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncludeTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static String instance(String name, int vrid) {
        return "vrrp_instance " + name + " {\n interface eth0\n virtual_router_id " + vrid + "\n}\n";
    }

    @Test
    void globIsRelativeToTheIncludingFileAndExpandsInSortedOrder() throws IOException {
        write("conf.d/20-vi2.conf", instance("VI_2", 52));
        write("conf.d/10-vi1.conf", instance("VI_1", 51));
        write("conf.d/notes.txt", "this is not configuration");
        Path main = write("keepalived.conf", "include conf.d/*.conf\n" + instance("VI_3", 53));

        ConfigResult result = ConfigLoader.load(main);

        assertThat(NotifyOnly.besidesNotifyOnlyWarnings(result.diagnostics())).isEmpty();
        assertThat(result.config().instances())
                .extracting(VrrpInstanceConfig::name)
                .containsExactly("VI_1", "VI_2", "VI_3");
    }

    @Test
    void includedStatementsKeepTheirOwnFileInDiagnostics() throws IOException {
        write("sub/bad.conf", "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 0\n}\n");
        Path main = write("main.conf", "include sub/bad.conf\n");

        ConfigResult result = ConfigLoader.load(main);

        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.pos().file()).isEqualTo(dir.resolve("sub/bad.conf").toString());
            assertThat(d.pos().line()).isEqualTo(4);
        });
    }

    @Test
    void includeWorksInsideABlock() throws IOException {
        write("vips.conf", "192.0.2.8/24\n192.0.2.9/24\n");
        Path main = write("main.conf", """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        include vips.conf
                    }
                }
                """);

        ConfigResult result = ConfigLoader.load(main);

        assertThat(NotifyOnly.besidesNotifyOnlyWarnings(result.diagnostics())).isEmpty();
        assertThat(result.config().instances().getFirst().virtualAddresses())
                .extracting(Object::toString)
                .containsExactly("192.0.2.8/24", "192.0.2.9/24");
    }

    @Test
    void globWithoutMatchIsAWarning() throws IOException {
        Path main = write("main.conf", "include nothing/*.conf\n" + instance("VI_1", 51));

        ConfigResult result = ConfigLoader.load(main);

        assertThat(result.hasErrors()).isFalse();
        assertThat(NotifyOnly.besidesNotifyOnlyWarnings(result.warnings()))
                .extracting(Diagnostic::message)
                .containsExactly("include: no file matches \"nothing/*.conf\"");
    }

    @Test
    void aFileIncludingItselfIsACycle() throws IOException {
        Path main = write("self.conf", instance("VI_1", 51) + "include self.conf\n");

        ConfigResult result = ConfigLoader.load(main);

        assertThat(result.errors())
                .extracting(Diagnostic::message)
                .containsExactly("include cycle: self.conf -> self.conf");
        assertThat(result.config().instances()).hasSize(1);
    }

    @Test
    void theSameFileIncludedTwiceSideBySideIsNotACycle() throws IOException {
        write("vip.conf", "192.0.2.8\n");
        Path main = write(
                "main.conf",
                instance("VI_1", 51)
                        .replace(
                                "}",
                                "virtual_ipaddress {\ninclude vip.conf\n}\nvirtual_ipaddress_excluded {\ninclude vip.conf\n}\n}"));

        ConfigResult result = ConfigLoader.load(main);

        assertThat(result.errors()).isEmpty();
    }

    @Test
    void anUnreadableRootFileIsADiagnosticNotAnException() {
        ConfigResult result = ConfigLoader.load(dir.resolve("missing.conf"));

        assertThat(result.errors())
                .extracting(Diagnostic::message)
                .containsExactly("cannot read " + dir.resolve("missing.conf") + ": no such file");
    }

    @Test
    void aMalformedGlobIsAnErrorNotACrash() throws IOException {
        // found by ConfigFuzzTarget: an unclosed bracket made the glob matcher throw out of the reader
        write("sub/a.conf", instance("VI_1", 51));
        Path main = write("main.conf", "include sub/*.con[[f\ninclude nul\0here.conf\n" + instance("VI_2", 52));

        ConfigResult result = ConfigLoader.load(main);

        assertThat(result.errors())
                .extracting(Diagnostic::message)
                .anySatisfy(m -> assertThat(m).startsWith("include: \"sub/*.con[[f\" is not a valid file name or glob"))
                .anySatisfy(m -> assertThat(m).startsWith("include: \"nul\0here.conf\" is not a valid file name"));
        assertThat(result.config().instances())
                .extracting(VrrpInstanceConfig::name)
                .containsExactly("VI_2");
    }
}
