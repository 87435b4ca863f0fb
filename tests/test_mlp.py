"""The numpy MLP: backprop against finite differences, the flat parameter vector, dropout,
vectorisation over many parameter vectors, training through run, and bad input."""
import numpy as np
import pytest

import landscape
import landscape.mlp  # noqa: F401  (registers "mlp")
import optimizers
from landscape.base import Surface
from landscape.mlp import MLP

BATCH = np.array([3, 7, 7, 11, 20, 29])      # repeats count twice, as in every finite sum


def _point(net, seed=2, spread=0.5):
    """Weights away from the start (whose biases are all 0)."""
    return np.asarray(net.start) + np.random.default_rng(seed).normal(0, spread, net.dim)


# ---------------------------------------------------------------- backprop
@pytest.mark.parametrize("dropout", [0.0, 0.3])
@pytest.mark.parametrize("loss", ["bce", "mse"])
@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_backprop_equals_central_differences(activation, loss, dropout):
    net = MLP(data="moons", n=30, hidden=(5, 4), activation=activation, loss=loss,
              dropout=dropout, seed=1)
    p = _point(net)
    X, y = net.samples(BATCH)
    masks = net.dropout_masks(p, BATCH) if dropout else None   # one fixed mask for all
    g = net.backward(p, net.forward(p, X, masks), y, masks)
    h = 1e-6
    E = h * np.eye(net.dim)                                      # every direction at once

    def loss_at(q):
        return net.mean_loss(net.forward(q, X, masks), y)

    fd = (loss_at(p + E) - loss_at(p - E)) / (2 * h)
    assert np.linalg.norm(g - fd) / np.linalg.norm(fd) < 1e-6
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-6 * np.abs(fd).max())


def test_dropout_masks_are_seeded_scaled_and_used_only_for_training():
    net = MLP(data="xor", n=40, hidden=(50,), dropout=0.25, seed=3)
    p = _point(net)
    m1, m2 = net.dropout_masks(p, BATCH)[0], net.dropout_masks(p, BATCH)[0]
    assert m1.shape == (len(BATCH), 50) and np.array_equal(m1, m2)       # reproducible
    assert set(np.unique(m1)) <= {0.0, 1 / 0.75}                          # inverted dropout
    other = net.dropout_masks(p + 1e-3, BATCH)[0]
    assert not np.array_equal(m1, other)                                  # a new step, new noise
    assert 0.6 < (net.dropout_masks(p)[0] > 0).mean() < 0.9               # about 75% kept
    plain = MLP(data="xor", n=40, hidden=(50,), seed=3)
    assert net.value(p) == plain.value(p)                                 # evaluation: no dropout
    assert not np.allclose(net.grad(p), plain.grad(p))
    assert np.array_equal(net.grad(p, BATCH), net.grad(p, BATCH))
    runs = [optimizers.run(net, optimizers.get("sgd", lr=0.1), epochs=1, seed=5) for _ in range(2)]
    assert np.array_equal(runs[0].params, runs[1].params)                 # bit for bit


# ---------------------------------------------------------------- one flat vector
def test_parameters_are_one_flat_vector_with_named_views():
    net = landscape.get("mlp", data="moons", hidden=(16, 16), n=50)
    assert isinstance(net, Surface) and net.n_samples == 50 and net.sizes == (2, 16, 16, 1)
    assert net.dim == (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1 == 337
    p = np.zeros(net.dim)
    views = net.views(p)
    assert list(views) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [v.shape for v in views.values()] == [(2, 16), (16,), (16, 16), (16,), (16, 1), (1,)]
    views["b2"][:] = 7.0                                                  # a view writes p
    assert p[3 * 16 + 16 * 16: 3 * 16 + 17 * 16].tolist() == [7.0] * 16
    block = net.blocks(p)[1]                                              # [W2; b2]
    assert block.shape == (17, 16) and np.all(block[-1] == 7.0)
    many = np.zeros((4, 3, net.dim))
    assert net.views(many)["W2"].shape == (4, 3, 16, 16)


def test_values_and_gradients_are_vectorised_over_parameter_vectors():
    net = MLP(data="circles", n=30, hidden=(6, 3), activation="relu", loss="mse")
    P = np.stack([_point(net, seed=s) for s in range(5)]).reshape(5, 1, net.dim)
    values, grads = net.value(P), net.grad(P, BATCH)
    assert values.shape == (5, 1) and grads.shape == (5, 1, net.dim)
    for k in range(5):
        assert values[k, 0] == pytest.approx(float(net.value(P[k, 0])), rel=1e-14)
        np.testing.assert_allclose(grads[k, 0], net.grad(P[k, 0], BATCH), rtol=1e-12, atol=1e-15)
    # a batch is the mean of its samples' losses
    singles = [float(net.value(P[0, 0], np.array([i]))) for i in BATCH]
    assert float(net.value(P[0, 0], BATCH)) == pytest.approx(np.mean(singles), rel=1e-12)


def _lecture_loss(net, P):
    """The loss written out from the lecture formulas, with numpy's own functions."""
    a = net.X
    for l, (W, b) in enumerate(net.layers(P)):
        z = a @ W + b[..., None, :]
        a = {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0),
             "sigmoid": lambda v: 1 / (1 + np.exp(-v))}[net.activation](z) if l < len(net.sizes) - 2 else z
    z = a[..., 0]
    if net.objective == "mse":
        return ((z - net.y) ** 2).mean(-1)
    s = 1 / (1 + np.exp(-z))
    return -(net.y * np.log(s) + (1 - net.y) * np.log(1 - s)).mean(-1)


