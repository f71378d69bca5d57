package org.scorefdt.backend.cpu;

/**
 * How the native CPU tier forms the lagged grid sums: {@link #DIRECT} ({@link NativeLaggedGrid}, 8·L
 * flops per member, mode and save; the reference) or {@link #FFT} ({@link NativeLaggedGridFft},
 * O(log L) per save). The system property {@code scorefdt.laggedSums} = {@code direct}, {@code fft} or
 * {@code auto} (default) picks; auto takes FFT from {@link #FFT_FROM_LAGS} lags, where it was measured
 * faster (docs/backends.md §1, bench/results/lagged-grid.json "fft_over_time": a tie at L = 16, 1.4× at 32, 2.5× at 100, 10× at 512).
 */
public enum LaggedSumsMethod {
    DIRECT, FFT;

    /** The smallest L at which auto picks {@link #FFT}. */
    public static final int FFT_FROM_LAGS = 32;

    /** The system property that overrides the choice. */
    public static final String PROPERTY = "scorefdt.laggedSums";

    /** The method for L lags under the current {@link #PROPERTY}. */
    public static LaggedSumsMethod chosen(int lags) {
        String v = System.getProperty(PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        switch (v) {
            case "direct": return DIRECT;
            case "fft": return FFT;
            case "auto": return lags >= FFT_FROM_LAGS ? FFT : DIRECT;
            default: throw new IllegalArgumentException(PROPERTY + " = " + v + ": must be direct, fft or auto");
        }
    }
}
