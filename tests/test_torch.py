"""Any PyTorch model as a surface (the optional extra): loss and gradient as torch computes
them, the same plane as the numpy MLP with the same weights, optimizers and plane figures
on it, one-line errors for bad input, and a numpy-only ``import landscape``."""
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import landscape
import optimizers
from animations import plot_interpolation, plot_plane
from landscape import from_torch
from landscape.base import Surface
from landscape.plane import Plane, pca_plane, random_plane

BATCH = np.array([3, 7, 7, 11, 20, 29])      # repeats count twice, as in every finite sum


def mlp_2_8_1(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))


def xor(n=40, seed=1):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 2, generator=g, dtype=torch.float64)
    return X, (X[:, :1] * X[:, 1:] > 0).double()


def torch_loss_and_grad(model, loss_fn, X, y, theta):
    """What a torch user computes: weights into the model, forward, loss.backward()."""
    params = list(model.parameters())
    torch.nn.utils.vector_to_parameters(torch.as_tensor(theta), params)
    for q in params:
        q.grad = None
    loss = loss_fn(model(X), y)
    loss.backward()
    return loss.item(), torch.cat([q.grad.reshape(-1) for q in params]).numpy()


def points(s, k=5, seed=2, spread=0.5):
    return np.asarray(s.start) + np.random.default_rng(seed).normal(0, spread, (k, s.dim))


# ---------------------------------------------------------------- the same numbers as torch
@pytest.mark.parametrize("loss_fn", [torch.nn.BCEWithLogitsLoss(), torch.nn.MSELoss()],
                         ids=["bce", "mse"])
def test_loss_and_gradient_are_torchs_own_at_many_weight_vectors(loss_fn):
    model, (X, y) = mlp_2_8_1().double(), xor()
    s = from_torch(model, loss_fn, X, y)
    assert isinstance(s, Surface) and s.dim == 33 and s.n_samples == 40 and s.minima == ()
    thetas = points(s)
    values, grads = s.value(thetas), s.grad(thetas)          # all five at once
    assert values.shape == (5,) and grads.shape == (5, 33)
    many = s.value(thetas.reshape(5, 1, 33))
    assert many.shape == (5, 1) and s.grad(thetas[0]).shape == (33,)
    for theta, v, g in zip(thetas, values, grads):
        own_v, own_g = torch_loss_and_grad(model, loss_fn, X, y, theta)
        assert v == pytest.approx(own_v, rel=1e-10, abs=1e-10)
        np.testing.assert_allclose(g, own_g, rtol=1e-10, atol=1e-10)
        # a mini-batch: the loss's mean over those samples (a repeat counts twice)
        idx = torch.as_tensor(BATCH)
        own_v, own_g = torch_loss_and_grad(model, loss_fn, X[idx], y[idx], theta)
        assert float(s.value(theta, BATCH)) == pytest.approx(own_v, rel=1e-10, abs=1e-10)
        np.testing.assert_allclose(s.grad(theta, BATCH), own_g, rtol=1e-10, atol=1e-10)


def test_the_start_is_the_models_weights_and_the_model_is_left_alone():
    model, (X, y) = mlp_2_8_1(), xor()                     # a float32 model, as torch makes it
    before = [q.detach().clone() for q in model.parameters()]
    s = from_torch(model, torch.nn.BCEWithLogitsLoss(), X.numpy(), y.numpy())   # numpy data too
    flat = torch.nn.utils.parameters_to_vector(model.parameters()).detach().double().numpy()
    np.testing.assert_array_equal(s.start, flat)
    assert s.bounds[0] == (flat[0] - 1, flat[0] + 1)
    assert list(s.views(s.start)) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert s.views(points(s))["0.weight"].shape == (5, 8, 2)
    optimizers.run(s, optimizers.get("adam", lr=0.05), steps=5)
    assert all(torch.equal(a, b) and b.dtype == torch.float32
               for a, b in zip(before, model.parameters()))
    assert s.label == "torch: Sequential (33 weights), BCEWithLogitsLoss (n=40)"


