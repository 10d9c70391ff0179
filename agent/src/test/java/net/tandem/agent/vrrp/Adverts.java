package net.tandem.agent.vrrp;

import java.util.Arrays;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/** Hand-made adverts for tests about odd or hostile peers. */
public final class Adverts {
    private Adverts() {}

    public static Advert v2(int vrid, int priority, String... vips) {
        return new Advert(
                VrrpVersion.V2,
                vrid,
                priority,
                1,
                Arrays.stream(vips).map(SimulatedLan::ip).toList(),
                AuthType.NONE,
                "");
    }

    static Advert v2(int vrid, int priority, int intervalSeconds, AuthType auth, String password, String... vips) {
        return new Advert(
                VrrpVersion.V2,
                vrid,
                priority,
                intervalSeconds,
                Arrays.stream(vips).map(SimulatedLan::ip).toList(),
                auth,
                password);
    }

    static Advert v3(int vrid, int priority, int intervalCentis, String... vips) {
        return new Advert(
                VrrpVersion.V3,
                vrid,
                priority,
                intervalCentis,
                Arrays.stream(vips).map(SimulatedLan::ip).toList(),
                AuthType.NONE,
                "");
    }
}
