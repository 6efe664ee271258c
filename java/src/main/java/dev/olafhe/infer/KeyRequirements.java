package dev.olafhe.infer;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The evaluation keys a program needs, without the program: each rotation step at the highest level it is used,
 * the relinearization level (or -1) and the conjugation level (or -1). Small, so several programs' needs can be
 * merged into one key set after the programs themselves (and their compiled diagonals) are gone.
 */
public record KeyRequirements(SortedMap<Integer, Integer> rotationLevels, int relinearizationLevel,
                              int conjugationLevel) {
    public KeyRequirements {
        rotationLevels = Collections.unmodifiableSortedMap(new TreeMap<>(rotationLevels));
    }

    /** Keys serving all of {@code all}: every step and key at the highest level any of them needs. */
    public static KeyRequirements union(List<KeyRequirements> all) {
        TreeMap<Integer, Integer> rotations = new TreeMap<>();
        int relin = -1;
        int conjugation = -1;
        for (KeyRequirements r : all) {
            r.rotationLevels.forEach((step, level) -> rotations.merge(step, level, Math::max));
            relin = Math.max(relin, r.relinearizationLevel);
            conjugation = Math.max(conjugation, r.conjugationLevel);
        }
        return new KeyRequirements(rotations, relin, conjugation);
    }
}
