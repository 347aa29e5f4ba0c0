#!/usr/bin/python3
"""Golden values for the connectome package's tests.

Run from connectome/testdata with Debian's Python (numpy 1.24.2):
    /usr/bin/python3 golden.py [path/to/shared/microns]
It writes npy/ (reader fixtures), golden/bio_*.npy (PAPER.md §2 in numpy on
fixed log-normal draws) and golden/measures_*.npy (binned Pearson
correlation, STTC and precision of the real spikes of 4_7_2, 5_3_8, 6_6_8).
The Go tests read only these files; they never run Python.
"""
import os, sys
import numpy, numpy.core.multiarray
# numpy 2 pickles name numpy._core; alias it so numpy 1.24 can load them.
sys.modules['numpy._core'] = numpy.core
sys.modules['numpy._core.multiarray'] = numpy.core.multiarray
import numpy as np
from numpy.lib import format as npf

MICRONS = sys.argv[1] if len(sys.argv) > 1 else '../../../shared/microns'
os.makedirs('npy', exist_ok=True)
os.makedirs('golden', exist_ok=True)

# ---- .npy reader fixtures -------------------------------------------------
base = np.arange(12, dtype=np.float64).reshape(3, 4) * 1.5 - 4
def save(name, arr, version=None):
    with open('npy/' + name, 'wb') as fh:
        if version is None:
            np.save(fh, arr)
        else:
            npf.write_array(fh, arr, version=version)
save('f8.npy', base)
save('f4.npy', base.astype('<f4'))
save('f8_big.npy', base.astype('>f8'))
save('i8.npy', (base * 2).astype('<i8'))
save('i4.npy', (base * 2).astype('<i4'))
save('i2_big.npy', (base * 2).astype('>i2'))
save('u1.npy', np.abs(base * 2).astype('|u1'))
save('b1.npy', base > 0)
save('f8_fortran.npy', np.asfortranarray(base))
save('i4_fortran.npy', np.asfortranarray((base * 2).astype('<i4')))
save('f8_3d_fortran.npy', np.asfortranarray(np.arange(24, dtype='<f8').reshape(2, 3, 4)))
save('f8_v2.npy', base, version=(2, 0))
save('f8_v3.npy', base, version=(3, 0))
save('i8_ids.npy', np.array([864691136010495406, -5, 2**62 + 1], dtype='<i8'))
save('f8_vector.npy', np.array([0.5, -1.25, 3.0]))
# object arrays as np.save writes them with numpy 1 (numpy.core.multiarray)
obj = np.empty(3, dtype=object)
obj[0] = np.array([1, 2, 3], dtype=np.int64)
obj[1] = np.array([4, 5, 6], dtype=np.int64)
obj[2] = np.array([7, 8, 9], dtype=np.int64)
np.save('npy/positions_numpy1.npy', obj, allow_pickle=True)
sp = np.empty(2, dtype=object)
sp[0] = np.array([0.5, 1.5, 2.25])
sp[1] = np.array([], dtype=np.float64)
np.save('npy/spikes_numpy1.npy', sp, allow_pickle=True)

# ---- PAPER.md §2 in numpy -------------------------------------------------
def minmax(x):
    lo, hi = x.min(), x.max()
    return np.ones_like(x) if hi == lo else (x - lo) / (hi - lo)
def symmetrize(s):
    return np.tril(s) + np.tril(s, -1).T
def bio(L, corr, sttc, prec, source):
    S = minmax(symmetrize(sttc))
    if source == 'corr':
        B = L * minmax(corr) * S
    elif source == 'precision':
        B = L * minmax(prec) * S
    elif source == 'sttc':
        B = L * S
    else:
        B = L.copy()
    m = B.mean()
    if m > 0:
        B = B * (0.1 / m)
    B[(B != 0) & (B < 0.01)] = 0.01
    rho = np.max(np.abs(np.linalg.eigvals(B)))
    return B * (0.95 / rho)

