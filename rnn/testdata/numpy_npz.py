"""Writes numpy_written.npz for TestReadNumpyNpz, and checks that numpy can
read a checkpoint written by rnn.Trainer.SaveFile (pass its path).

/usr/bin/python3 testdata/numpy_npz.py            # writes testdata/numpy_written.npz
/usr/bin/python3 testdata/numpy_npz.py ck.npz     # prints a Go checkpoint's contents
"""
import json
import sys

import numpy as np

if len(sys.argv) > 1:
    with np.load(sys.argv[1]) as z:
        for k in sorted(z.files):
            v = z[k]
            print(k, v.dtype, v.shape)
        cfg = json.loads(str(z["config"]))
        print("config", cfg)
        w = z["W_rec"]
        print("W_rec[0,:3]", w[0, :3], "sum|W_rec|", float(np.abs(w).sum()))
else:
    np.savez("testdata/numpy_written.npz",
             a=np.arange(6, dtype=np.float32).reshape(2, 3) + 0.5,
             b=np.array([0.0, 1.0, 2.5, -1.25]),
             s=np.array('héllo {"k": 1}'),
             u=np.array([1, 2, 255], dtype=np.uint8))
