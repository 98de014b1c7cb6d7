package dev.vitals.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProcessComparisonOrderTest {
    private static final List<String> AGENTS =
            List.of("none", "empty", "transformer", "vitals-base", "vitals", "otel", "elastic");

    @Test
    void everyAgentRunsOnceInEveryRound() {
        for (int round = 0; round < 10; round++) {
            List<String> order = ProcessComparison.order(AGENTS, round);
            assertEquals(AGENTS.size(), order.size());
            assertEquals(new HashSet<>(AGENTS), new HashSet<>(order), "round " + round);
        }
    }

    @Test
    void anyTwoAgentsRunInEachOrderEquallyOftenOverAnEvenNumberOfRounds() {
        for (int rounds = 2; rounds <= 10; rounds += 2) {
            for (String a : AGENTS) {
                for (String b : AGENTS) {
                    if (a.equals(b)) {
                        continue;
                    }
                    int aFirst = 0;
                    for (int round = 0; round < rounds; round++) {
                        List<String> order = ProcessComparison.order(AGENTS, round);
                        aFirst += order.indexOf(a) < order.indexOf(b) ? 1 : 0;
                    }
                    assertEquals(rounds / 2, aFirst, a + " before " + b + " over " + rounds + " rounds");
                }
            }
        }
    }

    @Test
    void eachPairOfRoundsStartsWithTheNextAgent() {
        assertEquals("none", ProcessComparison.order(AGENTS, 0).get(0));
        assertEquals("none", ProcessComparison.order(AGENTS, 1).get(AGENTS.size() - 1));
        assertEquals("empty", ProcessComparison.order(AGENTS, 2).get(0));
        assertEquals("transformer", ProcessComparison.order(AGENTS, 4).get(0));
    }

    @Test
    void oneCoreIsTheFirstAndMoreAreARangeFromIt() {
        assertEquals(List.of("taskset", "-c", "0"), ProcessComparison.pinTo(1));
        assertEquals(List.of("taskset", "-c", "0-1"), ProcessComparison.pinTo(2));
    }
}
