package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.VrrpInstanceConfig;
import org.junit.jupiter.api.Test;

/** InstanceField lists every component of VrrpInstanceConfig exactly once, and reads the right one. */
class InstanceFieldTest {
    /** Every component set, and no two of them to the same value, so a crossed accessor shows. */
    static final String CONFIG = """
            global_defs {
                vrrp_garp_interval 0.011
            }
            vrrp_script chk {
                script "/bin/true"
            }
            vrrp_track_file prio {
                file "/run/tandem-test-prio"
            }
            track_process web {
                process nginx
            }
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                version 2
                authentication {
                    auth_type PASS
                    auth_pass secret
                }
                virtual_ipaddress {
                    192.0.2.8/24
                }
                virtual_ipaddress_excluded {
                    192.0.2.9/24
                }
                nopreempt
                preempt_delay 4
                garp_master_delay 3
                garp_master_repeat 2
                garp_master_refresh 7
                garp_master_refresh_repeat 6
                garp_lower_prio_delay 8
                garp_lower_prio_repeat 9
                higher_prio_send_advert
                mcast_src_ip 192.0.2.1
                unicast_src_ip 192.0.2.2
                unicast_peer {
                    192.0.2.3 min_ttl 60
                }
                unicast_ttl 64
                unicast_fault_no_peer
                v3_checksum_as_v2
                track_interface {
                    eth1
                }
                dont_track_primary
                track_script {
                    chk
                }
                track_file {
                    prio
                }
                track_process {
                    web
                }
                notify_master "/bin/true"
            }
            """;

    static String constantName(RecordComponent rc) {
        return rc.getName().replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
    }

    @Test
    void everyRecordComponentHasExactlyOneField() {
        List<String> components = Arrays.stream(VrrpInstanceConfig.class.getRecordComponents())
                .map(InstanceFieldTest::constantName)
                .toList();
        List<String> fields =
                Arrays.stream(InstanceField.values()).map(Enum::name).toList();
        assertThat(fields).containsExactlyElementsOf(components);
    }

    @Test
    void eachFieldReadsItsOwnComponent() throws Exception {
        ConfigResult r = ConfigLoader.parse("t.conf", CONFIG, Path.of("."));
        assertThat(r.errors()).isEmpty();
        VrrpInstanceConfig c = r.config().instances().getFirst();
        List<Object> values = new ArrayList<>();
        for (RecordComponent rc : VrrpInstanceConfig.class.getRecordComponents()) {
            Object value = rc.getAccessor().invoke(c);
            assertThat(InstanceField.valueOf(constantName(rc)).of(c))
                    .as(rc.getName())
                    .isEqualTo(value);
            if (!(value instanceof Boolean)) { // three flags cannot all differ; each is still read above
                values.add(value);
            }
        }
        assertThat(values)
                .as("the sample sets every non-flag component to a value of its own")
                .doesNotHaveDuplicates();
    }
}