def test_eval_mode_class_targets_and_float32_contours():
    """Dropout and BatchNorm as in evaluation (a deterministic surface); integer class
    targets for cross-entropy; float32 points give float32 losses close to float64."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(),
                                torch.nn.Dropout(0.5), torch.nn.Linear(6, 3)).double()
    model.train()(torch.randn(64, 2, dtype=torch.float64))       # running statistics, not 0 / 1
    X = torch.randn(30, 2, dtype=torch.float64)
    y = torch.randint(0, 3, (30,))
    s = from_torch(model, torch.nn.CrossEntropyLoss(), X, y)
    theta = points(s, 1)[0]
    own_v, own_g = torch_loss_and_grad(model.eval(), torch.nn.CrossEntropyLoss(), X, y, theta)
    assert float(s.value(theta)) == pytest.approx(own_v, rel=1e-12)
    np.testing.assert_allclose(s.grad(theta), own_g, rtol=1e-10, atol=1e-12)
    assert s.y.dtype == torch.int64 and s.f_min == 0.0
    many = points(s, 50)
    np.testing.assert_allclose(s.losses(many.astype(np.float32)), s.value(many), rtol=1e-5)
    np.testing.assert_array_equal(s.losses(many), s.value(many))


# ---------------------------------------------------------------- the numpy MLP's plane
def as_torch(net, p):
    """The numpy MLP's weights ``(..., P)`` in torch's layout: per layer its block
    ``[W; b]`` holds W ``(n_in, n_out)`` row by row, then b; a torch Linear holds
    ``weight = W^T`` ``(n_out, n_in)`` row by row, then ``bias = b``."""
    p = np.asarray(p)
    parts = []
    for W, b in net.layers(p):
        parts += [np.swapaxes(W, -1, -2).reshape(p.shape[:-1] + (-1,)), b]
    return np.concatenate(parts, axis=-1)


def test_the_same_plane_as_the_numpy_mlp_with_the_same_weights():
    net = landscape.get("mlp", data="moons", n=60, hidden=(8,), activation="tanh", loss="bce")
    theta = net.start + np.random.default_rng(0).normal(0, 0.3, net.dim)
    model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    torch.nn.utils.vector_to_parameters(torch.as_tensor(as_torch(net, theta)), model.double().parameters())
    s = from_torch(model, torch.nn.BCEWithLogitsLoss(), net.X, net.y[:, None], name="moons")
    np.testing.assert_array_equal(s.start, as_torch(net, theta))
    np.testing.assert_allclose(s.grad(as_torch(net, theta)), as_torch(net, net.grad(theta)),
                               rtol=1e-9, atol=1e-12)
    ours = random_plane(net, theta, seed=4)
    theirs = Plane(s, as_torch(net, ours.origin), as_torch(net, ours.d1), as_torch(net, ours.d2),
                   bounds=ours.bounds)
    _, _, Z = landscape.grid(ours, 41)          # 1,681 points: chunks on the thread pool
    _, _, Zt = landscape.grid(theirs, 41)
    np.testing.assert_allclose(Zt, Z, rtol=1e-9, atol=0)
    assert np.ptp(Z) > 0.1                      # a landscape, not a flat sheet


def test_threads_of_a_grid_each_call_their_own_copy_of_the_model():
    # functional_call swaps weights into the module while it runs: two threads sharing
    # one module mixed their weights (and failed on unequal chunk sizes)
    model, (X, y) = mlp_2_8_1(), xor(200)
    s = from_torch(model, torch.nn.BCEWithLogitsLoss(), X, y)
    plane = random_plane(s, seed=0)
    gx, gy, Z = landscape.grid(plane, 60)       # 3,600 points in 4 chunks, 2+ threads
    np.testing.assert_array_equal(Z, s.value(plane.weights(np.stack([gx, gy], axis=-1))))


# ---------------------------------------------------------------- optimizers and figures
def test_optimizers_train_it_and_the_plane_figures_draw_the_runs():
    model, (X, y) = mlp_2_8_1(), xor(60)
    s = from_torch(model, torch.nn.BCEWithLogitsLoss(), X, y, name="xor")
    runs = [optimizers.run(s, optimizers.get("gd", lr=0.5), steps=60),
            optimizers.run(s, optimizers.get("adam", lr=0.05), steps=60),
            optimizers.run(s, optimizers.get("sgd", lr=0.3, batch_size=10), epochs=10, seed=1)]
    for t in runs:
        assert t.diverged_at is None and t.loss[-1] < 0.9 * t.loss[0]
        assert t.surface == {"name": "xor"}
    plane = pca_plane(s, runs[:2])
    fig = plot_plane(plane, runs[:2], resolution=15)
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    for t in runs[:2]:
        xy = plane.project(t).coords
        assert np.all((x0 <= xy[:, 0]) & (xy[:, 0] <= x1) & (y0 <= xy[:, 1]) & (xy[:, 1] <= y1))
    assert "xor: Sequential (33 weights)" in fig.texts[0].get_text()
    fig = plot_plane(random_plane(s, runs[1].final, seed=2), runs[1:2], resolution=12)
    assert fig.axes[0].get_xlabel() == "α (random direction 1)"
    assert plot_interpolation(s, runs[:1], n=11).axes[0].get_xlabel().startswith("t:")


# ---------------------------------------------------------------- bad input, one line each
def bad(error, match, *args, **kwargs):
    with pytest.raises(error, match=match) as e:
        from_torch(*args, **kwargs)
    assert "\n" not in str(e.value)


class Gated(torch.nn.Module):
    """Runs as a module, but asks a number of its weights (.item()): vmap cannot."""

    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(2, 1).double()

    def forward(self, x):
        return self.layer(x) * (2.0 if self.layer.weight.sum().item() > 0 else 1.0)


def test_bad_input_is_one_clear_line():
    model, (X, y) = mlp_2_8_1().double(), xor(50)
    mse = torch.nn.MSELoss()
    three = torch.nn.Linear(2, 3).double()
    bad(ValueError, r"output of shape \(50, 3\) does not fit y of shape \(50,\) for MSELoss",
        three, mse, X, y[:, 0])
    bad(ValueError, r"output of shape \(50, 1\) does not fit y of shape \(50,\).*broadcast",
        model, mse, X, y[:, 0])                 # torch would make a (50, 50) loss of it
    bad(ValueError, r"output of shape \(50, 1\) does not fit y of shape \(50,\) for BCEWithLogitsLoss",
        model, torch.nn.BCEWithLogitsLoss(), X, y[:, 0])
    bad(ValueError, r"X has 50 samples \(shape \(50, 2\)\) but y has 49", model, mse, X, y[:49])
    bad(TypeError, r"X must be a torch tensor or a numpy array, got list", model, mse, X.tolist(), y)
    bad(TypeError, r"y must be a torch tensor or a numpy array, got str", model, mse, X, "y")
    bad(ValueError, r"cannot run on X of shape \(50, 3\)", model, mse, torch.randn(50, 3), y)
    bad(TypeError, r"model='net' must be a torch.nn.Module", "net", mse, X, y)
    bad(TypeError, r"loss_fn=3 must be callable", model, 3, X, y)
    bad(ValueError, r"reduction='sum'.*reduction='mean'", model, torch.nn.MSELoss(reduction="sum"), X, y)
    bad(ValueError, r"loss_fn returned shape \(50, 1\)", model, lambda out, t: (out - t) ** 2, X, y)
    bad(ValueError, r"start must be finite numbers of shape \(33,\).*got shape \(3,\)",
        model, mse, X, y, start=(1.0, 2.0, 3.0))
    bad(ValueError, r"bounds must be 33 pairs", model, mse, X, y, bounds=[(1.0, 0.0)] * 33)
    bad(ValueError, r"has no parameters", torch.nn.Tanh(), mse, X, y)
    bad(ValueError, r"not as a function of many weight vectors at once \(torch.func.vmap: .*\.item\(\)",
        Gated(), mse, X, y)
    s = from_torch(model, mse, X, y)
    with pytest.raises(ValueError, match=r"points must have shape \(\.\.\., 33\)"):
        s.value(np.zeros(3))
    with pytest.raises(ValueError, match=r"batch indices must be in \[0, 50\)"):
        s.grad(s.start, np.array([0, 50]))


def test_without_torch_from_torch_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)          # as if it were not installed
    with pytest.raises(ImportError, match=r"pip install 'lossviz\[torch\]'"):
        from_torch(None, None, None, None)


def test_import_landscape_does_not_import_torch():
    code = ("import landscape, optimizers, animations, sys; "
            "assert 'torch' not in sys.modules, 'torch was imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
