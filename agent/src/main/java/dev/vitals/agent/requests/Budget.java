package dev.vitals.agent.requests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The performance budget: p95 and average response time, error rate and memory, each checked
 * against its limit. A figure over its limit is a violation; one past 85 % of it gets a recommendation
 * ("P95 approaching budget threshold: 850ms/1000ms"). Pure arithmetic, no clock.
 */
public final class Budget {
    /** A recommendation appears when a figure passes 85 % of its budget. */
    static final double APPROACHING = 0.85;

    /** One budgeted figure. */
    public static final class Item {
        public final String name;
        public final String label;
        public final String unit;
        public final double limit;
        public final double current;
        /** True for a floor (availability), false for a ceiling (everything else). */
        public final boolean atLeast;

        Item(String name, String label, String unit, double limit, double current, boolean atLeast) {
            this.name = name;
            this.label = label;
            this.unit = unit;
            this.limit = limit;
            this.current = current;
            this.atLeast = atLeast;
        }

        public boolean within() {
            return atLeast ? current >= limit : current <= limit;
        }
    }

    public final List<Item> items = new ArrayList<>();
    public final List<String> violations = new ArrayList<>();
    public final List<String> recommendations = new ArrayList<>();

    Budget(double p95Limit, double p95, double averageLimit, double average, double errorRateLimit, double errorRate,
           double memoryLimitMb, double memoryMb, double availabilityTarget, double availability) {
        add(new Item("responseTimeP95", "P95", "ms", p95Limit, p95, false));
        add(new Item("averageResponseTime", "Average response time", "ms", averageLimit, average, false));
        add(new Item("errorRate", "Error rate", "%", errorRateLimit, errorRate, false));
        add(new Item("memoryUsage", "Memory usage", "MB", memoryLimitMb, memoryMb, false));
        add(new Item("availability", "Availability", "%", availabilityTarget, availability, true));
    }

    private void add(Item item) {
        items.add(item);
        String figures = format(item.current) + item.unit + "/" + format(item.limit) + item.unit;
        if (!item.within()) {
            violations.add(item.label + (item.atLeast ? " under target: " : " over budget: ") + figures);
        } else if (item.atLeast) {
            // A floor's error budget is the room below 100 %: warn when 85 % of it is used.
            double errorBudget = 100.0 - item.limit;
            if (errorBudget > 0 && 100.0 - item.current >= APPROACHING * errorBudget) {
                recommendations.add(item.label + " error budget " + format(Math.round(100.0 * (100.0 - item.current) / errorBudget))
                        + "% used: " + figures);
            }
        } else if (item.limit > 0 && item.current >= APPROACHING * item.limit) {
            recommendations.add(item.label + " approaching budget threshold: " + figures);
        }
    }

    public boolean withinBudget() {
        return violations.isEmpty();
    }

    static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, v > 99 && v < 100 ? "%.2f" : "%.1f", v);
    }
}
