"""Logits of the stored rnn weights files computed by PyTorch, for
TestTorchRecipe (weights_torch_test.go).

    /usr/bin/python3 rnn/testdata/torch_logits.py rnn/testdata

reads weights_relu.npz, weights_dale.npz, weights_leaky.npz (written by
rnn.WriteWeightsFile)
and weights_batch.npy (steps × batch × n_in, float32, time-major as
rnn.Batch.X), builds torch.nn.RNN(nonlinearity="relu") + nn.Linear with the
recipe of docs/weights.md (nn.RNNCell in a loop for the leaky tanh model),
and writes torch_logits_<name>.npy (batch × n_out,
float32): the readout of the last step. It also checks the torch logits
against a float64 numpy loop of the same equations.
"""
import json
import os
import sys

import numpy as np
import torch


def load_torch(path):
    """The recipe of docs/weights.md: a stored paper model as torch modules."""
    z = np.load(path)
    cfg = json.loads(str(z["config"]))
    assert cfg["alpha"] == 1 and cfg["activation"] == "relu", "only α = 1 relu models map onto nn.RNN"
    rnn = torch.nn.RNN(cfg["n_in"], cfg["n_rec"], nonlinearity="relu", batch_first=True)
    readout = torch.nn.Linear(cfg["n_rec"], cfg["n_out"])
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    rnn.load_state_dict({
        "weight_ih_l0": t(z["W_in"].T),       # torch computes x W_ih^T: W_ih = W_in^T
        "weight_hh_l0": t(z["W_rec_eff"].T),  # the effective matrix, also under Dale's law
        "bias_ih_l0": t(z["b"]),
        "bias_hh_l0": torch.zeros(cfg["n_rec"]),
    })
    readout.load_state_dict({"weight": t(z["W_out"].T), "bias": t(z["b_out"])})
    return rnn, readout


def leaky_logits(path, x):
    """The recipe of docs/weights.md for a leaky model (alpha < 1): nn.RNNCell
    in a loop, h <- (1 - alpha) h + alpha cell(x_t, h). x: steps × batch × n_in."""
    z = np.load(path)
    cfg = json.loads(str(z["config"]))
    alpha = cfg["alpha"]
    cell = torch.nn.RNNCell(cfg["n_in"], cfg["n_rec"], nonlinearity=cfg["activation"])  # "relu" or "tanh"
    readout = torch.nn.Linear(cfg["n_rec"], cfg["n_out"])
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    cell.load_state_dict({"weight_ih": t(z["W_in"].T), "weight_hh": t(z["W_rec_eff"].T),
                          "bias_ih": t(z["b"]), "bias_hh": torch.zeros(cfg["n_rec"])})
    readout.load_state_dict({"weight": t(z["W_out"].T), "bias": t(z["b_out"])})
    h = torch.zeros(x.shape[1], cfg["n_rec"])
    for xt in torch.from_numpy(x):
        h = (1 - alpha) * h + alpha * cell(xt, h)
    return readout(h)


def numpy_logits(path, x):
    """The same network in float64 numpy, time-major x: steps × batch × n_in."""
    z = np.load(path)
    cfg = json.loads(str(z["config"]))
    f = {"relu": lambda v: np.maximum(v, 0), "tanh": np.tanh}[cfg["activation"]]
    a = cfg["alpha"]
    w_in, w, b = z["W_in"].astype(np.float64), z["W_rec_eff"].astype(np.float64), z["b"].astype(np.float64)
    h = np.zeros((x.shape[1], w.shape[0]))
    for xt in x.astype(np.float64):
        h = (1 - a) * h + a * f(xt @ w_in + h @ w + b)
    return h @ z["W_out"].astype(np.float64) + z["b_out"]


def main(d):
    x = np.load(os.path.join(d, "weights_batch.npy"))  # steps × batch × n_in
    for name in ["relu", "dale", "leaky"]:
        path = os.path.join(d, "weights_%s.npz" % name)
        with torch.no_grad():
            if name == "leaky":
                logits = leaky_logits(path, x).numpy()
            else:
                rnn, readout = load_torch(path)
                out, _ = rnn(torch.from_numpy(x).transpose(0, 1))  # batch_first: batch × steps × n_in
                logits = readout(out[:, -1]).numpy()
        ref = numpy_logits(path, x)
        err = np.abs(logits - ref).max()
        print("%s: max |torch float32 - numpy float64| = %.3g" % (name, err), file=sys.stderr)
        assert err < 1e-5, err
        np.save(os.path.join(d, "torch_logits_%s.npy" % name), logits.astype(np.float32))
    print("numpy %s, torch %s, python %s" % (np.__version__, torch.__version__, sys.version.split()[0]), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
