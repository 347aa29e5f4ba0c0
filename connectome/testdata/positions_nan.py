"""Writes npy/positions_nan.npy: a pickled object array of 9 float64 soma
positions (voxels) whose neuron 7 has y = NaN, for the test that the reader
reports the NaN at [7,1].

Run from connectome/testdata:  /usr/bin/python3 positions_nan.py   (numpy 1.24.2)
"""
import numpy as np

pos = np.empty(9, dtype=object)
for i in range(9):
    pos[i] = np.array([100.0 + i, 200.0 + i, 300.0 + i])
pos[7][1] = np.nan
np.save("npy/positions_nan.npy", pos, allow_pickle=True)
