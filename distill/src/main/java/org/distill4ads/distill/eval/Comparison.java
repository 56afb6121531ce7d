package org.distill4ads.distill.eval;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The uncertainty of an evaluation: every system's metrics with their {@link Bootstrap} intervals,
 * and every system's paired difference against its baseline (the same items, the same resamples)
 * with the verdict the interval gives.
 */
public final class Comparison {
    private final Map<String, Map<ItemMetric, Bootstrap.Interval>> intervals = new LinkedHashMap<>();
    private final Map<String, Map<ItemMetric, Bootstrap.Difference>> differences = new LinkedHashMap<>();
    private final Map<String, String> baselines;
    private final Bootstrap bootstrap;

    /**
     * @param systems    the per-item figures of each system, all over the same items
     * @param baselineOf for each system compared, the name of its baseline among {@code systems}
     * @param bootstrap  the resampling (its seed fixes every interval)
     */
    public Comparison(List<SystemItems> systems, Map<String, String> baselineOf, Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
        this.baselines = Map.copyOf(baselineOf);
        Map<String, SystemItems> byName = new HashMap<>();
        for (SystemItems s : systems) {
            if (byName.put(s.system(), s) != null) {
                throw new IllegalArgumentException("system " + s.system() + " appears twice");
            }
        }
        for (SystemItems s : systems) {
            Map<ItemMetric, Bootstrap.Interval> m = new EnumMap<>(ItemMetric.class);
            s.metrics().forEach((metric, values) -> m.put(metric, bootstrap.interval(values)));
            intervals.put(s.system(), m);
        }
        for (Map.Entry<String, String> e : baselineOf.entrySet()) {
            SystemItems system = byName.get(e.getKey());
            SystemItems baseline = byName.get(e.getValue());
            if (system == null || baseline == null) {
                throw new IllegalArgumentException("cannot compare " + e.getKey() + " with " + e.getValue()
                        + ": no per-item figures for " + (system == null ? e.getKey() : e.getValue()) + " among " + byName.keySet());
            }
            Map<ItemMetric, Bootstrap.Difference> d = new EnumMap<>(ItemMetric.class);
            for (Map.Entry<ItemMetric, PerItem> m : system.metrics().entrySet()) {
                PerItem b = baseline.metrics().get(m.getKey());
                if (b != null) {
                    d.put(m.getKey(), bootstrap.difference(m.getValue(), b));
                }
            }
            differences.put(e.getKey(), d);
        }
    }

    public Bootstrap bootstrap() {
        return bootstrap;
    }

    /** A system's metric with its interval; {@link Bootstrap.Interval#UNDEFINED} when not known. */
    public Bootstrap.Interval interval(String system, ItemMetric metric) {
        Map<ItemMetric, Bootstrap.Interval> m = intervals.get(system);
        return m == null ? Bootstrap.Interval.UNDEFINED : m.getOrDefault(metric, Bootstrap.Interval.UNDEFINED);
    }

    /** {@code system − baseline} for a metric, or null when the system has no baseline. */
    public Bootstrap.Difference difference(String system, ItemMetric metric) {
        Map<ItemMetric, Bootstrap.Difference> m = differences.get(system);
        return m == null ? null : m.get(metric);
    }

    /** The baseline a system is compared with, or null. */
    public String baseline(String system) {
        return baselines.get(system);
    }
}
