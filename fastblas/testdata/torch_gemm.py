"""Time PyTorch's CPU GEMM on the shapes of fastblas's benchmarks.

Debian's torch (python3-torch 1.13) calls OpenBLAS (openblas-pthread) for
torch.mm, whose thread count is OPENBLAS_NUM_THREADS, not
torch.set_num_threads; set both:

    for t in 1 2; do
      OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t OMP_WAIT_POLICY=PASSIVE \
        /usr/bin/python3 fastblas/testdata/torch_gemm.py $t
    done

and compare with `go test -run XXX -bench . ./fastblas/`. Prints GFLOP/s
(2·m·n·k per product): the best of 5 blocks, each block timing enough
products for about 2 GFLOP and reporting their mean.
"""
import sys
import time

import torch

SHAPES = [
    # name, dtype, transA, transB, m, n, k
    ("step_fwd_128x312x312", torch.float32, False, False, 128, 312, 312),
    ("step_bwd_128x312x312_NT", torch.float32, False, True, 128, 312, 312),
    ("wgrad_312x312x6400_TN", torch.float32, True, False, 312, 312, 6400),
    ("wgrad_step_312x312x128_TN", torch.float32, True, False, 312, 312, 128),
    ("inproj_6400x312x8", torch.float32, False, False, 6400, 312, 8),
    ("cube_1024", torch.float32, False, False, 1024, 1024, 1024),
    ("expm_312 (f64)", torch.float64, False, False, 312, 312, 312),
    ("expm_632 (f64)", torch.float64, False, False, 632, 632, 632),
    ("cube_1024 (f64)", torch.float64, False, False, 1024, 1024, 1024),
]


def gflops(threads, dtype, ta, tb, m, n, k):
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(0)
    a = torch.randn((k, m) if ta else (m, k), dtype=dtype, generator=g)
    b = torch.randn((n, k) if tb else (k, n), dtype=dtype, generator=g)
    a = a.t() if ta else a
    b = b.t() if tb else b
    c = torch.empty((m, n), dtype=dtype)
    flop = 2.0 * m * n * k
    reps = max(3, int(2e9 / flop))  # about 2 GFLOP per repetition
    best = float("inf")
    for _ in range(5):
        torch.mm(a, b, out=c)
        t0 = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b, out=c)
        best = min(best, (time.perf_counter() - t0) / reps)
    return flop / best / 1e9, best


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    print(f"torch {torch.__version__}, {threads} thread(s)")
    for name, dtype, ta, tb, m, n, k in SHAPES:
        gf, t = gflops(threads, dtype, ta, tb, m, n, k)
        print(f"{name:26s} {gf:7.1f} GFLOP/s ({t * 1e6:9.1f} us)")


if __name__ == "__main__":
    main()
