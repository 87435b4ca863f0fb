"""Planes through weight space: filter normalisation, the plane as a surface, projections,
PCA and three-point planes, interpolation, and fast grids that do not depend on how they
are cut up or where they run."""
import concurrent.futures as cf
import dataclasses
import multiprocessing

import numpy as np
import pytest

import landscape
import landscape.mlp  # noqa: F401  (registers "mlp")
import optimizers
from landscape import plane
from landscape.base import Surface
from landscape.mlp import MLP


@pytest.fixture(scope="module")
def net():
    return MLP(data="moons", n=80, hidden=(6, 5))


@pytest.fixture(scope="module")
def runs(net):
    return [optimizers.run(net, optimizers.get(name, **h), epochs=e, seed=0)
            for name, h, e in (("gd", {"lr": 0.5}, 40), ("adam", {"lr": 0.02}, 40))]


def _trained(net, runs):
    return runs[0].final


# ---------------------------------------------------------------- filter normalisation
@pytest.mark.parametrize("biases", ["zero", "neuron"])
def test_filter_normalised_slices_have_exactly_the_weights_norms(net, runs, biases):
    w = runs[0].final
    d = plane.filter_normalize(net, np.random.default_rng(0).standard_normal(net.dim), w, biases)
    for Wb_d, Wb_w in zip(net.blocks(d), net.blocks(w)):
        rows = slice(None, -1) if biases == "zero" else slice(None)
        np.testing.assert_allclose(np.linalg.norm(Wb_d[rows], axis=0),
                                   np.linalg.norm(Wb_w[rows], axis=0), rtol=1e-14)
        if biases == "zero":
            assert not np.any(Wb_d[-1])          # biases stay at the origin's values


