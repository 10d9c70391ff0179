package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/** The dual-master configs the project started from, copied verbatim (trailing spaces included), read in full. */
class SeedConfigTest {

    private static final Path SEED = Path.of("..", "conf", "seed-dual-master");

    @Test
    void node1IsMasterOfVi1AndBackupOfVi2() throws Exception {
        KeepalivedConfig config = loadCleanly("node1.conf");

        assertInstance(config.instances().get(0), "VI_1", InitialState.MASTER, 51, 100, "192.168.1.8");
        assertInstance(config.instances().get(1), "VI_2", InitialState.BACKUP, 52, 99, "192.168.1.9");
    }

    @Test
    void node2IsBackupOfVi1AndMasterOfVi2() throws Exception {
        KeepalivedConfig config = loadCleanly("node2.conf");

        assertInstance(config.instances().get(0), "VI_1", InitialState.BACKUP, 51, 99, "192.168.1.8");
        assertInstance(config.instances().get(1), "VI_2", InitialState.MASTER, 52, 100, "192.168.1.9");
    }

    private static KeepalivedConfig loadCleanly(String name) {
        ConfigResult result = ConfigLoader.load(SEED.resolve(name));
        assertThat(result.diagnostics()).isEmpty();
        KeepalivedConfig config = result.config();
        assertThat(config.warnings()).isEmpty();
        assertThat(config.instances()).extracting(VrrpInstanceConfig::name).containsExactly("VI_1", "VI_2");
        assertThat(config.scripts()).isEmpty();
        assertThat(config.trackFiles()).isEmpty();
        assertThat(config.syncGroups()).isEmpty();
        assertThat(config.globals()).isEqualTo(GlobalDefs.defaults());
        return config;
    }

    private static void assertInstance(
            VrrpInstanceConfig i, String name, InitialState state, int vrid, int priority, String vip)
            throws Exception {
        assertThat(i.name()).isEqualTo(name);
        assertThat(i.initialState()).isEqualTo(state);
        assertThat(i.interfaceName()).isEqualTo("eth0");
        assertThat(i.virtualRouterId()).isEqualTo(vrid);
        assertThat(i.priority()).isEqualTo(priority);
        assertThat(i.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(i.version()).isEqualTo(VrrpVersion.V2);
        assertThat(i.authentication()).isEqualTo(Optional.of(new Authentication(AuthType.PASS, "password")));
        assertThat(i.virtualAddresses()).singleElement().satisfies(a -> {
            assertThat(a.address()).isEqualTo(InetAddress.getByName(vip));
            assertThat(a.prefixLength()).isEqualTo(32);
            assertThat(a.device()).isEmpty();
        });
        assertThat(i.excludedAddresses()).isEmpty();
        assertThat(i.preempt()).isTrue();
        assertThat(i.preemptDelay()).isZero();
        assertThat(i.unicastPeers()).isEmpty();
        assertThat(i.trackScripts()).isEmpty();
    }
}
