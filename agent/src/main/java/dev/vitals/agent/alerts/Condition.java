package dev.vitals.agent.alerts;

/** A rule's condition. A value that is not a number (no data) never satisfies any of them. */
public enum Condition {
    GREATER_THAN("greater_than", ">"),
    LESS_THAN("less_than", "<"),
    EQUALS("equals", "=");

    /** {@code equals} compares with this tolerance, so that 0.1 + 0.2 equals 0.3. */
    static final double EPSILON = 1e-9;

    private final String label;
    private final String symbol;

    Condition(String label, String symbol) {
        this.label = label;
        this.symbol = symbol;
    }

    public String label() {
        return label;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double value, double threshold) {
        if (Double.isNaN(value)) {
            return false;
        }
        switch (this) {
            case GREATER_THAN:
                return value > threshold;
            case LESS_THAN:
                return value < threshold;
            default:
                return Math.abs(value - threshold) <= EPSILON * Math.max(1.0, Math.abs(threshold));
        }
    }

    /** The condition for a label, or {@code null}. */
    static Condition of(String label) {
        for (Condition c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        return null;
    }
}
