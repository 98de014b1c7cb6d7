package dev.vitals.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rows of figures (one per metric and agent), their medians and ratios to no agent, printed as one table and
 * written as CSV and JSON. Shared by {@link AgentComparison} and {@link ProcessComparison}.
 */
final class Report {
    /** One metric for one agent: every run's value, in the metric's unit. */
    static final class Row {
        final String metric;
        final String unit;
        final String agent;
        final List<Double> values = new ArrayList<>();
        /** The round of each value, in the same order; -1 where the caller gave none. */
        final List<Integer> rounds = new ArrayList<>();

        Row(String metric, String unit, String agent) {
            this.metric = metric;
            this.unit = unit;
            this.agent = agent;
        }

        double median() {
            return Report.median(values);
        }
    }

    private final String title;
    private final List<String> agents;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** Metrics also compared round by round ({@link #paired()}), in the order first asked for. */
    private final Set<String> pairedMetrics = new LinkedHashSet<>();

    Report(String title, List<String> agents) {
        this.title = title;
        this.agents = agents;
    }

    void add(String metric, String unit, String agent, double value) {
        add(metric, unit, agent, -1, value);
    }

    /** One run's value, from round {@code round} of a comparison in which every round runs every agent once. */
    void add(String metric, String unit, String agent, int round, double value) {
        Row row = rows.computeIfAbsent(metric + "\u0000" + agent, k -> new Row(metric, unit, agent));
        row.values.add(value);
        row.rounds.add(round);
    }

    /**
     * Also compares {@code metric} round by round ({@link #paired()}): its values must be added with their round.
     * Two agents that ran in the same round saw the machine in the same state, so the difference within a round is
     * steadier than the difference of two medians when the machine's speed drifts or jumps during a run.
     */
    void pairByRound(String metric) {
        pairedMetrics.add(metric);
    }

    void note(String line) {
        notes.add(line);
    }

    private Row row(String metric, String agent) {
        return rows.get(metric + "\u0000" + agent);
    }

    private List<String> metrics() {
        List<String> metrics = new ArrayList<>();
        for (Row r : rows.values()) {
            if (!metrics.contains(r.metric)) {
                metrics.add(r.metric);
            }
        }
        return metrics;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * One agent against a baseline on one metric: the difference in each round both ran, in percent of the baseline's
     * value, sorted.
     */
    static final class Paired {
        final String metric;
        final String agent;
        final String baseline;
        final double[] percents;

        Paired(String metric, String agent, String baseline, double[] percents) {
            this.metric = metric;
            this.agent = agent;
            this.baseline = baseline;
            this.percents = percents;
        }

        double median() {
            return percentile(percents, 0.5);
        }

        /** The first and third quartiles: the middle half of the rounds lies between them. */
        double lowerQuartile() {
            return percentile(percents, 0.25);
        }

        double upperQuartile() {
            return percentile(percents, 0.75);
        }

        /** The rounds in which the agent took more than the baseline. */
        long higher() {
            return Arrays.stream(percents).filter(p -> p > 0).count();
        }
    }

    /**
     * The baselines an agent is compared with round by round: no agent; one transformer that changes nothing (what any
     * agent that instruments classes as they load pays), when it ran; and, for Vitals, the second Vitals jar.
     */
    private List<String> baselinesFor(String agent) {
        List<String> baselines = new ArrayList<>();
        if (!agent.equals("none")) {
            baselines.add("none");
        }
        if (!List.of("none", "empty", "transformer").contains(agent)) {
            baselines.add("transformer");
        }
        if (agent.equals("vitals")) {
            baselines.add("vitals-base");
        }
        baselines.retainAll(agents);
        return baselines;
    }

    /** Every {@linkplain #pairByRound paired} metric, for every agent against each of its baselines. */
    List<Paired> paired() {
        List<Paired> paired = new ArrayList<>();
        for (String metric : pairedMetrics) {
            for (String agent : agents) {
                Row row = row(metric, agent);
                for (String baseline : baselinesFor(agent)) {
                    Row base = row(metric, baseline);
                    if (row == null || base == null) {
                        continue;
                    }
                    double[] percents = percentsByRound(row, base);
                    if (percents.length > 0) {
                        paired.add(new Paired(metric, agent, baseline, percents));
                    }
                }
            }
        }
        return paired;
    }

    /** {@code row}'s value over {@code base}'s in each round both have (a failed run leaves its round out), sorted. */
    private static double[] percentsByRound(Row row, Row base) {
        Map<Integer, Double> baseByRound = new LinkedHashMap<>();
        for (int i = 0; i < base.values.size(); i++) {
            if (base.rounds.get(i) >= 0) {
                baseByRound.put(base.rounds.get(i), base.values.get(i));
            }
        }
        List<Double> percents = new ArrayList<>();
        for (int i = 0; i < row.values.size(); i++) {
            Double b = baseByRound.get(row.rounds.get(i));
            if (b != null && b != 0) {
                percents.add((row.values.get(i) / b - 1) * 100);
            }
        }
        return percents.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** The {@code p} quantile of sorted {@code values}, interpolated between the two nearest. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    /** The round-by-round comparisons as lines of text, or nothing when no metric is paired. */
    String pairedTable() {
        List<Paired> paired = paired();
        if (paired.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("Round by round: in each round every agent ran once; an agent's value over its"
                + " baseline's in the same round, in %; the median over the rounds, the middle half of the rounds,"
                + " and the rounds in which the agent took more\n");
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("metric", "agent", "over", "median", "middle half", "more in"));
        for (Paired p : paired) {
            lines.add(List.of(p.metric, p.agent, p.baseline, String.format(Locale.ROOT, "%+.1f %%", p.median()),
                    String.format(Locale.ROOT, "%+.1f to %+.1f %%", p.lowerQuartile(), p.upperQuartile()),
                    p.higher() + " of " + p.percents.length));
        }
        appendColumns(sb, lines, 3);
        return sb.toString();
    }

    /** {@code lines} as aligned columns: the first {@code leftAligned} to the left (names), the others to the right. */
    private static void appendColumns(StringBuilder sb, List<List<String>> lines, int leftAligned) {
        int[] widths = new int[lines.get(0).size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                String cell = line.get(i);
                sb.append(i < leftAligned ? pad(cell, widths[i]) : padLeft(cell, widths[i])).append(i + 1 < line.size() ? "  " : "");
            }
            sb.append('\n');
        }
    }

    /** The table: one line per metric, one column per agent with its median and its ratio to no agent. */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        List<String> header = new ArrayList<>(List.of("metric", "unit"));
        for (String agent : agents) {
            header.add(agent);
            if (!agent.equals("none")) {
                header.add("x none");
                header.add("+ over none");
            }
            if (overEmpty(agent)) {
                header.add("+ over empty");
            }
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (String metric : metrics()) {
            List<String> line = new ArrayList<>();
            Row any = null;
            for (String agent : agents) {
                any = any != null ? any : row(metric, agent);
            }
            line.add(metric);
            line.add(any == null ? "" : any.unit);
            Row base = row(metric, "none");
            Row empty = row(metric, "empty");
            for (String agent : agents) {
                Row r = row(metric, agent);
                line.add(r == null ? "-" : format(r.median()) + (r.values.size() > 1 ? " (n=" + r.values.size() + ")" : ""));
                if (!agent.equals("none")) {
                    if (r == null || base == null) {
                        line.add("-");
                        line.add("-");
                    } else {
                        line.add(ratio(r.median(), base.median()));
                        line.add(signed(r.median() - base.median()));
                    }
                }
                if (overEmpty(agent)) {
                    line.add(r == null || empty == null ? "-" : signed(r.median() - empty.median()));
                }
            }
            lines.add(line);
        }
        appendColumns(sb, lines, 2);
        for (String note : notes) {
            sb.append("note: ").append(note).append('\n');
        }
        String paired = pairedTable();
        if (!paired.isEmpty()) {
            sb.append('\n').append(paired);
        }
        return sb.toString();
    }

    /** Whether the table shows {@code agent}'s figure over the empty agent's: for real agents, when it ran. */
    private boolean overEmpty(String agent) {
        return agents.contains("empty") && !agent.equals("none") && !agent.equals("empty");
    }

    /** CSV: metric,unit,agent,median,min,max,runs,ratio_to_none,added_over_none,values. */
    String csv() {
        StringBuilder sb = new StringBuilder("metric,unit,agent,median,min,max,runs,ratio_to_none,added_over_none,values\n");
        for (Row r : rows.values()) {
            Row base = row(r.metric, "none");
            double min = r.values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            double max = r.values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            sb.append(csvCell(r.metric)).append(',').append(csvCell(r.unit)).append(',').append(r.agent).append(',')
                    .append(plain(r.median())).append(',').append(plain(min)).append(',').append(plain(max)).append(',')
                    .append(r.values.size()).append(',')
                    .append(base == null ? "" : plain(r.median() / base.median())).append(',')
                    .append(base == null ? "" : plain(r.median() - base.median())).append(',')
                    .append(csvCell(join(r.values, " "))).append('\n');
        }
        return sb.toString();
    }

    String json(Map<String, String> environment) {
        StringBuilder sb = new StringBuilder("{\n  \"title\": ").append(quote(title)).append(",\n  \"environment\": {");
        int i = 0;
        for (Map.Entry<String, String> e : environment.entrySet()) {
            sb.append(i++ == 0 ? "\n" : ",\n").append("    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
        }
        sb.append("\n  },\n  \"notes\": [");
        for (int n = 0; n < notes.size(); n++) {
            sb.append(n == 0 ? "" : ", ").append(quote(notes.get(n)));
        }
        sb.append("],\n  \"results\": [");
        int k = 0;
        for (Row r : rows.values()) {
            Row base = row(r.metric, "none");
            sb.append(k++ == 0 ? "\n" : ",\n").append("    {\"metric\": ").append(quote(r.metric))
                    .append(", \"unit\": ").append(quote(r.unit)).append(", \"agent\": ").append(quote(r.agent))
                    .append(", \"median\": ").append(jsonNumber(r.median()))
                    .append(", \"ratioToNone\": ").append(base == null ? "null" : jsonNumber(r.median() / base.median()))
                    .append(", \"addedOverNone\": ").append(base == null ? "null" : jsonNumber(r.median() - base.median()))
                    .append(", \"values\": [").append(join(r.values, ", ")).append("]}");
        }
        sb.append("\n  ],\n  \"paired\": [");
        int n = 0;
        for (Paired p : paired()) {
            sb.append(n++ == 0 ? "\n" : ",\n").append("    {\"metric\": ").append(quote(p.metric))
                    .append(", \"agent\": ").append(quote(p.agent)).append(", \"baseline\": ").append(quote(p.baseline))
                    .append(", \"medianPercent\": ").append(jsonNumber(p.median()))
                    .append(", \"lowerQuartilePercent\": ").append(jsonNumber(p.lowerQuartile()))
                    .append(", \"upperQuartilePercent\": ").append(jsonNumber(p.upperQuartile()))
                    .append(", \"roundsHigher\": ").append(p.higher())
                    .append(", \"rounds\": ").append(p.percents.length).append('}');
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    /** Writes {@code name.csv}, {@code name.json} and {@code name.txt} (the table) into {@code dir}. */
    void write(Path dir, String name, Map<String, String> environment) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".csv"), csv());
        Files.writeString(dir.resolve(name + ".json"), json(environment));
        Files.writeString(dir.resolve(name + ".txt"), table());
    }

    /** Where and when: CPU, cores, JDK, kernel, date and load average (a busy machine shows here). */
    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", Instant.now().toString());
        env.put("cpu", cpuModel());
        env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("loadAverage1m", String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return env;
    }

    private static String cpuModel() {
        try (InputStream in = Files.newInputStream(Paths.get("/proc/cpuinfo"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + format(v);
    }

    private static String ratio(double v, double base) {
        if (base == 0 || Double.isNaN(base)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", v / base);
    }

    private static String plain(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String jsonNumber(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String join(List<Double> values, String sep) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : sep).append(jsonNumber(v));
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String pad(String s, int width) {
        char[] spaces = new char[Math.max(0, width - s.length())];
        Arrays.fill(spaces, ' ');
        return s + new String(spaces);
    }

    static String padLeft(String s, int width) {
        char[] spaces = new char[Math.max(0, width - s.length())];
        Arrays.fill(spaces, ' ');
        return new String(spaces) + s;
    }
}
