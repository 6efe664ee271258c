package dev.olafhe.ola;

import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * The top-1 drop of an approximation against the exact model on the same images, with a one-sided statistical
 * upper bound (McNemar-style: only the discordant images carry information). Of the {@code lost + gained}
 * discordant images, {@code lost} were right exactly and wrong approximated; conditional on their number D, lost
 * is Binomial(D, p) and the expected drop is D (2p - 1) / n. The exact (Clopper-Pearson) one-sided upper
 * confidence bound p_u on p gives the upper bound D (2 p_u - 1) / n on the drop; the margin is that bound minus
 * the measured drop. With no discordant image the margin is 0 (nothing changed; there is nothing to bound).
 *
 * @param images     images compared (n)
 * @param lost       right with exact activations, wrong with the approximation
 * @param gained     wrong with exact activations, right with the approximation
 * @param confidence one-sided confidence of the bound, in (0, 1)
 */
public record PairedDrop(int images, int lost, int gained, double confidence) {
    public PairedDrop {
        if (images < 1 || lost < 0 || gained < 0 || (long) lost + gained > images) {
            throw new IllegalArgumentException("need 0 <= lost + gained <= images, images >= 1; got " + lost + " + "
                    + gained + " of " + images);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }

    /** Compares per-image correctness of the exact model and of the approximation (same images, same order). */
    public static PairedDrop of(boolean[] exactCorrect, boolean[] approxCorrect, double confidence) {
        if (exactCorrect.length != approxCorrect.length) {
            throw new IllegalArgumentException("paired comparison needs the same images: " + exactCorrect.length
                    + " vs " + approxCorrect.length);
        }
        int lost = 0;
        int gained = 0;
        for (int i = 0; i < exactCorrect.length; i++) {
            if (exactCorrect[i] && !approxCorrect[i]) {
                lost++;
            } else if (!exactCorrect[i] && approxCorrect[i]) {
                gained++;
            }
        }
        return new PairedDrop(exactCorrect.length, lost, gained, confidence);
    }

    /** Measured drop: (lost - gained) / images (negative when the approximation is more often right). */
    public double drop() {
        return (lost - gained) / (double) images;
    }

    public int discordant() {
        return lost + gained;
    }

    /** The one-sided exact upper confidence bound on the share of discordant images that were lost. */
    public double lostShareUpperBound() {
        int d = discordant();
        if (d == 0) {
            return 0.5; // no information: bound = measured drop = 0
        }
        if (lost == d) {
            return 1;
        }
        return new BetaDistribution(lost + 1, d - lost).inverseCumulativeProbability(confidence);
    }

    /** Upper confidence bound on the drop: discordant x (2 p_u - 1) / images. */
    public double upperBound() {
        return discordant() == 0 ? 0 : discordant() * (2 * lostShareUpperBound() - 1) / images;
    }

    /** The statistical margin added to the measured drop: upper bound minus measured drop (>= 0). */
    public double margin() {
        return Math.max(0, upperBound() - drop());
    }
}
