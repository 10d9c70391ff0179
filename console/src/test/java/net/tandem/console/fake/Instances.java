package net.tandem.console.fake;

import java.util.List;
import java.util.OptionalInt;
import net.tandem.console.model.InstanceSnapshot;
import net.tandem.console.model.NodeSnapshot;
import net.tandem.console.model.VrrpState;

/**
 * Instances as the lab's seed configuration has them (advert_int 1 s), for tests: a MASTER that
 * sent its last advert 0.3 s ago, a BACKUP that heard it 0.2 s ago with 3.4 s left on its master
 * down timer.
 */
public final class Instances {
    public static final long SECOND = 1_000_000_000L;

    private Instances() {}

    public static InstanceSnapshot master(String name, int priority, String... vips) {
        return new InstanceSnapshot(
                name,
                VrrpState.MASTER,
                "higher priority than the master",
                priority,
                priority,
                OptionalInt.empty(),
                List.of(vips),
                SECOND,
                3 * SECOND + 609_375_000L,
                -1,
                -1,
                300_000_000L,
                3);
    }

    public static InstanceSnapshot backup(String name, int priority, String... vips) {
        return new InstanceSnapshot(
                name,
                VrrpState.BACKUP,
                "lower priority than the master",
                priority,
                priority,
                OptionalInt.empty(),
                List.of(vips),
                SECOND,
                3 * SECOND + 609_375_000L,
                3_400_000_000L,
                200_000_000L,
                -1,
                2);
    }

    public static InstanceSnapshot inState(String name, VrrpState state, int priority, String... vips) {
        return new InstanceSnapshot(
                name,
                state,
                "test",
                priority,
                priority,
                OptionalInt.empty(),
                List.of(vips),
                SECOND,
                3 * SECOND + 609_375_000L,
                -1,
                -1,
                -1,
                1);
    }

    public static NodeSnapshot node(String routerId, InstanceSnapshot... instances) {
        return new NodeSnapshot(routerId, false, List.of(instances));
    }
}
