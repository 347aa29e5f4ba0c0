"""Golden files for package npyio, written by numpy.

Run from internal/npyio:  /usr/bin/python3 testdata/golden.py

It writes testdata/numpy/*.npy and *.npz with numpy's own writers
(np.save, np.lib.format.write_array with an explicit version, np.savez,
np.savez_compressed) and testdata/golden.json, which lists for every array
its dtype string, shape and values in C order (floats as repr strings, so
they are exact; integers as JSON integers; text as strings). The Go tests
read the files and compare with golden.json; they never run Python.
"""
import json
import os
import sys

import numpy as np

os.makedirs("testdata/numpy", exist_ok=True)

arrays = {
    "f4_c": np.arange(6, dtype=np.float32).reshape(2, 3) + np.float32(0.5),
    "f8_fortran": np.asfortranarray(np.arange(6.0).reshape(2, 3) * 1.25 - 3),
    "f8_be_3d": np.asfortranarray((np.arange(24.0).reshape(2, 3, 4) / 7).astype(">f8")),
    "f4_special": np.array([np.inf, -np.inf, -0.0, 1e-45, 3.4028235e38], dtype=np.float32),
    "i1": np.array([-128, -1, 0, 127], dtype=np.int8),
    "i2_be": np.array([-32768, 1, 32767], dtype=">i2"),
    "i4_be": np.arange(-3, 3, dtype=">i4").reshape(3, 2),
    "i8_big": np.array([-2**63, -1, 0, 2**53 + 1, 2**63 - 1], dtype=np.int64),
    "u1": np.array([0, 1, 255], dtype=np.uint8),
    "u2": np.array([0, 65535], dtype=np.uint16),
    "u4_be": np.array([0, 4294967295], dtype=">u4"),
    "u8": np.array([0, 2**63 - 1, 2**64 - 1], dtype=np.uint64),
    "b1": np.array([[True, False, True], [False, False, True]]),
    "text": np.array(["héllo", "a", ""]),
    "text_0d": np.array('{"k": 1, "é": "∑"}'),
    "scalar": np.array(3.5),
    "empty": np.zeros((0, 3), dtype=np.float32),
    "vec": np.linspace(-1, 1, 7),
}
versions = {"v2": (2, 0), "v3": (3, 0)}

golden = {}


def record(key, a):
    flat = np.ascontiguousarray(a).reshape(-1)
    if a.dtype.kind == "f":
        values = [repr(float(x)) for x in flat]
    elif a.dtype.kind in "iu":
        values = [int(x) for x in flat]
    elif a.dtype.kind == "b":
        values = [bool(x) for x in flat]
    else:
        values = [str(x) for x in flat]
    golden[key] = {"descr": a.dtype.str, "shape": list(a.shape), "values": values}


for name, a in arrays.items():
    np.save(f"testdata/numpy/{name}.npy", a)
    record(name + ".npy", a)
for name, ver in versions.items():
    a = arrays["f8_fortran"]
    with open(f"testdata/numpy/{name}.npy", "wb") as f:
        np.lib.format.write_array(f, a, version=ver)
    record(name + ".npy", a)

members = {k: arrays[k] for k in ["f4_c", "i8_big", "b1", "text_0d", "u1", "empty", "scalar"]}
np.savez("testdata/numpy/savez.npz", **members)
np.savez_compressed("testdata/numpy/savez_compressed.npz", **members)
for z in ["savez.npz", "savez_compressed.npz"]:
    for k, a in members.items():
        record(f"{z}/{k}", a)

with open("testdata/golden.json", "w") as f:
    json.dump({"numpy": np.__version__, "python": sys.version.split()[0], "arrays": golden}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("numpy", np.__version__, "wrote", len(golden), "arrays")
