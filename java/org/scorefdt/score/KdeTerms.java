package org.scorefdt.score;

/**
 * What a KDE pair loop needs of the data, exactly as {@link KdeScore}'s reference loop uses it.
 *
 * @param centredData x_j − c, {@code [n][d]} row-major
 * @param centredSq   |x_j − c|², {@code [n]}
 * @param n           data points
 * @param d           dimension
 * @param negInv2h2   −1/(2h²)
 * @param invH2       1/h²
 */
public record KdeTerms(double[] centredData, double[] centredSq, int n, int d, double negInv2h2, double invH2) {}
