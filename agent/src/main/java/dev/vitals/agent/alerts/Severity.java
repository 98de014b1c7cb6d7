package dev.vitals.agent.alerts;

/** Alert levels: info, warning (level 1), critical (level 2) and emergency (level 3). */
public enum Severity {
    INFO, WARNING, CRITICAL, EMERGENCY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Severity of(String label) {
        for (Severity s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }
}
