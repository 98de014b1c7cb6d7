package dev.vitals.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportPairedTest {
    private static final String START = "Tomcat time to first 200";

    @Test
    void eachRoundIsComparedWithTheBaselineOfTheSameRound() {
        Report report = new Report("t", List.of("none", "vitals"));
        report.pairByRound(START);
        // The machine slows down during the run: the medians differ by 50 %, each round by 10 %.
        double[] none = {1000, 1500, 2000, 2500};
        for (int round = 0; round < none.length; round++) {
            report.add(START, "ms", "none", round, none[round]);
        }
        // Vitals ran its rounds in another order, as the comparison alternates it.
        for (int round : new int[] {3, 1, 0, 2}) {
            report.add(START, "ms", "vitals", round, none[round] * 1.1);
        }

        Report.Paired paired = only(report.paired());
        assertEquals("vitals", paired.agent);
        assertEquals("none", paired.baseline);
        assertEquals(10.0, paired.median(), 1e-9);
        assertEquals(4, paired.higher());
        assertEquals(4, paired.percents.length);
    }

    @Test
    void theMedianOverTheRoundsIsNotTheRatioOfTheMedians() {
        Report report = new Report("t", List.of("none", "vitals"));
        report.pairByRound(START);
        double[] none = {1000, 1000, 3000};
        double[] vitals = {2000, 1100, 3300}; // one slow round (+100 %), two at +10 %
        for (int round = 0; round < none.length; round++) {
            report.add(START, "ms", "none", round, none[round]);
            report.add(START, "ms", "vitals", round, vitals[round]);
        }

        assertEquals(10.0, only(report.paired()).median(), 1e-9, "the medians alone say +100 %");
    }

    @Test
    void aRoundOnlyOneOfTheTwoHasIsLeftOut() {
        Report report = new Report("t", List.of("none", "vitals"));
        report.pairByRound(START);
        report.add(START, "ms", "none", 0, 1000);
        report.add(START, "ms", "none", 1, 1000);
        report.add(START, "ms", "vitals", 1, 900); // round 0 of vitals failed
        report.add(START, "ms", "vitals", 2, 5000); // round 2 of none failed

        assertArrayEquals(new double[] {-10.0}, only(report.paired()).percents, 1e-9);
    }

    @Test
    void vitalsIsComparedWithNoAgentTheFloorAndTheOtherBuild() {
        List<String> agents = List.of("none", "empty", "transformer", "vitals-base", "vitals", "otel");
        Report report = new Report("t", agents);
        report.pairByRound(START);
        for (String agent : agents) {
            report.add(START, "ms", agent, 0, 1000);
        }
        report.add("Tomcat RSS after the JSPs", "MB", "vitals", 0, 200); // not paired

        Map<String, List<String>> baselines = report.paired().stream().collect(Collectors.groupingBy(p -> p.agent,
                Collectors.mapping(p -> p.baseline, Collectors.toList())));
        assertEquals(List.of("none"), baselines.get("empty"));
        assertEquals(List.of("none"), baselines.get("transformer"));
        assertEquals(List.of("none", "transformer"), baselines.get("vitals-base"));
        assertEquals(List.of("none", "transformer", "vitals-base"), baselines.get("vitals"));
        assertEquals(List.of("none", "transformer"), baselines.get("otel"));
        assertEquals(5, baselines.size(), "no agent against itself, no metric that is not paired: " + baselines);
    }

    @Test
    void theMiddleHalfIsBetweenTheQuartiles() {
        Report report = new Report("t", List.of("none", "vitals"));
        report.pairByRound(START);
        double[] percents = {-5, 0, 5, 10, 15, 20, 25, 30, 35};
        for (int round = 0; round < percents.length; round++) {
            report.add(START, "ms", "none", round, 1000);
            report.add(START, "ms", "vitals", round, 1000 * (1 + percents[round] / 100));
        }

        Report.Paired paired = only(report.paired());
        assertEquals(15.0, paired.median(), 1e-9);
        assertEquals(5.0, paired.lowerQuartile(), 1e-9);
        assertEquals(25.0, paired.upperQuartile(), 1e-9);
        assertEquals(7, paired.higher(), "0 % is not more");
        String table = report.table();
        assertTrue(table.contains("+15.0 %") && table.contains("+5.0 to +25.0 %") && table.contains("7 of 9"), table);
        assertTrue(report.json(Map.of()).contains("\"medianPercent\": 15.0000"), report.json(Map.of()));
    }

    @Test
    void aReportWithoutPairedMetricsPrintsNoRoundByRoundTable() {
        Report report = new Report("t", List.of("none", "vitals"));
        report.add("demo load throughput", "req/s", "none", 100);
        report.add("demo load throughput", "req/s", "vitals", 99);

        assertTrue(report.paired().isEmpty());
        assertTrue(!report.table().contains("Round by round"), report.table());
    }

    private static Report.Paired only(List<Report.Paired> paired) {
        assertEquals(1, paired.size(), paired.stream().map(p -> p.agent + "/" + p.baseline).collect(Collectors.joining(", ")));
        return paired.get(0);
    }
}
