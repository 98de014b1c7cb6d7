package dev.vitals.agent.requests;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetTest {
    @Test
    void recommendsAt85PercentOfTheBudget() {
        Budget b = new Budget(1000, 850, 500, 100, 5, 1, 512, 100, 99.9, 100);
        assertTrue(b.withinBudget());
        assertEquals(1, b.recommendations.size());
        assertEquals("P95 approaching budget threshold: 850ms/1000ms", b.recommendations.get(0));
    }

    @Test
    void overBudgetIsAViolationNotARecommendation() {
        Budget b = new Budget(1000, 1200, 500, 600, 5, 12.5, 512, 100, 99.9, 100);
        assertFalse(b.withinBudget());
        assertEquals(3, b.violations.size());
        assertTrue(b.violations.contains("Error rate over budget: 12.5%/5%"), b.violations.toString());
        assertTrue(b.recommendations.isEmpty());
        assertFalse(b.items.get(0).within());
        assertTrue(b.items.get(3).within());
    }

    @Test
    void idleServiceIsWithinBudget() {
        Budget b = new Budget(1000, 0, 500, 0, 5, 0, 512, 40, 99.9, 100);
        assertTrue(b.withinBudget());
        assertTrue(b.recommendations.isEmpty());
    }

    @Test
    void availabilityIsAFloorWithAnErrorBudget() {
        Budget below = new Budget(1000, 0, 500, 0, 5, 0, 512, 40, 99.9, 99.5);
        assertFalse(below.withinBudget());
        assertEquals("Availability under target: 99.50%/99.90%", below.violations.get(0));
        Budget close = new Budget(1000, 0, 500, 0, 5, 0, 512, 40, 99.9, 99.91);
        assertTrue(close.withinBudget());
        assertEquals("Availability error budget 90% used: 99.91%/99.90%", close.recommendations.get(0));
        assertTrue(new Budget(1000, 0, 500, 0, 5, 0, 512, 40, 99.9, 99.99).recommendations.isEmpty());
    }
}
