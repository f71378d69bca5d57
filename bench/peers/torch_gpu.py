#!/usr/bin/env python3
"""PyTorch peer of `scorefdt bench`: the workloads of bench/workloads.json (same parameters,
sizes, per-call structure, precision and timing as the engine), written the idiomatic way, in
two modes:

  torch-eager    the step functions below as they are
  torch-compile  the same step functions through torch.compile (default mode), Python loop over steps
  torch-sdpa     kde only: the KDE score as one scaled_dot_product_attention call per query block
                 (logits y.x/h^2 - |x|^2/(2h^2) as a dot product of [y, 1] with [x/h^2, -|x|^2/(2h^2)])

Per call: ou32 rfft2 of the state, `steps` x (randn, rfft2, u_hat = a u_hat + b w_hat), irfft2;
ac64 `steps` x (RK4 on the spectral drift, + irfft2(noise rfft2(randn))); l96 `steps` x (RK4 with
torch.roll, + sigma sqrt(dt) randn); mlp one forward of nn.Sequential(Linear, SiLU, ...);
kde blocks of queries, softmax(logits) @ x; lagged `saves` x (rfft2 of u and -u, ring of
conj(B_hat), all lags' block sums by einsum). Device work is waited for (synchronize) in every
timed round. Randomness: torch's default generator (Philox on CUDA). TF32 is switched off, so f32
means IEEE FP32 arithmetic, as in the engine.

On the GPU node: python3 torch_gpu.py --device cuda --size full --precision f32. Here, Debian's
/usr/bin/python3 (torch 1.13, CPU) runs the eager mode as the torch-CPU peer; torch.compile needs
torch >= 2.0 and reports itself not available otherwise. One line per (workload, mode).

Usage: torch_gpu.py [--device cuda|cpu] [--modes eager,compile,sdpa] [--workload all] [--size full] [--precision f32]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _workloads as W  # noqa: E402


def build(torch, wl, p, dev, dtype, compiled):
    """(call, result) for one workload; `compiled` wraps the per-step functions in torch.compile."""
    cdt = torch.complex64 if dtype == torch.float32 else torch.complex128
    comp = (lambda f: torch.compile(f)) if compiled else (lambda f: f)
    init = torch.Generator().manual_seed(1001)
    torch.manual_seed(1)

    def tensor(rows, dt=dtype):
        return torch.tensor(rows, dtype=torch.float64).to(dev, dt)

    if wl == "ou32":
        n, members, steps = p["n"], p["members"], p["steps"]
        a_re, a_im, b_re = W.ou_coefficients(n, "exact", p["dt"])
        a = torch.complex(tensor(a_re), tensor(a_im)).to(cdt)
        b = tensor(b_re)
        st = {"x": (0.1 * (2 * torch.rand((members, n, n), generator=init, dtype=torch.float64) - 1)).to(dev, dtype)}

        def step(uh):
            w = torch.randn((members, n, n), device=dev, dtype=dtype)
            return a * uh + b * torch.fft.rfft2(w)
        f = comp(step)

        def call():
            uh = torch.fft.rfft2(st["x"])
            for _ in range(steps):
                uh = f(uh)
            st["x"] = torch.fft.irfft2(uh, s=(n, n))
        return call, lambda: st["x"]

    if wl == "ac64":
        n, members, steps, dt = p["n"], p["members"], p["steps"], p["dt"]
        lin_re, lin_im, sig, noise = W.ac_coefficients(n, dt)
        lin = torch.complex(tensor(lin_re), tensor(lin_im)).to(cdt)
        asig = W.AC_ALPHA * tensor(sig)
        nz = tensor(noise)
        st = {"u": (0.5 * (2 * torch.rand((members, n, n), generator=init, dtype=torch.float64) - 1)).to(dev, dtype)}

        def drift(v):
            return torch.fft.irfft2(lin * torch.fft.rfft2(v) + asig * torch.fft.rfft2(v - v * v * v), s=(n, n))

        def step(u):
            k1 = drift(u)
            k2 = drift(u + (0.5 * dt) * k1)
            k3 = drift(u + (0.5 * dt) * k2)
            k4 = drift(u + dt * k3)
            w = torch.randn((members, n, n), device=dev, dtype=dtype)
            return u + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4) + torch.fft.irfft2(nz * torch.fft.rfft2(w), s=(n, n))
        f = comp(step)

        def call():
            u = st["u"]
            for _ in range(steps):
                u = f(u)
            st["u"] = u
        return call, lambda: st["u"]

    if wl == "l96":
        d, members, steps, dt = p["d"], p["members"], p["steps"], p["dt"]
        s, forcing = W.L96_SIGMA * dt ** 0.5, W.L96_FORCING
        st = {"x": (8.0 + 0.01 * (2 * torch.rand((members, d), generator=init, dtype=torch.float64) - 1)).to(dev, dtype)}

        def drift(x):   # dx_i = (x_{i+1} - x_{i-2}) x_{i-1} - x_i + F, layout [member][component]
            return (torch.roll(x, -1, 1) - torch.roll(x, 2, 1)) * torch.roll(x, 1, 1) - x + forcing

        def step(x):
            k1 = drift(x)
            k2 = drift(x + (0.5 * dt) * k1)
            k3 = drift(x + (0.5 * dt) * k2)
            k4 = drift(x + dt * k3)
            return x + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4) + s * torch.randn((members, d), device=dev, dtype=dtype)
        f = comp(step)

        def call():
            x = st["x"]
            for _ in range(steps):
                x = f(x)
            st["x"] = x
        return call, lambda: st["x"]

    if wl == "mlp":
        widths, batch = p["widths"], p["batch"]
        layers = []
        for i in range(len(widths) - 1):
            layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
            if i < len(widths) - 2:
                layers.append(torch.nn.SiLU())
        net = torch.nn.Sequential(*layers).to(dev, dtype).eval()
        x = torch.randn((batch, widths[0]), generator=init, dtype=torch.float64).to(dev, dtype)
        f = comp(net)
        st = {}

        def call():
            with torch.inference_mode():
                st["y"] = f(x)
        return call, lambda: st["y"]

    if wl == "kde":
        return kde(torch, p, dev, dtype, comp, init, sdpa=False)

    if wl == "lagged":
        n, members, lags, saves, blocks = p["n"], p["members"], p["lags"], p["saves"], p["blocks"]
        h, mb = n // 2 + 1, members // blocks
        fields = [torch.randn((members, n, n), generator=init, dtype=torch.float64).to(dev, dtype) for _ in range(4)]
        ring = torch.zeros((lags, blocks, mb, n, h), dtype=cdt, device=dev)
        sums = torch.zeros((lags, blocks, n, h), dtype=cdt, device=dev)
        back = torch.arange(lags, device=dev)

        def spectra(u):
            uh = torch.fft.rfft2(u).reshape(blocks, mb, n, h)
            bh = torch.conj(torch.fft.rfft2(-u)).reshape(blocks, mb, n, h)
            return uh, bh

        def accumulate(uh, past):   # past[l] = conj B_hat(t - l): sum over the members of each block
            return torch.einsum("bmyx,lbmyx->lbyx", uh, past)
        fs, fa = comp(spectra), comp(accumulate)
        st = {"t": 0}

        def observe():
            t = st["t"]
            uh, bh = fs(fields[t % 4])
            ring[t % lags] = bh
            sums.add_(fa(uh, ring[(t - back) % lags]))
            st["t"] = t + 1

        for _ in range(lags):   # fill the ring first, as the engine does
            observe()

        def call():
            for _ in range(saves):
                observe()
        return call, lambda: torch.view_as_real(sums)

    raise ValueError(wl)


def kde(torch, p, dev, dtype, comp, init, sdpa):
    d, hh, q, n = p["d"], p["h"], p["queries"], p["data"]
    x = torch.randn((n, d), generator=init, dtype=torch.float64).to(dev, dtype)
    y = torch.randn((q, d), generator=init, dtype=torch.float64).to(dev, dtype)
    inv = 1.0 / (hh * hh)
    # Blocks of queries so the [block][data] logits stay ~1 GiB at most.
    block = max(1, min(q, (1 << 28) // n))
    out = torch.empty((q, d), dtype=dtype, device=dev)
    if sdpa:
        import torch.nn.functional as F
        pad = 16 - (d + 1) % 16 if (d + 1) % 16 else 0
        kx = torch.cat([x * inv, (-0.5 * inv) * (x * x).sum(1, keepdim=True)], 1)
        kx = torch.nn.functional.pad(kx, (0, pad))[None, None]
        vx = torch.nn.functional.pad(x, (0, d + 1 + pad - d))[None, None]
        qy = torch.nn.functional.pad(torch.cat([y, torch.ones((q, 1), dtype=dtype, device=dev)], 1), (0, pad))[None, None]

        def call():
            for q0 in range(0, q, block):
                m = F.scaled_dot_product_attention(qy[:, :, q0:q0 + block], kx, vx, scale=1.0)[0, 0, :, :d]
                out[q0:q0 + block] = (m - y[q0:q0 + block]) * inv
        return call, lambda: out

    xx = (x * x).sum(1)

    def score_block(yb):
        logits = (yb @ x.T - 0.5 * xx) * inv          # the row constant -|y|^2/(2h^2) cancels in softmax
        w = torch.softmax(logits, dim=1)
        return (w @ x - yb) * inv
    f = comp(score_block)

    def call():
        for q0 in range(0, q, block):
            out[q0:q0 + block] = f(y[q0:q0 + block])
    return call, lambda: out


def main():
    ap = W.peer_args(__doc__, "f32")
    ap.add_argument("--device", default=None, help="cuda or cpu (default: cuda if available)")
    ap.add_argument("--modes", default="eager,compile,sdpa")
    args = ap.parse_args()
    names = W.chosen_workloads(ap, args)
    try:
        import torch
    except Exception as e:  # noqa: BLE001
        for wl in names:
            W.result_line("torch", "torch-eager", args.device or "cuda", wl, args.size, args.precision,
                          W.throughput_params(wl, args.size), reason=f"cannot import torch with {sys.executable}: {e!r}")
        return
    dev = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if dev.type == "cuda" and not torch.cuda.is_available():
        for wl in names:
            W.result_line("torch", "torch-eager", "cuda", wl, args.size, args.precision, W.throughput_params(wl, args.size),
                          reason=f"torch {torch.__version__} sees no CUDA device", extra={"torch": torch.__version__})
        return
    dtype = torch.float32 if args.precision == "f32" else torch.float64
    torch.set_grad_enabled(False)
    extra = {"torch": torch.__version__, "python": sys.version.split()[0], "device_name": "cpu"}
    if dev.type == "cuda":
        pr = torch.cuda.get_device_properties(dev)
        extra.update(device_name=pr.name, sms=pr.multi_processor_count, cc=f"{pr.major}.{pr.minor}")
        torch.backends.cuda.matmul.allow_tf32 = False       # FP32 means FP32 (the engine's F32)
        torch.backends.cudnn.allow_tf32 = False
    else:
        extra["threads"] = torch.get_num_threads()
    sync = (lambda: torch.cuda.synchronize(dev)) if dev.type == "cuda" else None
    modes = [m for m in args.modes.split(",") if m]
    for wl in names:
        p = W.throughput_params(wl, args.size)
        for mode in modes:
            if mode == "sdpa" and wl != "kde":
                continue
            backend = "torch-" + mode
            if mode == "sdpa" and not hasattr(torch.nn.functional, "scaled_dot_product_attention"):
                W.result_line("torch", backend, dev.type, wl, args.size, args.precision, p,
                              reason=f"scaled_dot_product_attention needs torch >= 2.0 (have {torch.__version__})", extra=extra)
                continue
            if mode == "compile" and not hasattr(torch, "compile"):
                W.result_line("torch", backend, dev.type, wl, args.size, args.precision, p,
                              reason=f"torch.compile needs torch >= 2.0 (have {torch.__version__})", extra=extra)
                continue
            try:
                if mode == "sdpa":
                    call, result = kde(torch, p, dev, dtype, lambda f: f, torch.Generator().manual_seed(1001), sdpa=True)
                else:
                    call, result = build(torch, wl, p, dev, dtype, compiled=(mode == "compile"))
                t = W.measure_calls(call, W.units_per_call(wl, p), args.size, sync, args.warmup, args.repeats, args.min_seconds)
                if not bool(torch.isfinite(result()).all()):
                    raise FloatingPointError("non-finite output after the timed calls")
                W.result_line("torch", backend, dev.type, wl, args.size, args.precision, p, timing=t, extra=extra)
            except Exception as e:  # noqa: BLE001 - one line per workload and mode, whatever happened
                W.result_line("torch", backend, dev.type, wl, args.size, args.precision, p, error=W.describe(e), extra=extra)
            if dev.type == "cuda":
                torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