def test_fast_losses_equal_the_lecture_formulas():
    for activation, loss in (("tanh", "bce"), ("relu", "mse"), ("sigmoid", "bce")):
        net = MLP(data="moons", n=70, hidden=(9, 5), activation=activation, loss=loss)
        P = np.stack([_point(net, seed=s, spread=1.0) for s in range(40)])
        expected = _lecture_loss(net, P)
        np.testing.assert_allclose(net.losses(P), expected, rtol=1e-12)
        np.testing.assert_allclose(net.value(P), expected, rtol=1e-12)
        np.testing.assert_allclose(net.mean_loss(net.forward(P, net.X), net.y), expected, rtol=1e-12)
        assert net.losses(P.astype(np.float32)).dtype == np.float32
        np.testing.assert_allclose(net.losses(P.astype(np.float32)), expected, rtol=2e-5)


def test_train_step_is_forward_loss_backward_update():
    net = MLP(data="xor", n=30, hidden=(4,))
    p = _point(net)
    new, loss = net.train_step(p, lr=0.3, batch=BATCH)
    assert loss == pytest.approx(float(net.value(p, BATCH)))
    np.testing.assert_allclose(new, p - 0.3 * net.grad(p, BATCH), rtol=1e-14)


# ---------------------------------------------------------------- training through run
@pytest.mark.parametrize("data, hidden, opt, epochs", [
    ("moons", (16, 16), ("adam", {"lr": 0.01}), 300),
    ("xor", (16, 16), ("adam", {"lr": 0.02}), 400),
])
def test_run_trains_to_high_accuracy(data, hidden, opt, epochs):
    net = landscape.get("mlp", data=data, hidden=hidden, n=200, seed=0)
    assert net.accuracy(net.start) < 0.9
    t = optimizers.run(net, optimizers.get(opt[0], **opt[1]), epochs=epochs, seed=0)
    assert t.loss[-1] < 0.25 * t.loss[0]
    assert net.accuracy(t.final) >= 0.95


def test_init_is_seeded_and_suits_the_activation():
    tanh, relu = MLP(hidden=(64, 64), n=10), MLP(hidden=(64, 64), n=10, activation="relu")
    assert np.array_equal(tanh.init(4), tanh.init(4)) and not np.array_equal(tanh.init(4), tanh.init(5))
    W2_tanh, W2_relu = tanh.views(tanh.start)["W2"], relu.views(relu.start)["W2"]
    assert W2_tanh.std() == pytest.approx(np.sqrt(2 / 128), rel=0.1)      # Glorot
    assert W2_relu.std() == pytest.approx(np.sqrt(2 / 64), rel=0.1)       # He
    assert not np.any(tanh.views(tanh.start)["b1"])


def test_validation_part_shares_the_training_scaling():
    net = MLP(data="moons", n=60, n_val=20, hidden=(3,))
    val = net.validation()
    assert (net.n_samples, val.n_samples) == (60, 20) and val.part == "validation"
    assert val.dim == net.dim and np.isfinite(val.value(net.start))


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("params, words", [
    ({"hidden": (16, 0)}, ["hidden=(16, 0)", ">= 1"]),
    ({"hidden": (-3,)}, ["hidden", ">= 1"]),
    ({"hidden": "wide"}, ["hidden='wide'"]),
    ({"activation": "tahn"}, ["activation='tahn'", "did you mean 'tanh'"]),
    ({"loss": "hinge"}, ["loss='hinge'", "bce"]),
    ({"dropout": 1.0}, ["dropout=1.0", "[0, 1)"]),
    ({"dropout": -0.1}, ["dropout=-0.1", "[0, 1)"]),
    ({"data": "sine"}, ["bce", "regression", "loss='mse'"]),
    ({"data": "moon"}, ["unknown data set 'moon'", "did you mean 'moons'"]),
    ({"part": "validation"}, ["n_val >= 1"]),
])
def test_bad_settings_get_one_clear_line(params, words):
    with pytest.raises(ValueError) as err:
        landscape.get("mlp", n=20, **params)
    message = str(err.value)
    assert "\n" not in message
    for w in words:
        assert w in message


def test_wrong_shapes_and_batches_are_refused():
    net = MLP(n=20, hidden=(3,))
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 13\).*got shape \(12,\)"):
        net.value(np.zeros(12))
    with pytest.raises(ValueError, match=r"in \[0, 20\)"):
        net.grad(net.start, np.array([0, 20]))
    with pytest.raises(TypeError, match="sample indices"):
        net.value(net.start, np.array([0.5]))
    with pytest.raises(TypeError, match="dropout"):
        landscape.get("mlp", dropout="half")
    named = MLP(loss="cross-entropy", n=10)
    assert named.loss == "cross-entropy" and named.objective == "bce"   # the setting as given
    assert "MLP 2-3-1, tanh, cross-entropy" in net.label and "landscape.get('mlp'" in repr(net)
