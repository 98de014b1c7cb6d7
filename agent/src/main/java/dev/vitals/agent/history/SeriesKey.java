package dev.vitals.agent.history;

import java.util.Arrays;

/**
 * One series in a rollup: the family name, its label names and this series' label values. Immutable; arrays are
 * never modified after construction.
 */
final class SeriesKey implements Comparable<SeriesKey> {
    private static final String[] NONE = new String[0];

    final String family;
    final String[] labelNames;
    final String[] labelValues;
    private final int hash;

    SeriesKey(String family, String[] labelNames, String[] labelValues) {
        if (labelNames.length != labelValues.length) {
            throw new IllegalArgumentException(family + ": " + labelNames.length + " label names, "
                    + labelValues.length + " values");
        }
        this.family = family;
        this.labelNames = labelNames;
        this.labelValues = labelValues;
        this.hash = (family.hashCode() * 31 + Arrays.hashCode(labelNames)) * 31 + Arrays.hashCode(labelValues);
    }

    static SeriesKey of(String family) {
        return new SeriesKey(family, NONE, NONE);
    }

    static SeriesKey of(String family, String labelName, String labelValue) {
        return new SeriesKey(family, new String[] {labelName}, new String[] {labelValue});
    }

    /** The value of label {@code name}, or null when the series has no such label. */
    String label(String name) {
        for (int i = 0; i < labelNames.length; i++) {
            if (labelNames[i].equals(name)) {
                return labelValues[i];
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesKey)) {
            return false;
        }
        SeriesKey k = (SeriesKey) o;
        return hash == k.hash && family.equals(k.family) && Arrays.equals(labelNames, k.labelNames)
                && Arrays.equals(labelValues, k.labelValues);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(SeriesKey o) {
        int c = family.compareTo(o.family);
        if (c != 0) {
            return c;
        }
        return Arrays.compare(labelValues, o.labelValues);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(family).append('{');
        for (int i = 0; i < labelNames.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labelNames[i]).append('=').append(labelValues[i]);
        }
        return sb.append('}').toString();
    }
}
