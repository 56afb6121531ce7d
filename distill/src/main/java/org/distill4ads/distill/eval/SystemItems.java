package org.distill4ads.distill.eval;

import java.util.EnumMap;
import java.util.Map;

/**
 * One system's figures per held-out item (in the order the items were evaluated), from which
 * {@link Bootstrap} draws its intervals; {@link SystemMetrics} holds the same figures over all items.
 *
 * @param system  the system's short name, as in {@link SystemMetrics#system()}
 * @param metrics each kept metric's per-item contributions
 */
public record SystemItems(String system, Map<ItemMetric, PerItem> metrics) {
    public SystemItems {
        metrics = Map.copyOf(new EnumMap<>(metrics));
    }

    /** The per-item values of a metric, or an exception naming the metrics there are. */
    public PerItem of(ItemMetric metric) {
        PerItem p = metrics.get(metric);
        if (p == null) {
            throw new IllegalArgumentException(system + " has no per-item " + metric + "; it has " + metrics.keySet());
        }
        return p;
    }
}
