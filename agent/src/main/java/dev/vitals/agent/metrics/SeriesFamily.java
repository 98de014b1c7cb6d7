package dev.vitals.agent.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A metric with 0 to 4 labels and a cap on how many label combinations (series) it holds.
 *
 * <p><b>Lookup.</b> {@code get(v1, ...)} returns the series for those label values, creating it on first use.
 * Series are stored in nested {@link ConcurrentHashMap}s, one level per label, so looking up an existing series
 * is a few lock-free hash lookups with no composite key and no varargs array: it allocates nothing. Creating a
 * series allocates, and may briefly contend on a map bin.
 *
 * <p><b>Cap.</b> Once the family holds {@code maxSeries} series, every new combination gets one shared overflow
 * series whose label values are all {@link #OTHER}; it is not counted against the cap, so {@link #size()} never
 * exceeds {@code maxSeries + 1}, however many distinct values arrive (unbounded labels ran Micrometer users out of
 * memory: micrometer-metrics/micrometer#3038). A combination whose values are all {@code _other} is the overflow
 * series too, so label sets stay unique. Null and empty values are stored as {@link #UNKNOWN}.
 *
 * <p>Thread-safety: all methods may be called concurrently. {@code get} with a value count that does not match
 * {@link #labelNames()} is a programming error and throws {@link IllegalArgumentException}; no label value ever
 * makes it throw. {@link #forEach} is weakly consistent (it sees series created before it began, perhaps more).
 *
 * @param <T> the series type
 */
public abstract class SeriesFamily<T> {
    /** Label value of the overflow series. */
    public static final String OTHER = "_other";
    /** Stored for a null or empty label value. */
    public static final String UNKNOWN = "unknown";
    /** Most labels a family may have. */
    public static final int MAX_LABELS = 5;

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String name;
    private final String[] labelNames;
    private final int labelCount;
    private final int maxSeries;
    /** Level-0 node; for a family without labels its series is in {@link #single}. */
    private final Node<T> root = Node.inner();
    private final AtomicReference<T> single = new AtomicReference<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicReference<T> overflow = new AtomicReference<>();

    /**
     * @throws IllegalArgumentException on an invalid metric or label name, a repeated label name, more than
     *                                  {@link #MAX_LABELS} labels or a negative cap
     */
    protected SeriesFamily(String name, int maxSeries, String... labelNames) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
        String[] labels = labelNames == null ? new String[0] : labelNames.clone();
        if (labels.length > MAX_LABELS) {
            throw new IllegalArgumentException(name + ": at most " + MAX_LABELS + " labels, got " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            String l = labels[i];
            if (l == null || !LABEL_NAME.matcher(l).matches() || l.startsWith("__")) {
                throw new IllegalArgumentException(name + ": invalid label name: " + l);
            }
            for (int j = 0; j < i; j++) {
                if (labels[j].equals(l)) {
                    throw new IllegalArgumentException(name + ": repeated label name: " + l);
                }
            }
        }
        if (maxSeries < 0) {
            throw new IllegalArgumentException(name + ": maxSeries must be >= 0, was " + maxSeries);
        }
        this.name = name;
        this.labelNames = labels;
        this.labelCount = labels.length;
        this.maxSeries = maxSeries;
    }

    /** Creates a new, empty series. Called at most once per label combination (plus once for the overflow). */
    protected abstract T newSeries();

    public final String name() {
        return name;
    }

    /** A copy of the label names. */
    public final String[] labelNames() {
        return labelNames.clone();
    }

    public final int maxSeries() {
        return maxSeries;
    }

    /** Number of series, counting the overflow series once it exists: at most {@code maxSeries + 1}. */
    public final int size() {
        if (labelCount == 0) {
            return single.get() == null ? 0 : 1;
        }
        return created.get() + (overflow.get() == null ? 0 : 1);
    }

    /** The series of a family without labels. */
    public final T get() {
        checkArity(0);
        T s = single.get();
        if (s != null) {
            return s;
        }
        T fresh = newSeries();
        return single.compareAndSet(null, fresh) ? fresh : single.get();
    }

    public final T get(String v1) {
        checkArity(1);
        Node<T> leaf = child(root, v1);
        return leaf != null ? leaf.series : create(v1, null, null, null, null);
    }

    public final T get(String v1, String v2) {
        checkArity(2);
        Node<T> leaf = child(child(root, v1), v2);
        return leaf != null ? leaf.series : create(v1, v2, null, null, null);
    }

    public final T get(String v1, String v2, String v3) {
        checkArity(3);
        Node<T> leaf = child(child(child(root, v1), v2), v3);
        return leaf != null ? leaf.series : create(v1, v2, v3, null, null);
    }

    public final T get(String v1, String v2, String v3, String v4) {
        checkArity(4);
        Node<T> leaf = child(child(child(child(root, v1), v2), v3), v4);
        return leaf != null ? leaf.series : create(v1, v2, v3, v4, null);
    }

    public final T get(String v1, String v2, String v3, String v4, String v5) {
        checkArity(5);
        Node<T> leaf = child(child(child(child(child(root, v1), v2), v3), v4), v5);
        return leaf != null ? leaf.series : create(v1, v2, v3, v4, v5);
    }

    /** The node under {@code parent} for the label value {@code value}, or null; null under null, so lookups chain. */
    private static <T> Node<T> child(Node<T> parent, String value) {
        return parent == null ? null : parent.children.get(safe(value));
    }

    /**
     * Visits every series, the overflow series last. Read side: allocates a label array per series.
     */
    public final void forEach(SeriesVisitor<T> visitor) {
        if (labelCount == 0) {
            T s = single.get();
            if (s != null) {
                visitor.visit(new String[0], s);
            }
            return;
        }
        walk(root, new String[labelCount], 0, visitor);
        T o = overflow.get();
        if (o != null) {
            String[] values = new String[labelCount];
            for (int i = 0; i < labelCount; i++) {
                values[i] = OTHER;
            }
            visitor.visit(values, o);
        }
    }

    private void walk(Node<T> node, String[] values, int level, SeriesVisitor<T> visitor) {
        for (Map.Entry<String, Node<T>> e : node.children.entrySet()) {
            values[level] = e.getKey();
            Node<T> child = e.getValue();
            if (level == labelCount - 1) {
                visitor.visit(values.clone(), child.series);
            } else {
                walk(child, values, level + 1, visitor);
            }
        }
    }

    private void checkArity(int given) {
        if (given != labelCount) {
            throw new IllegalArgumentException(new StringBuilder(64).append(name).append(" has ")
                    .append(labelCount).append(" labels; get() was given ").append(given).toString());
        }
    }

    private static String safe(String v) {
        return v == null || v.isEmpty() ? UNKNOWN : v;
    }

    private static String valueAt(int level, String v1, String v2, String v3, String v4, String v5) {
        switch (level) {
            case 0:
                return safe(v1);
            case 1:
                return safe(v2);
            case 2:
                return safe(v3);
            case 3:
                return safe(v4);
            default:
                return safe(v5);
        }
    }

    /**
     * The slow path: the combination was not found. Checks the cap before allocating anything, so a flood of new
     * values at the cap allocates nothing and creates no intermediate map.
     */
    private T create(String v1, String v2, String v3, String v4, String v5) {
        if (created.get() >= maxSeries || allOther(v1, v2, v3, v4, v5)) {
            return overflow();
        }
        if (!reserve()) {
            return overflow();
        }
        boolean inserted = false;
        try {
            Node<T> node = root;
            for (int level = 0; ; level++) {
                String v = valueAt(level, v1, v2, v3, v4, v5);
                if (level == labelCount - 1) {
                    Node<T> existing = node.children.get(v);
                    if (existing != null) {
                        return existing.series;
                    }
                    Node<T> leaf = Node.leaf(newSeries());
                    existing = node.children.putIfAbsent(v, leaf);
                    if (existing != null) {
                        return existing.series;
                    }
                    inserted = true;
                    return leaf.series;
                }
                Node<T> child = node.children.get(v);
                if (child == null) {
                    Node<T> fresh = Node.inner();
                    child = node.children.putIfAbsent(v, fresh);
                    if (child == null) {
                        child = fresh;
                    }
                }
                node = child;
            }
        } finally {
            if (!inserted) {
                // Another thread created the same combination (or newSeries failed): give the slot back.
                created.decrementAndGet();
            }
        }
    }

    private boolean allOther(String v1, String v2, String v3, String v4, String v5) {
        for (int level = 0; level < labelCount; level++) {
            if (!OTHER.equals(valueAt(level, v1, v2, v3, v4, v5))) {
                return false;
            }
        }
        return true;
    }

    private boolean reserve() {
        while (true) {
            int c = created.get();
            if (c >= maxSeries) {
                return false;
            }
            if (created.compareAndSet(c, c + 1)) {
                return true;
            }
        }
    }

    private T overflow() {
        T o = overflow.get();
        if (o != null) {
            return o;
        }
        T fresh = newSeries();
        return overflow.compareAndSet(null, fresh) ? fresh : overflow.get();
    }

    /** Visits every series without building label arrays (rotation). */
    final void forEachSeries(SeriesVisitor<T> visitor) {
        if (labelCount == 0) {
            T s = single.get();
            if (s != null) {
                visitor.visit(null, s);
            }
            return;
        }
        walkSeries(root, 0, visitor);
        T o = overflow.get();
        if (o != null) {
            visitor.visit(null, o);
        }
    }

    private void walkSeries(Node<T> node, int level, SeriesVisitor<T> visitor) {
        for (Node<T> child : node.children.values()) {
            if (level == labelCount - 1) {
                visitor.visit(null, child.series);
            } else {
                walkSeries(child, level + 1, visitor);
            }
        }
    }

    /** One tree level: an inner node has children, a leaf has the series. */
    private static final class Node<T> {
        final ConcurrentHashMap<String, Node<T>> children;
        final T series;

        private Node(ConcurrentHashMap<String, Node<T>> children, T series) {
            this.children = children;
            this.series = series;
        }

        static <T> Node<T> inner() {
            return new Node<>(new ConcurrentHashMap<>(), null);
        }

        static <T> Node<T> leaf(T series) {
            return new Node<>(null, series);
        }
    }
}
