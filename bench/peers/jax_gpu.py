#!/usr/bin/env python3
"""JAX peer of `scorefdt bench`: the workloads of bench/workloads.json (same parameters, sizes,
per-call structure, precision and timing as the engine), each call one jitted function; the time
loops are lax.scan over the steps (saves), so a call is one dispatch. Backend "jax".

  ou32    rfft2 of the state, scan over steps (normal, rfft2, u_hat = a u_hat + b w_hat), irfft2
  ac64    scan over steps: RK4 on drift(u) = irfft2(lin u_hat + alpha sigma rfft2(u - u^3)),
          + irfft2(noise rfft2(w))
  l96     scan over steps: RK4 with jnp.roll, + sigma sqrt(dt) w
  mlp     jitted forward (x W^T + b, SiLU), one batch
  kde     lax.map over query blocks: softmax(logits) @ x, logits by the matmul trick
  lagged  scan over saves: rfft2 of u and -u, ring of conj(B_hat) in the carry, all lags' block
          sums by einsum

Randomness: jax.random (threefry by default) with one key per step from jax.random.split. Every
timed round ends with block_until_ready. f64 sets jax_enable_x64. One JSON line per workload.

Usage: jax_gpu.py [--workload all] [--size full] [--precision f32]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _workloads as W  # noqa: E402


def build(jax, jnp, wl, p, dtype):
    """(call, result) for one workload: call() runs one jitted call and keeps its output."""
    lax = jax.lax
    cdt = jnp.complex64 if dtype == jnp.float32 else jnp.complex128
    init = jax.random.PRNGKey(1001)
    st = {"key": jax.random.PRNGKey(1)}

    def next_keys(k):
        st["key"], sub = jax.random.split(st["key"])
        return jax.random.split(sub, k)

    def arr(rows, dt=dtype):
        return jnp.asarray(rows, dtype=dt)

    if wl == "ou32":
        n, members, steps = p["n"], p["members"], p["steps"]
        a_re, a_im, b_re = W.ou_coefficients(n, "exact", p["dt"])
        a = (arr(a_re) + 1j * arr(a_im)).astype(cdt)
        b = arr(b_re)

        @jax.jit
        def run(x, keys):
            def body(uh, k):
                w = jax.random.normal(k, (members, n, n), dtype)
                return a * uh + b * jnp.fft.rfft2(w), None
            uh, _ = lax.scan(body, jnp.fft.rfft2(x), keys)
            return jnp.fft.irfft2(uh, s=(n, n)).astype(dtype)
        st["x"] = (0.1 * jax.random.uniform(init, (members, n, n), dtype, -1, 1)).astype(dtype)

        def call():
            st["x"] = run(st["x"], next_keys(steps))
        return call, lambda: st["x"]

    if wl == "ac64":
        n, members, steps, dt = p["n"], p["members"], p["steps"], p["dt"]
        lin_re, lin_im, sig, noise = W.ac_coefficients(n, dt)
        lin = (arr(lin_re) + 1j * arr(lin_im)).astype(cdt)
        asig = W.AC_ALPHA * arr(sig)
        nz = arr(noise)

        def drift(v):
            return jnp.fft.irfft2(lin * jnp.fft.rfft2(v) + asig * jnp.fft.rfft2(v - v * v * v), s=(n, n))

        @jax.jit
        def run(u, keys):
            def body(u, k):
                k1 = drift(u)
                k2 = drift(u + (0.5 * dt) * k1)
                k3 = drift(u + (0.5 * dt) * k2)
                k4 = drift(u + dt * k3)
                w = jax.random.normal(k, (members, n, n), dtype)
                u = u + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4) + jnp.fft.irfft2(nz * jnp.fft.rfft2(w), s=(n, n))
                return u.astype(dtype), None
            u, _ = lax.scan(body, u, keys)
            return u
        st["x"] = (0.5 * jax.random.uniform(init, (members, n, n), dtype, -1, 1)).astype(dtype)

        def call():
            st["x"] = run(st["x"], next_keys(steps))
        return call, lambda: st["x"]

    if wl == "l96":
        d, members, steps, dt = p["d"], p["members"], p["steps"], p["dt"]
        s, forcing = W.L96_SIGMA * dt ** 0.5, W.L96_FORCING

        def drift(x):
            return (jnp.roll(x, -1, 1) - jnp.roll(x, 2, 1)) * jnp.roll(x, 1, 1) - x + forcing

        @jax.jit
        def run(x, keys):
            def body(x, k):
                k1 = drift(x)
                k2 = drift(x + (0.5 * dt) * k1)
                k3 = drift(x + (0.5 * dt) * k2)
                k4 = drift(x + dt * k3)
                x = x + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4) + s * jax.random.normal(k, (members, d), dtype)
                return x.astype(dtype), None
            x, _ = lax.scan(body, x, keys)
            return x
        st["x"] = (8.0 + 0.01 * jax.random.uniform(init, (members, d), dtype, -1, 1)).astype(dtype)

        def call():
            st["x"] = run(st["x"], next_keys(steps))
        return call, lambda: st["x"]

    if wl == "mlp":
        widths, batch = p["widths"], p["batch"]
        keys = jax.random.split(init, len(widths))
        params = [(jax.random.normal(keys[i], (widths[i + 1], widths[i]), dtype) / widths[i] ** 0.5,
                   jnp.zeros((widths[i + 1],), dtype)) for i in range(len(widths) - 1)]
        x = jax.random.normal(keys[-1], (batch, widths[0]), dtype)

        @jax.jit
        def forward(params, x):
            a = x
            for i, (Wl, bl) in enumerate(params):
                z = a @ Wl.T + bl
                a = jax.nn.silu(z) if i < len(params) - 1 else z
            return a

        def call():
            st["y"] = forward(params, x)
        return call, lambda: st["y"]

    if wl == "kde":
        d, hh, q, n = p["d"], p["h"], p["queries"], p["data"]
        k1, k2 = jax.random.split(init)
        x = jax.random.normal(k1, (n, d), dtype)
        y = jax.random.normal(k2, (q, d), dtype)
        inv = 1.0 / (hh * hh)
        block = max(1, min(q, (1 << 28) // n))
        while q % block:
            block -= 1

        @jax.jit
        def score(x, y):
            xx = (x * x).sum(1)

            def one(yb):
                logits = (yb @ x.T - 0.5 * xx) * inv      # -|y|^2/(2h^2) is a row constant: cancels
                w = jax.nn.softmax(logits, axis=1)
                return (w @ x - yb) * inv
            return lax.map(one, y.reshape(q // block, block, d)).reshape(q, d)

        def call():
            st["y"] = score(x, y)
        return call, lambda: st["y"]

    if wl == "lagged":
        n, members, lags, saves, blocks = p["n"], p["members"], p["lags"], p["saves"], p["blocks"]
        h, mb = n // 2 + 1, members // blocks
        fields = jax.random.normal(init, (4, members, n, n), dtype)
        back = jnp.arange(lags)

        @jax.jit
        def run(carry, ts):
            def body(c, t):
                ring, sums = c
                u = lax.dynamic_index_in_dim(fields, t % 4, keepdims=False)
                uh = jnp.fft.rfft2(u).reshape(blocks, mb, n, h)
                bh = jnp.conj(jnp.fft.rfft2(-u)).reshape(blocks, mb, n, h)
                ring = lax.dynamic_update_index_in_dim(ring, bh, t % lags, 0)
                past = jnp.take(ring, (t - back) % lags, axis=0)
                sums = sums + jnp.einsum("bmyx,lbmyx->lbyx", uh, past)
                return (ring, sums), None
            c, _ = lax.scan(body, carry, ts)
            return c
        st["c"] = (jnp.zeros((lags, blocks, mb, n, h), cdt), jnp.zeros((lags, blocks, n, h), cdt))
        st["t"] = 0

        def feed(k):
            st["c"] = run(st["c"], jnp.arange(st["t"], st["t"] + k))
            st["t"] += k
        feed(lags)      # fill the ring first, as the engine does (a separate compile for this length)

        def call():
            feed(saves)
        return call, lambda: jnp.abs(st["c"][1])

    raise ValueError(wl)


def main():
    ap = W.peer_args(__doc__, "f32")
    ap.add_argument("--allow-cpu", action="store_true", help="run on JAX's CPU backend when there is no GPU")
    args = ap.parse_args()
    names = W.chosen_workloads(ap, args)
    try:
        import jax
        if args.precision == "f64":
            jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
    except Exception as e:  # noqa: BLE001
        for wl in names:
            W.result_line("jax", "jax", "gpu", wl, args.size, args.precision, W.throughput_params(wl, args.size),
                          reason=f"cannot import jax with {sys.executable}: {e!r}")
        return
    dtype = jnp.float32 if args.precision == "f32" else jnp.float64
    dev = jax.devices()[0]
    if dev.platform not in ("gpu", "cuda") and not args.allow_cpu:
        for wl in names:
            W.result_line("jax", "jax", dev.platform, wl, args.size, args.precision, W.throughput_params(wl, args.size),
                          reason=f"jax {jax.__version__} sees no GPU (devices: {jax.devices()}); --allow-cpu to run anyway")
        return
    extra = {"jax": jax.__version__, "python": sys.version.split()[0], "device_name": getattr(dev, "device_kind", str(dev))}
    for wl in names:
        p = W.throughput_params(wl, args.size)
        try:
            call, result = build(jax, jnp, wl, p, dtype)

            def sync():
                jax.block_until_ready(result())
            t = W.measure_calls(call, W.units_per_call(wl, p), args.size, sync, args.warmup, args.repeats, args.min_seconds)
            if not bool(jnp.isfinite(result()).all()):
                raise FloatingPointError("non-finite output after the timed calls")
            W.result_line("jax", "jax", dev.platform, wl, args.size, args.precision, p, timing=t, extra=extra)
        except Exception as e:  # noqa: BLE001 - one line per workload, whatever happened
            W.result_line("jax", "jax", dev.platform, wl, args.size, args.precision, p, error=W.describe(e), extra=extra)


if __name__ == "__main__":
    main()
