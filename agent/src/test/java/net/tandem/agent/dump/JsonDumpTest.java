package net.tandem.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.tandem.agent.control.FakeControlTarget;
import org.junit.jupiter.api.Test;

class JsonDumpTest {
    private final String json =
            JsonDump.format(new FakeControlTarget().status(), Instant.parse("2026-05-01T10:01:02Z"));

    @Test
    void anArrayOfDataAndStatsPerInstanceAsKeepalivedWritesIt() {
        assertThat(json)
                .startsWith(
                        "[{\"data\":{\"iname\":\"VI_1\",\"ifp_ifname\":\"eth0\",\"vrid\":51,\"vmac_ifname\":\"\",\"version\":2,"
                                + "\"state\":2,\"state_name\":\"MASTER\",")
                .contains("},{\"data\":{\"iname\":\"VI_2\"")
                .endsWith("}}]\n");
    }

    @Test
    void anInstanceWithUseVmacNamesItsVmacAsKeepalivedDoes() {
        var t = new FakeControlTarget();
        var s = t.status();
        var withVmac = new net.tandem.agent.control.NodeStatus(
                s.routerId(),
                s.version(),
                s.startedAt(),
                s.maintenance(),
                s.configFile(),
                s.configLoadedAt(),
                java.util.List.of(FakeControlTarget.withVmac(
                        FakeControlTarget.vi1(),
                        new net.tandem.agent.control.InstanceStatus.VmacStatus("vrrp.51", "00:00:5e:00:01:33", true))),
                s.scripts(),
                s.loopMaxLatenessNanos());
        String out = JsonDump.format(withVmac, Instant.parse("2026-05-01T10:01:02Z"));
        assertThat(out)
                .startsWith("[{\"data\":{\"iname\":\"VI_1\",\"ifp_ifname\":\"vrrp.51\",\"vrid\":51,"
                        + "\"vmac_ifname\":\"vrrp.51\",");
        assertThat(DataDump.format(withVmac, Instant.parse("2026-05-01T10:01:02Z")))
                .contains("   Interface = vrrp.51, vmac 00:00:5e:00:01:33 on eth0, xmit base i/f\n");
    }

    @Test
    void keepalivedsKeysCarryTheSameMeaning() {
        assertThat(json)
                .contains("\"base_priority\":100,\"effective_priority\":150,")
                .contains("\"master_saddr\":\"192.0.2.1\",\"master_priority\":150,")
                .contains("\"stats\":{\"advert_rcvd\":12,\"advert_sent\":61,\"become_master\":1,\"release_master\":0,")
                .contains("\"ip_ttl_err\":3,")
                .contains("\"auth_failure\":2,\"pri_zero_rcvd\":1,\"pri_zero_sent\":0,");
    }

    @Test
    void ourOwnFieldsUseMillisecondsAndMinusOneForNever() {
        assertThat(json)
                .contains("\"override\":150,\"override_reason\":\"takeover by operator\",")
                .contains("\"skew_time_ms\":414,")
                .contains("\"vips\":[{\"address\":\"192.0.2.8/32\",\"dev\":\"eth0\",\"in_kernel\":true}]")
                .contains("\"trackers\":[{\"kind\":\"script\",\"name\":\"chk_nginx\",\"ok\":true,\"weight\":20,"
                        + "\"contribution\":20}]")
                .contains("\"last_advert_sent_ms_ago\":-1,")
                .contains("\"override\":null,\"override_reason\":null,");
    }

    @Test
    void stringsAreEscaped() {
        assertThat(JsonDump.quote("a \"b\"\\\n\u0001")).isEqualTo("\"a \\\"b\\\"\\\\\\n\\u0001\"");
    }
}
