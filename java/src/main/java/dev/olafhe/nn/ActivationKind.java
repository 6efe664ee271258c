package dev.olafhe.nn;

/** The scalar non-linearities the IR knows, with exact double-precision reference implementations. */
public enum ActivationKind {
    RELU,
    /** GELU with the exact erf: {@code x/2 * (1 + erf(x / sqrt 2))}. */
    GELU,
    /** GELU's tanh approximation: {@code x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    GELU_TANH;

    public double apply(double x) {
        switch (this) {
            case RELU:
                return x > 0 ? x : 0.0;
            case GELU:
                return 0.5 * x * (1.0 + Special.erf(x / Math.sqrt(2.0)));
            case GELU_TANH:
                return 0.5 * x * (1.0 + Math.tanh(Math.sqrt(2.0 / Math.PI) * (x + 0.044715 * x * x * x)));
            default:
                throw new AssertionError(this);
        }
    }
}
