package dev.olafhe.ckks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many bytes the keys of a circuit take, per key kind and level: in memory (both halves of every
 * switching key) and stored (seeded switching keys keep only the b halves and a 32-byte seed). Build it
 * from an actual {@link EvaluationKeySet} ({@link #of}) or from a plan of the levels where each key is
 * used ({@link #plan}), and print it ({@link #toString()}).
 *
 * <p>Compact keys ({@link SwitchingKey#dropUniformHalves}) hold only their b halves in memory too.
 * Sizes are residue bytes: a key at level ℓ has digitCount(ℓ) digits of (ℓ+1+K) limbs of N words.
 * Files add a header and a 4-byte checksum per limb (about 0.001% at logN 16).
 */
public final class KeyMemoryReport {
    /**
     * One line of the report.
     *
     * @param kind          "relinearization", "rotation", "conjugation", "Galois" or "public"
     * @param count         number of keys of this kind at this level
     * @param level         the highest ciphertext level the keys switch
     * @param digits        key-switching digits per key (0 for the public key)
     * @param bytesInMemory residue bytes of one key in memory (half for compact keys)
     * @param bytesStored   residue bytes of one key in a file (seeded: b halves + seed)
     */
    public record Line(String kind, int count, int level, int digits, long bytesInMemory, long bytesStored) {
        public long totalInMemory() {
            return count * bytesInMemory;
        }

        public long totalStored() {
            return count * bytesStored;
        }
    }

    private final CkksParameters params;
    private final List<Line> lines;

    private KeyMemoryReport(CkksParameters params, List<Line> lines) {
        this.params = params;
        this.lines = List.copyOf(lines);
    }

    /** The keys of an existing set, grouped by kind and level. */
    public static KeyMemoryReport of(CkksParameters params, EvaluationKeySet keys) {
        Plan plan = plan(params);
        keys.relinearizationKey().ifPresent(k -> plan.add("relinearization", 1, k.key()));
        long conjugation = GaloisElements.forConjugation(params.logN());
        for (long g : keys.galoisElements()) {
            plan.add(g == conjugation ? "conjugation" : "rotation", 1, keys.galoisKey(g).orElseThrow().key());
        }
        return plan.build();
    }

    /**
     * An empty plan of seeded keys kept in full in memory: add the keys a circuit will need at the levels
     * where it uses them.
     */
    public static Plan plan(CkksParameters params) {
        return plan(params, false);
    }

    /** An empty plan of seeded keys, kept compact in memory when {@code compactInMemory}. */
    public static Plan plan(CkksParameters params, boolean compactInMemory) {
        return new Plan(params, compactInMemory);
    }

    /** Collects lines; keys of the same kind, level and storage are merged into one line. */
    public static final class Plan {
        private final CkksParameters params;
        private final boolean compactInMemory;
        private final List<Line> lines = new ArrayList<>();

        private Plan(CkksParameters params, boolean compactInMemory) {
            this.params = params;
            this.compactInMemory = compactInMemory;
        }

        public Plan relinearization(int level) {
            return add("relinearization", 1, level, true, compactInMemory);
        }

        public Plan rotations(int count, int level) {
            return add("rotation", count, level, true, compactInMemory);
        }

        public Plan conjugation(int level) {
            return add("conjugation", 1, level, true, compactInMemory);
        }

        /** The public key (top level, never seeded here). */
        public Plan publicKey() {
            long bytes = 2L * (params.maxLevel() + 1) * params.n() * Long.BYTES;
            lines.add(new Line("public", 1, params.maxLevel(), 0, bytes, bytes));
            return this;
        }

        private Plan add(String kind, int count, SwitchingKey key) {
            return add(kind, count, key.level(), key.isSeeded(), key.isCompact());
        }

        private Plan add(String kind, int count, int level, boolean seeded, boolean compact) {
            if (level < 0 || level > params.maxLevel()) {
                throw new IllegalArgumentException("key level " + level + " outside [0, " + params.maxLevel() + "]");
            }
            int digits = params.digitCount(level);
            long half = (long) digits * (level + 1 + params.pCount()) * params.n() * Long.BYTES;
            long stored = seeded ? half + SeedExpander.SEED_BYTES : 2 * half;
            long inMemory = compact ? half : 2 * half;
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                if (l.kind.equals(kind) && l.level == level && l.bytesStored == stored && l.bytesInMemory == inMemory) {
                    lines.set(i, new Line(kind, l.count + count, level, digits, inMemory, stored));
                    return this;
                }
            }
            lines.add(new Line(kind, count, level, digits, inMemory, stored));
            return this;
        }

        public KeyMemoryReport build() {
            return new KeyMemoryReport(params, lines);
        }
    }

    public List<Line> lines() {
        return lines;
    }

    public long totalInMemory() {
        return lines.stream().mapToLong(Line::totalInMemory).sum();
    }

    public long totalStored() {
        return lines.stream().mapToLong(Line::totalStored).sum();
    }

    /** A table: one line per kind and level, then the totals. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "key memory (logN=%d, L=%d, K=%d, digits of %d primes)%n", params.logN(), params.maxLevel(),
                params.pCount(), params.digitSize()));
        sb.append(String.format(Locale.ROOT, "  %-16s %5s %5s %6s %14s %14s %14s %14s%n", "kind", "count", "level",
                "digits", "memory/key", "stored/key", "memory", "stored"));
        for (Line l : lines) {
            sb.append(String.format(Locale.ROOT, "  %-16s %5d %5d %6d %14s %14s %14s %14s%n", l.kind, l.count, l.level,
                    l.digits, mib(l.bytesInMemory), mib(l.bytesStored), mib(l.totalInMemory()), mib(l.totalStored())));
        }
        sb.append(String.format(Locale.ROOT, "  %-16s %5d %5s %6s %14s %14s %14s %14s%n", "total",
                lines.stream().mapToInt(Line::count).sum(), "", "", "", "", mib(totalInMemory()), mib(totalStored())));
        return sb.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