def test_filter_normalisation_needs_layers():
    with pytest.raises(TypeError, match="no layers"):
        plane.filter_normalize(landscape.get("rosenbrock"), [1.0, 2.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="biases='all'"):
        plane.filter_normalize(MLP(n=10, hidden=(2,)), np.ones(9), np.ones(9), biases="all")


# ---------------------------------------------------------------- the plane as a surface
def test_the_plane_is_a_2d_surface_of_the_network_loss(net, runs):
    pl = plane.random_plane(net, runs[0].final, seed=3)
    assert isinstance(pl, Surface) and pl.dim == 2 and pl.n_samples == net.n_samples
    assert float(pl.value((0.0, 0.0))) == pytest.approx(float(net.value(runs[0].final)), rel=1e-13)
    ab = np.random.default_rng(1).uniform(-1, 1, (7, 2))
    theta = runs[0].final + ab[:, :1] * pl.d1 + ab[:, 1:] * pl.d2
    np.testing.assert_allclose(pl.value(ab), net.value(theta), rtol=1e-12)
    batch = np.array([1, 5, 9])
    np.testing.assert_allclose(pl.value(ab, batch), net.value(theta, batch), rtol=1e-12)
    # the chain rule through the plane, against central differences of the plane's loss
    h = 1e-6
    fd = np.stack([(pl.value(ab + h * e) - pl.value(ab - h * e)) / (2 * h) for e in np.eye(2)], -1)
    np.testing.assert_allclose(pl.grad(ab), fd, rtol=1e-6, atol=1e-9)
    t = optimizers.run(pl, optimizers.get("gd", lr=0.1), start=(0.5, 0.5), steps=20)
    assert t.loss[-1] < t.loss[0]                 # optimizers run in the plane, too


def test_a_path_in_the_plane_projects_exactly(net, runs):
    pl = plane.random_plane(net, runs[0].final, seed=0)
    coords = np.cumsum(np.random.default_rng(2).normal(0, 0.1, (30, 2)), axis=0)
    inside = pl.weights(coords)
    pr = pl.project(inside)
    np.testing.assert_allclose(pr.coords, coords, atol=1e-12)
    assert pr.in_plane == pytest.approx(1.0, abs=1e-12) and pr.distance.max() < 1e-12
    # moved off the plane along a normal direction: the plane shows only part of the movement
    normal = np.random.default_rng(5).standard_normal(net.dim)
    D = np.stack([pl.d1, pl.d2], 1)
    normal -= D @ np.linalg.lstsq(D, normal, rcond=None)[0]
    off = inside + np.linspace(0, 1, 30)[:, None] * normal
    pr = pl.project(off)
    np.testing.assert_allclose(pr.coords, coords, atol=1e-10)        # least squares
    hidden, moved = np.linspace(0, 1, 30)[:, None] * normal, off - off[0]
    assert pr.in_plane == pytest.approx(1 - np.sum(hidden ** 2) / np.sum(moved ** 2), rel=1e-10)
    np.testing.assert_allclose(pr.distance, np.linspace(0, 1, 30) * np.linalg.norm(normal),
                               rtol=1e-9, atol=1e-12)
    # a Trajectory works as well as an array, and populations keep their shape
    assert pl.project(runs[0]).coords.shape == (len(runs[0].params), 2)
    assert pl.project(np.stack([inside, inside], 1)).coords.shape == (30, 2, 2)


def test_pca_plane_reports_explained_variance_and_contains_a_flat_path(net, runs):
    pl = plane.pca_plane(net, runs)
    assert pl.kind == "pca" and 0 < pl.explained[1] <= pl.explained[0] <= 1
    assert sum(pl.explained) <= 1 + 1e-12
    assert pl.axis_labels[0] == f"PC1: {pl.explained[0]:.1%} of variance"
    np.testing.assert_allclose(pl.origin, runs[0].final)                # Li et al.'s origin
    np.testing.assert_allclose(pl.d1 @ pl.d2, 0, atol=1e-12)
    ends = pl.project(runs[0]).coords
    assert ends[-1] == pytest.approx([0, 0], abs=1e-9) and ends[0][0] < 0   # moves towards +α
    (x0, x1), (y0, y1) = pl.bounds
    assert x1 - x0 == pytest.approx(y1 - y0) and x0 < ends[:, 0].min()   # a square window
    # a path made of two directions is all PCA needs: explained variance 100%, exact projection
    a, b = np.random.default_rng(0).standard_normal((2, net.dim))
    t = np.linspace(0, 1, 50)[:, None]
    flat = runs[0].final + t * a + np.sin(3 * t) * b
    pl = plane.pca_plane(net, flat, origin="start")
    assert sum(pl.explained) == pytest.approx(1.0, abs=1e-12)
    assert pl.project(flat).in_plane == pytest.approx(1.0, abs=1e-12)
    assert pl.project(flat).distance.max() < 1e-10


def test_plane_through_three_points(net, runs):
    a, b, c = runs[0].params[0], runs[0].final, runs[1].final
    pl = plane.plane_through(net, a, b, c, names=("start", "GD", "Adam"))
    xy = pl.project(np.stack([a, b, c])).coords
    np.testing.assert_allclose(xy[:2], [[0, 0], [np.linalg.norm(b - a), 0]], atol=1e-10)
    assert xy[2, 1] > 0 and pl.axis_labels == ("distance along start → GD", "distance towards Adam (⊥)")
    np.testing.assert_allclose(pl.value(xy), net.value(np.stack([a, b, c])), rtol=1e-12)
    with pytest.raises(ValueError, match="lie on one line"):
        plane.plane_through(net, a, b, 2 * b - a)


def test_interpolation_runs_through_both_points(net, runs):
    a, b = runs[0].params[0], runs[0].final
    t, loss = plane.interpolate(net, a, b, n=9, extent=(-0.5, 1.5))
    assert t.tolist() == [-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]
    assert loss[2] == pytest.approx(float(net.value(a)), rel=1e-12)
    assert loss[6] == pytest.approx(float(net.value(b)), rel=1e-12)


# ---------------------------------------------------------------- fast grids
class Serial(cf.Executor):
    """The smallest Executor: runs each task at once (like a remote one, it only sees submit)."""

    def submit(self, fn, *args, **kwargs):
        f = cf.Future()
        f.set_result(fn(*args, **kwargs))
        return f


def test_grid_equals_point_by_point_whatever_the_chunks_or_executor(net, runs):
    pl = plane.random_plane(net, runs[0].final, seed=1)
    X, Y, Z = landscape.grid(pl, 9)                  # one call, which spreads over every core
    one_by_one = np.array([float(net.value(pl.origin + x * pl.d1 + y * pl.d2))
                           for x, y in zip(X.ravel(), Y.ravel())]).reshape(X.shape)
    np.testing.assert_allclose(Z, one_by_one, rtol=1e-12)
    for chunk, executor in ((1, None), (7, Serial()), (13, cf.ThreadPoolExecutor(3)),
                            (100, None)):
        assert np.array_equal(landscape.grid(pl, 9, chunk=chunk, executor=executor)[2], Z)
    spawn = multiprocessing.get_context("spawn")      # a fresh interpreter: all travels by pickle
    with cf.ProcessPoolExecutor(1, mp_context=spawn) as pool:
        assert np.array_equal(landscape.grid(pl, 9, chunk=40, executor=pool)[2], Z)
    fast = dataclasses.replace(pl, dtype="float32")
    np.testing.assert_allclose(landscape.grid(fast, 9)[2], Z, rtol=1e-5)


def test_progress_is_reported_and_bad_grids_are_refused(net, runs):
    pl = plane.random_plane(net, runs[0].final)
    seen = []
    landscape.grid(pl, 5, chunk=4, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (7, 7) and [d for d, _ in seen] == list(range(1, 8))
    with pytest.raises(ValueError, match=r"grid: n=1 must be a whole number >= 2"):
        landscape.grid(pl, 1)
    with pytest.raises(ValueError, match="evaluate: chunk=0 must be a whole number >= 1"):
        landscape.grid(pl, 5, chunk=0)
    with pytest.raises(TypeError, match="Executor"):
        landscape.grid(pl, 5, executor="dask")
    with pytest.raises(ValueError, match="dim=337"):
        landscape.grid(MLP(n=10), 5)


def test_paths_of_another_network_are_refused(net, runs):
    pl = plane.random_plane(net, runs[0].final)
    other = MLP(data="moons", n=20, hidden=(3,))
    stranger = optimizers.run(other, optimizers.get("gd", lr=0.1), steps=3)
    for call in (lambda: pl.project(stranger), lambda: plane.pca_plane(net, [runs[0], stranger]),
                 lambda: plane.interpolate(net, stranger.final, runs[0].final)):
        with pytest.raises(ValueError, match=f"dimension {other.dim} does not fit a network with "
                                             f"{net.dim} parameters"):
            call()
    with pytest.raises(ValueError, match="parallel"):
        plane.Plane(net, pl.origin, pl.d1, 2 * pl.d1)
    with pytest.raises(ValueError, match="fewer than two directions"):
        plane.pca_plane(net, np.stack([pl.origin, pl.origin + pl.d1, pl.origin + 2 * pl.d1]))
