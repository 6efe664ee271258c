package dev.olafhe.ola;

import dev.olafhe.plan.PlanFile;
import dev.olafhe.plan.Plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Planning is deterministic: the same model, data, seed and options give the same plan, number for number. */
class PlannerTest {
    /** Provenance that describes the run rather than the plan (timings, machine, date). */
    static final List<String> RUN_DEPENDENT = List.of("wall_seconds", "phase_seconds", "java", "os", "cpus", "date");

    /**
     * One worker thread: with several, the threads' partial sums of each layer's profile mean and std are added in
     * the order the threads finish, so those two fields (only) can differ in the last bits between runs.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void planningTwiceGivesTheSamePlan(boolean levelAware) throws IOException {
        PlannerOptions o = new PlannerOptions(ModelFiles.onnx("tiny_resnet"), "fashion-mnist", 7, 200, 100, 0.05,
                new int[] {3, 7, 15}, ActivationProfile.WeightKind.HISTOGRAM, 1, CandidateFitter.DEFAULT_FLOOR, 0.05,
                50, 64, 100, 1, levelAware, 2, 50, 100, 0.95, 2);
        JsonObject first = planJson(o);
        JsonObject second = planJson(o);
        assertEquals(first, second);
        assertTrue(first.getAsJsonArray("layers").size() == 3 && first.getAsJsonArray("attempts").size() >= 1, "" + first);
    }

    private static JsonObject planJson(PlannerOptions o) throws IOException {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("tool", "PlannerTest");
        Plan p = Planner.plan(o, AnalyticCostTable.cpuLogN16(), provenance, ProgressListener.NONE);
        JsonObject json = new Gson().fromJson(PlanFile.toJson(p), JsonObject.class);
        JsonObject prov = json.getAsJsonObject("provenance");
        for (String key : RUN_DEPENDENT) {
            assertTrue(prov.has(key), key);
            prov.remove(key);
        }
        return json;
    }
}
