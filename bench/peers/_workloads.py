"""Shared definitions of the benchmark workloads for the numpy and torch peers.

The sizes, time steps and per-call structure mirror bench/java/.../IntegratorBenchmark.java:

  workload     model                         scheme          dt    members  steps/call  normals/step/member
  ou32-exact   OU SPDE, 32x32 grid (d=1024)  exact OU        1.0   64       10          1024
  ou32-em      OU SPDE, 32x32 grid (d=1024)  Euler-Maruyama  0.1   64       10          1024
  l96-rk4      Lorenz-96, d=40, F=8, s=0.5   RK4 drift + EM  0.01  4096     100         40
  dw-em        double well, d=1, s=0.7       Euler-Maruyama  0.01  4096     100         1

One "call" advances every member by steps/call steps, like Integrator.advance; the OU peers, like
the native backend, go to Fourier space once per call (rfft2 of the state), take their steps there
(u_hat' = a*u_hat + b*rfft2(w), w ~ N(0,1) per cell) and come back once (irfft2).
Throughput is member-steps per second = members * steps * calls / seconds.
"""
import math

WORKLOADS = {
    "ou32-exact": dict(kind="ou", n=32, scheme="exact", dt=1.0, members=64, steps=10),
    "ou32-em": dict(kind="ou", n=32, scheme="em", dt=0.1, members=64, steps=10),
    "l96-rk4": dict(kind="l96", d=40, forcing=8.0, sigma=0.5, dt=0.01, members=4096, steps=100),
    "dw-em": dict(kind="dw", d=1, sigma=0.7, dt=0.01, members=4096, steps=100),
}

# OuSpde.Params.paper(n): lambda, kappa, advection A, epsilon^2, GRID noise scaling (c = n).
OU_LAMBDA, OU_KAPPA, OU_ADVECTION, OU_EPS2 = 0.04, 2.5e-4, 0.02, 4e-3


def ou_coefficients(n, scheme, dt):
    """(a_re, a_im, b_re) on the r2c half spectrum [ky][kx = 0..n/2], as lists of lists.

    Same formulas as java/org/scorefdt/integrate/LinearSpectralStep.java (b_im = 0 for both schemes).
    """
    h = n // 2 + 1
    amp = math.sqrt(OU_EPS2) * n

    def wn(j):
        return j if j <= n // 2 else j - n

    a_re = [[0.0] * h for _ in range(n)]
    a_im = [[0.0] * h for _ in range(n)]
    b_re = [[0.0] * h for _ in range(n)]
    for jy in range(n):
        for jx in range(h):
            kx, ky = wn(jx), wn(jy)
            k2 = kx * kx + ky * ky
            m_re = -OU_LAMBDA / (1 + k2) - OU_KAPPA * k2
            m_im = -OU_ADVECTION * (0 if jx == n // 2 else kx)
            g = amp / math.sqrt(1 + k2)
            zr, zi = m_re * dt, m_im * dt
            if scheme == "exact":
                mag = math.exp(zr)
                a_re[jy][jx] = mag * math.cos(zi)
                a_im[jy][jx] = mag * math.sin(zi)
                b_re[jy][jx] = g * math.sqrt(-math.expm1(2 * zr) / (-2 * m_re))
            elif scheme == "em":
                a_re[jy][jx] = 1 + zr
                a_im[jy][jx] = zi
                b_re[jy][jx] = g * math.sqrt(dt)
            else:
                raise ValueError(scheme)
    return a_re, a_im, b_re


def parse_list(s, cast=str):
    return [cast(v) for v in s.split(",") if v]
