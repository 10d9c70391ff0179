package net.tandem.console.grpc;

import java.util.ArrayList;
import java.util.List;
import net.tandem.proto.v1.MasterHeard;

/** The masters a node hears, as the agent's own log line says them: "192.0.2.9 (priority 50), this node". */
public final class MastersHeardText {
    private MastersHeardText() {}

    public static String of(List<MasterHeard> masters, boolean selfMaster) {
        List<String> parts = new ArrayList<>();
        for (MasterHeard m : masters) {
            parts.add(m.getAddress() + " (priority " + m.getPriority() + ")");
        }
        if (selfMaster) {
            parts.add("this node");
        }
        return parts.isEmpty() ? "none heard" : String.join(", ", parts);
    }
}
