package dev.olafhe.ola;

import dev.olafhe.plan.Plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Which verified baseline replaces the DP's plan, and the plan's speed-ups once it has. */
class BaselinesTest {
    static Plan.Baseline baseline(String name, double seconds, boolean meets) {
        return new Plan.Baseline(name, "", seconds, -1, 0.9, null, meets, seconds / 10);
    }

    @Test
    void theCheapestUniformBaselineWithinBudgetReplacesAPlanThatMissedIt() {
        Plan.Baseline composite = baseline("composite-alpha13", 5, true);
        Plan.Baseline u7 = baseline("uniform-7", 12, true);
        Plan.Baseline u15 = baseline("uniform-15", 20, true);
        List<Plan.Baseline> all = List.of(composite, baseline("uniform-3", 4, false), u15, u7);
        assertSame(u7, Baselines.better(all, 10, false)); // composite never replaces; uniform-3 missed the budget
        assertNull(Baselines.better(all, 10, true)); // the plan met the budget and is cheaper than every one
        assertSame(u7, Baselines.better(all, 15, true)); // ... unless a baseline within budget is cheaper
        assertEquals(1, Baselines.candidateOf(u7, new int[] {3, 7, 15}));
    }

    @Test
    void speedupsAreRelativeToTheNewPlan() {
        List<Plan.Baseline> r = Baselines.relativeTo(List.of(baseline("uniform-3", 4, false),
                baseline("uniform-7", 12, true)), 12);
        assertEquals(4 / 12.0, r.get(0).speedupOfPlan(), 0);
        assertEquals(1, r.get(1).speedupOfPlan(), 0);
        assertEquals("uniform-7", r.get(1).name());
    }
}