def bio_set(tag, corr, sttc, prec, seed):
    rng = np.random.default_rng(seed)
    n = corr.shape[0]
    L = rng.lognormal(mean=-0.5, sigma=0.5, size=(n, n))
    np.save('golden/bio_%s_L.npy' % tag, L)
    for src in ['corr', 'precision', 'sttc', 'none']:
        np.save('golden/bio_%s_out_%s.npy' % (tag, src), bio(L, corr, sttc, prec, src))

# Small fixture: N = 12 functional matrices shaped like the real ones.
rng = np.random.default_rng(7)
n = 12
X = rng.normal(size=(200, n)) + rng.normal(size=(200, 1))
corr = np.corrcoef(X, rowvar=False)
sttc = np.tril(rng.uniform(-0.1, 0.2, size=(n, n)), -1) + np.eye(n)
prec = np.linalg.inv(np.cov(X, rowvar=False))
np.save('golden/bio_small_in_corr.npy', corr)
np.save('golden/bio_small_in_sttc.npy', sttc)
np.save('golden/bio_small_in_prec.npy', prec)
bio_set('small', corr, sttc, prec, 11)

# Real field 5_3_8 (N = 42), when the shared data are present.
d = os.path.join(MICRONS, '5_3_8')
if os.path.isdir(d):
    bio_set('5_3_8', np.load(d + '/corr_matrix.npy'), np.load(d + '/sttc_matrix.npy'),
            np.load(d + '/precision_matrix.npy'), 538)

# ---- functional measures on real spikes ----------------------------------
T0, T1, BIN, DT, SHRINK = 0.0, 6348.0, 1.0, 0.08, 0.1
def counts(spikes):
    nb = int(np.floor((T1 - T0) / BIN))
    return np.stack([np.histogram(s, bins=nb, range=(T0, T0 + nb * BIN))[0] for s in spikes], axis=1).astype(float)
def tiled(s):
    # union of [t-DT, t+DT] clipped to [T0, T1], by merging sorted intervals
    lo = np.clip(s - DT, T0, T1); hi = np.clip(s + DT, T0, T1)
    total, cur_lo, cur_hi = 0.0, None, None
    for a, b in zip(lo, hi):
        if cur_hi is None or a > cur_hi:
            if cur_hi is not None:
                total += cur_hi - cur_lo
            cur_lo, cur_hi = a, b
        else:
            cur_hi = max(cur_hi, b)
    if cur_hi is not None:
        total += cur_hi - cur_lo
    return total / (T1 - T0)
def within(a, b):
    if len(a) == 0:
        return np.nan
    # distance from each spike of a to its nearest spike of b
    idx = np.searchsorted(b, a)
    left = np.abs(a - b[np.clip(idx - 1, 0, len(b) - 1)])
    right = np.abs(b[np.clip(idx, 0, len(b) - 1)] - a)
    return np.mean(np.minimum(left, right) <= DT)
def sttc_matrix(spikes):
    n = len(spikes)
    T = [tiled(s) for s in spikes]
    out = np.eye(n)
    for i in range(n):
        for j in range(i):
            pa, pb = within(spikes[i], spikes[j]), within(spikes[j], spikes[i])
            ta, tb = T[i], T[j]
            v = 0.5 * ((pa - tb) / (1 - pa * tb) + (pb - ta) / (1 - pb * ta))
            out[i, j] = out[j, i] = v
    return out
for f in ['4_7_2', '5_3_8', '6_6_8']:
    d = os.path.join(MICRONS, f)
    if not os.path.isdir(d):
        continue
    spikes = list(np.load('%s/spikes_%s.npy' % (d, f), allow_pickle=True))
    X = counts(spikes)
    C = np.corrcoef(X, rowvar=False)
    S = np.cov(X, rowvar=False)
    P0 = np.linalg.inv(S)
    tr = np.trace(S) / S.shape[0]
    P1 = np.linalg.inv((1 - SHRINK) * S + SHRINK * tr * np.eye(S.shape[0]))
    ST = sttc_matrix(spikes)
    for name, m in [('corr', C), ('sttc', ST), ('prec0', P0), ('prec1', P1)]:
        np.save('golden/measures_%s_%s.npy' % (f, name), m)
print('numpy', np.__version__)
