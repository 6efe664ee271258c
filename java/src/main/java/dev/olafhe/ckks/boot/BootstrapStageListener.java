package dev.olafhe.ckks.boot;

/**
 * Told when each stage of a bootstrapping ends, with its wall-clock time (the backend synchronised first), so that the
 * time can be budgeted stage by stage as the error is ({@link StageErrorBudget}). {@link #NONE} costs nothing: no
 * synchronisation, no clock.
 */
@FunctionalInterface
public interface BootstrapStageListener {
    /** Listens to nothing. */
    BootstrapStageListener NONE = (stage, nanos) -> {
    };

    /**
     * @param stage "ModRaise", "CoeffToSlot", "EvalMod" (all parts) or "SlotToCoeff"
     * @param nanos the stage's wall-clock time
     */
    void stageEnded(String stage, long nanos);
}
