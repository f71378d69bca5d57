// lagged.h — one cell of the streaming lagged-correlation sums H(τ) = ⟨A(t+τ) B(t)⟩, shared by the
// CUDA kernel (cuda/kernels/lagged.cu, one thread per cell) and its CPU twin test. The twin of
// java/org/scorefdt/response/{LaggedColumnAccumulator,LaggedGridAccumulator}.java: a cell is one
// (member block b, lag τ, component or mode), and it adds the products of the block's members in
// member order — the order of the Java loops — so sums in double agree bit for bit given the same
// inputs. The ring holds the last L values of B per member; save t sits in slot t mod L, and this
// save's values (x(t)) pair with B(t − τ). Beside the products each (block, lag) keeps the sums of
// A and of B over the same pairs, marg = [Σ A (wa values) | Σ B], for the centred estimate
// (BlockWeightedMean.centred); the first cell of a (block, lag) adds Σ B, cell i adds A's entry i.
#pragma once
#include "hd.h"

namespace sfdt {

// Low-dimensional column: acc += Σ_{m ∈ [from, to)} x_i(t)·B_j(t−τ), in member order; marg [d + 1]:
// A_i = x_i, B = B_j. x: [member][d] (T = state precision); ring: [member][lags] B_j values (double).
template <typename T>
SFDT_HD void lagged_column_cell(const T* x, int d, int i, const double* ring, int lags, int64_t from, int64_t to,
                                int64_t t, int tau, double* acc, double* marg) {
  const int64_t slot = (t - tau) % lags;
  double s = *acc, a = marg[i], b = i == 0 ? marg[d] : 0.0;
  for (int64_t m = from; m < to; ++m) {
    const double xi = (double)x[m * d + i], bj = ring[m * lags + slot];
    s += xi * bj;
    a += xi;
    b += bj;
  }
  *acc = s;
  marg[i] = a;
  if (i == 0) marg[d] = b;
}

// Cyclic column (LaggedColumnAccumulator.cyclic, a ring of d positions averaged over impulse positions): the
// cell of offset k = i − j (mod d) adds Σ_{m ∈ [from, to)} Σ_{j < d} x_{(j+k) mod d}(t)·B_j(t−τ), members
// in order and j = 0 … d−1 within a member — the order in which the Java loops reach this one cell.
// marg [2]: A = Σ_j x_j, B = Σ_j B_j, added by the cell of offset 0 in the same order.
// x: [member][d]; ring: [member][lags][d] B(t) vectors (double).
SFDT_HD void lagged_cyclic_cell(const double* x, int d, int k, const double* ring, int lags, int64_t from, int64_t to,
                                int64_t t, int tau, double* acc, double* marg) {
  const int64_t slot = (t - tau) % lags;
  double s = *acc, a = k == 0 ? marg[0] : 0.0, b = k == 0 ? marg[1] : 0.0;
  for (int64_t m = from; m < to; ++m) {
    const double* xm = x + m * d;
    const double* bm = ring + (m * lags + slot) * d;
    for (int j = 0; j < d; ++j) {
      const int i = j + k < d ? j + k : j + k - d;
      s += xm[i] * bm[j];
      a += xm[j];
      b += bm[j];
    }
  }
  *acc = s;
  if (k == 0) {
    marg[0] = a;
    marg[1] = b;
  }
}

// Grid (one half-spectrum mode k): acc += Σ_m û_k(t)·conj B̂_k(t−τ), in member order; marg [2]:
// A = Re û_0, B = Re B̂_0 (the fields' sums), added by the cell of mode 0.
// u_hat: [member][modes][2] (re, im); ring: [member][lags][modes][2]; acc: {re, im}.
SFDT_HD void lagged_mode_cell(const double* u_hat, int64_t modes, int64_t k, const double* ring, int lags,
                              int64_t from, int64_t to, int64_t t, int tau, double* acc, double* marg) {
  const int64_t slot = (t - tau) % lags;
  double sr = acc[0], si = acc[1], a = k == 0 ? marg[0] : 0.0, c = k == 0 ? marg[1] : 0.0;
  for (int64_t m = from; m < to; ++m) {
    const double* u = u_hat + 2 * (m * modes + k);
    const double* b = ring + 2 * ((m * lags + slot) * modes + k);
    const double ur = u[0], ui = u[1], br = b[0], bi = b[1];
    sr += ur * br + ui * bi;
    si += ui * br - ur * bi;
    a += ur;
    c += br;
  }
  acc[0] = sr;
  acc[1] = si;
  if (k == 0) {
    marg[0] = a;
    marg[1] = c;
  }
}

// Response matrix (LaggedMatrixAccumulator.java, docs/systems.md §5.11): the chosen columns k of B kept
// per member in the ring [member][lags][cols]; a (block, lag) row holds acc [d][cols] and
// marg [d + cols] = [Σ x_i | Σ B_k]. Two forms of the same sums, each adding members in order:
//  * lagged_matrix_row adds one member to a whole row (the CPU loop: members outer, the row in cache);
//  * lagged_matrix_cell adds a member range to one entry (i, k) (a device thread per entry); the entry
//    with k = 0 adds Σ x_i, the entry with i = 0 adds Σ B_k.
// Per entry both give acc += x_i·B_k member by member, so the sums agree bit for bit with the Java loop.
SFDT_HD void lagged_matrix_row(const double* x, int d, const double* b, int cols, double* acc, double* marg) {
  for (int i = 0; i < d; ++i) {
    const double xi = x[i];
    for (int k = 0; k < cols; ++k) acc[i * cols + k] += xi * b[k];
    marg[i] += xi;
  }
  for (int k = 0; k < cols; ++k) marg[d + k] += b[k];
}

// x: [member][d]; ring: [member][lags][cols]; t: this save (pairs with B(t − τ)).
SFDT_HD void lagged_matrix_cell(const double* x, int d, int i, int k, const double* ring, int cols, int lags, int64_t from,
                                int64_t to, int64_t t, int tau, double* acc, double* marg) {
  const int64_t slot = (t - tau) % lags;
  double s = acc[i * cols + k], a = k == 0 ? marg[i] : 0.0, c = i == 0 ? marg[d + k] : 0.0;
  for (int64_t m = from; m < to; ++m) {
    const double xi = x[m * d + i], bk = ring[(m * lags + slot) * cols + k];
    s += xi * bk;
    a += xi;
    c += bk;
  }
  acc[i * cols + k] = s;
  if (k == 0) marg[i] = a;
  if (i == 0) marg[d + k] = c;
}

// One frequency ω of one member in the lagged autocorrelation sums by FFT over time
// (native/cpu/lagged_auto_fft.cpp): g += x·conj(x + sign·prev), x the transform of the member's
// time block, prev that of its previous block and sign = (−1)^ω (the previous block sits half the
// transform length earlier), so that g collects û(t)·conj û(t − τ) over the block's saves t.
// x, prev, g: {re, im}.
SFDT_HD void lagged_auto_frequency(const double* x, const double* prev, double sign, double* g) {
  const double yr = x[0] + sign * prev[0], yi = x[1] + sign * prev[1];
  g[0] += x[0] * yr + x[1] * yi;
  g[1] += x[1] * yr - x[0] * yi;
}

// First member of block b when M members split into B contiguous blocks: ⌈b·M/B⌉ (MemberBlocks.java).
SFDT_HD int64_t member_block_start(int64_t b, int64_t members, int64_t blocks) {
  return (b * members + blocks - 1) / blocks;
}

// First member of block b among the M members of a batch that are global members first … of a run
// of T, blocks keyed by global member (MemberBlocks.java's offset form): ⌈b·T/B⌉ − first, clamped
// to the batch, so blocks outside it are empty here; T = 0 splits the batch alone.
SFDT_HD int64_t member_batch_block_start(int64_t b, int64_t members, int64_t blocks, int64_t first, int64_t run) {
  if (run == 0) return member_block_start(b, members, blocks);
  const int64_t g = member_block_start(b, run, blocks) - first;
  return g < 0 ? 0 : (g > members ? members : g);
}

}  // namespace sfdt
