package dev.olafhe.ola;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The textual forms of the planner's budget and candidate degrees (what `ola plan --budget/--degrees` take). */
class PlannerOptionsTest {
    @Test
    void degreeRangesListsAndSteps() {
        assertArrayEquals(new int[] {3, 7, 15, 31, 63}, PlannerOptions.parseDegrees("3..63"));
        assertArrayEquals(new int[] {3, 5, 7, 9}, PlannerOptions.parseDegrees("3..9:2"));
        assertArrayEquals(new int[] {2, 7, 31}, PlannerOptions.parseDegrees("31, 7,2"));
        for (String bad : new String[] {"x", "9..3", "0", "3..9:0", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PlannerOptions.parseDegrees(bad), bad);
            assertTrue(e.getMessage().contains("--degrees"), e.getMessage());
        }
    }

    @Test
    void budgetAsPercentOrFraction() {
        assertEquals(0.005, PlannerOptions.parseBudget("0.5%"), 1e-15);
        assertEquals(0.005, PlannerOptions.parseBudget("0.005"), 1e-15);
        for (String bad : new String[] {"1.5", "-1%", "half"}) {
            assertThrows(IllegalArgumentException.class, () -> PlannerOptions.parseBudget(bad), bad);
        }
    }
}
