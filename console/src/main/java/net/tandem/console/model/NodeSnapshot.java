package net.tandem.console.model;

import java.util.List;

/** What a node said about itself and its instances at one instant (the first message of every watch). */
public record NodeSnapshot(String routerId, boolean maintenance, List<InstanceSnapshot> instances) {
    public NodeSnapshot {
        instances = List.copyOf(instances);
    }
}
