"""Tests of landscape: gradients, literature minima, vectorisation, parameters, errors.

Every numerical claim here is checked against an independent computation (finite
differences, a dense grid, a closed form written in this file), never against the
library's own output.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import landscape

# Surfaces present when this file was written; the generic tests below run on
# every analytic surface registered at collection time (landscape.names()).
ALL = landscape.names()
ANALYTIC = [n for n in ALL if issubclass(landscape.surface_class(n), landscape.Analytic)]
WITH_MINIMA = [n for n in ANALYTIC if landscape.get(n).minima]

# A few non-default parameter settings, so that parameterised formulas are checked too.
VARIANTS = [(n, {}) for n in ANALYTIC] + [
    ("quadratic", {"kappa": 10, "angle": 30}),
    ("quadratic", {"kappa": 1}),
    ("quadratic", {"kappa": 50, "angle": -75.5}),
    ("rosenbrock", {"a": 2.0, "b": 10.0}),
    ("rastrigin", {"A": 3.0}),
]


def _ids(v):
    name, params = v
    return name + ("" if not params else "-" + "-".join(f"{k}{val}" for k, val in params.items()))


def _random_points(surface, n, seed):
    rng = np.random.default_rng(seed)
    return np.stack([rng.uniform(lo, hi, n) for lo, hi in surface.bounds], axis=-1)


def _central_differences(surface, p, rel_h=1e-6):
    """Second-order central differences, step h = rel_h * max(1, |p_i|)."""
    p = np.asarray(p, dtype=float)
    g = np.empty_like(p)
    for i in range(p.shape[-1]):
        h = rel_h * np.maximum(1.0, np.abs(p[..., i]))
        e = np.zeros_like(p)
        e[..., i] = h
        g[..., i] = (surface.value(p + e) - surface.value(p - e)) / (2 * h)
    return g


def _assert_gradient_matches(surface, p, rtol=1e-6):
    """Analytic gradient = finite differences, to ``rtol`` relative to ``max(1, |grad|)``.

    With h ~ 1e-6 the truncation error is O(h^2 f''') and rounding O(eps |f| / h):
    both far below 1e-6 of the gradient's size on every surface's bounds, while any
    wrong term in a formula shows up at the 1e-2 .. 1e0 level.
    """
    g = surface.grad(p)
    fd = _central_differences(surface, p)
    scale = np.maximum(1.0, np.linalg.norm(g, axis=-1, keepdims=True))
    err = np.abs(g - fd) / scale
    worst = np.unravel_index(np.argmax(err), err.shape)
    assert err.max() < rtol, (
        f"{surface!r}: gradient off by {err.max():.3g} (relative) at "
        f"p={p[worst[:-1]]}: analytic {g[worst[:-1]]}, finite differences {fd[worst[:-1]]}"
    )


# ---------------------------------------------------------------------------------
# gradients
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", VARIANTS, ids=_ids)
def test_gradient_matches_finite_differences(variant):
    name, params = variant
    s = landscape.get(name, **params)
    p = _random_points(s, 300, seed=sum(map(ord, name)))
    _assert_gradient_matches(s, p)


def test_gradient_check_rejects_a_wrong_gradient():
    """The checker above is sharp: a gradient with one small wrong term fails it."""

    class Wrong:
        def __init__(self, base):
            self.base = base

        def value(self, p):
            return self.base.value(p)

        def grad(self, p):
            g = self.base.grad(p).copy()
            g[..., 1] *= 1.0001  # a 1e-4 relative error in one component
            return g

        def __repr__(self):
            return "Wrong"

    s = landscape.get("rosenbrock")
    p = _random_points(s, 50, seed=1)
    with pytest.raises(AssertionError):
        _assert_gradient_matches(Wrong(s), p)


# ---------------------------------------------------------------------------------
# minima
# ---------------------------------------------------------------------------------
# Literature values (Surjanovic & Bingham; Jamil & Yang 2013): name -> (f*, minimisers).
STYBLINSKI_X = -2.903534
LITERATURE = {
    "rosenbrock": (0.0, [(1.0, 1.0)]),
    "beale": (0.0, [(3.0, 0.5)]),
    "himmelblau": (0.0, [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                         (3.584428, -1.848126)]),
    "booth": (0.0, [(1.0, 3.0)]),
    "matyas": (0.0, [(0.0, 0.0)]),
    "mccormick": (-1.9133, [(-0.54719, -1.54719)]),
    "rastrigin": (0.0, [(0.0, 0.0)]),
    "ackley": (0.0, [(0.0, 0.0)]),
    "goldstein_price": (3.0, [(0.0, -1.0)]),
    "six_hump_camel": (-1.0316, [(0.0898, -0.7126), (-0.0898, 0.7126)]),
    "three_hump_camel": (0.0, [(0.0, 0.0)]),
    # Quoted as -39.16599 * d; the exact value is -39.1661657 * d (the quoted digits are
    # rounded from a coarse search), so the value is checked to 1e-5 relative and
    # against the exact root below.
    "styblinski_tang": (2 * -39.16599, [(STYBLINSKI_X, STYBLINSKI_X)]),
    "levi": (0.0, [(1.0, 1.0)]),
    "quadratic": (0.0, [(0.0, 0.0)]),
}


@pytest.mark.parametrize("name", sorted(LITERATURE))
def test_literature_minima(name):
    f_star, points = LITERATURE[name]
    s = landscape.get(name)
    listed = np.array(s.minima, dtype=float)
    assert len(listed) == len(points), f"{name}: {len(listed)} minima listed, literature has {len(points)}"
    for q in points:  # every literature minimiser is listed (to the literature's digits)
        d = np.min(np.linalg.norm(listed - np.array(q), axis=-1))
        assert d < 1e-4, f"{name}: no listed minimum near {q} (closest at distance {d:.2g})"
    values = s.value(listed)
    if name == "styblinski_tang":
        np.testing.assert_allclose(values, f_star, rtol=1e-5)
    else:
        np.testing.assert_allclose(values, f_star, atol=1e-4)
    # f_min agrees with the value at the listed minima
    assert s.f_min == pytest.approx(float(values[0]), abs=1e-12)
    # the literature points themselves have the literature value
    np.testing.assert_allclose(s.value(np.array(points)), f_star, rtol=1e-5, atol=1e-4)


def test_styblinski_tang_exact_minimum():
    """The exact minimiser is the smallest root of 4x^3 - 32x + 5 = 0, found here by bisection."""
    lo, hi = -3.0, -2.8
    dfx = lambda x: 4 * x**3 - 32 * x + 5  # noqa: E731
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if dfx(lo) * dfx(mid) > 0 else (lo, mid)
    x = 0.5 * (lo + hi)
    s = landscape.get("styblinski_tang")
    np.testing.assert_allclose(s.minima[0], (x, x), rtol=1e-12)
    expected = 2 * 0.5 * (x**4 - 16 * x**2 + 5 * x)
    assert s.f_min == pytest.approx(expected, rel=1e-12)
    assert s.f_min == pytest.approx(-78.3323314, abs=1e-6)


@pytest.mark.parametrize("name", WITH_MINIMA)
def test_minima_are_stationary(name):
    s = landscape.get(name)
    g = s.grad(np.array(s.minima, dtype=float))
    scale = max(1.0, float(np.max(np.abs(s.value(np.array(s.minima))))))
    assert np.max(np.abs(g)) < 1e-8 * scale, f"{name}: grad at minima = {g}"


@pytest.mark.parametrize("name", WITH_MINIMA)
def test_global_minimum_is_lowest_on_dense_grid(name):
    s = landscape.get(name)
    (x0, x1), (y0, y1) = s.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, 801), np.linspace(y0, y1, 801))
    P = np.stack([X, Y], axis=-1)
    Z = s.value(P)
    f_min = s.f_min
    # Nothing on the grid is lower than the listed global minimum ...
    assert Z.min() >= f_min - 1e-9 * max(1.0, abs(f_min)), (
        f"{name}: grid value {Z.min()} at {P[np.unravel_index(np.argmin(Z), Z.shape)]} "
        f"is below the listed minimum {f_min}")
    # ... the grid gets close to it ...
    assert Z.min() - f_min < 1e-3 * max(1.0, abs(f_min))
    # ... and the grid's lowest point lies next to one of the listed minimisers.
    best = P[np.unravel_index(np.argmin(Z), Z.shape)]
    d = np.min(np.linalg.norm(np.array(s.minima) - best, axis=-1))
    assert d < 0.01 * math.hypot(x1 - x0, y1 - y0), f"{name}: grid minimum at {best}, far from {s.minima}"
    # all listed minima lie inside the bounds
    for m in s.minima:
        assert x0 <= m[0] <= x1 and y0 <= m[1] <= y1


def test_himmelblau_four_equal_minima():
    s = landscape.get("himmelblau")
    m = np.array(s.minima)
    assert len({tuple(np.round(q, 3)) for q in m}) == 4
    np.testing.assert_allclose(s.value(m), 0.0, atol=1e-20)


def test_surfaces_without_minima_have_none():
    for name in ("saddle", "monkey_saddle"):
        s = landscape.get(name)
        assert s.minima == ()
        assert s.f_min is None
        # their origin is stationary but not a minimum
        assert np.all(s.grad((0.0, 0.0)) == 0)
        assert s.value((0.1, 0.1 if name == "saddle" else 0.0)) == pytest.approx(
            0.0 if name == "saddle" else 0.001)
        lower = s.value((0.0, 0.5)) if name == "saddle" else s.value((-0.5, 0.0))
        assert lower < 0


# ---------------------------------------------------------------------------------
# vectorisation
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ANALYTIC)
@pytest.mark.parametrize("shape", [(2,), (5, 2), (3, 4, 2)], ids=str)
def test_vectorised_equals_point_by_point(name, shape):
    s = landscape.get(name)
    rng = np.random.default_rng(7)
    lo = np.array([b[0] for b in s.bounds])
    hi = np.array([b[1] for b in s.bounds])
    p = lo + (hi - lo) * rng.random(shape)
    v, g = s.value(p), s.grad(p)
    assert v.shape == shape[:-1]
    assert g.shape == shape
    flat = p.reshape(-1, 2)
    v_each = np.array([float(s.value(tuple(q))) for q in flat]).reshape(shape[:-1])
    g_each = np.array([s.grad([float(q[0]), float(q[1])]) for q in flat]).reshape(shape)
    np.testing.assert_allclose(v, v_each, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(g, g_each, rtol=1e-13, atol=1e-13)


def test_value_accepts_lists_and_tuples():
    s = landscape.get("booth")
    assert float(s.value([1.0, 3.0])) == 0.0
    assert float(s.value((0, 0))) == 74.0           # (−7)^2 + (−5)^2
    np.testing.assert_array_equal(s.grad([(1, 3), (0, 0)]), [[0.0, 0.0], [-34.0, -38.0]])


# ---------------------------------------------------------------------------------
# quadratic
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kappa,angle", [(1, 0), (10, 0), (10, 30), (100, 45), (4, -120)])
def test_quadratic_hessian(kappa, angle):
    s = landscape.get("quadratic", kappa=kappa, angle=angle)
    A = np.asarray(s.matrix)
    np.testing.assert_allclose(A, A.T, atol=1e-15)
    w, V = np.linalg.eigh(A)
    np.testing.assert_allclose(w, [1.0, kappa], rtol=1e-12)
    # eigenvector of kappa is the y axis rotated by `angle` degrees (up to sign)
    th = math.radians(angle)
    expected = np.array([-math.sin(th), math.cos(th)])
    assert abs(abs(V[:, 1] @ expected) - 1.0) < 1e-12
    expected1 = np.array([math.cos(th), math.sin(th)])
    if kappa > 1:
        assert abs(abs(V[:, 0] @ expected1) - 1.0) < 1e-12
    # f = 1/2 p^T A p and grad = A p, from an independent construction of A
    R = np.array([[math.cos(th), -math.sin(th)], [math.sin(th), math.cos(th)]])
    A_ref = R @ np.diag([1.0, kappa]) @ R.T
    p = np.random.default_rng(0).normal(size=(20, 2))
    np.testing.assert_allclose(s.value(p), 0.5 * np.einsum("ni,ij,nj->n", p, A_ref, p),
                               rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(s.grad(p), p @ A_ref.T, rtol=1e-12, atol=1e-14)
    # The Hessian from differences of the gradient is A
    h = 1e-5
    H = np.stack([(s.grad(np.eye(2)[i] * h) - s.grad(-np.eye(2)[i] * h)) / (2 * h) for i in range(2)])
    np.testing.assert_allclose(H, A_ref, rtol=1e-8, atol=1e-8)


def test_quadratic_parameterised_get():
    s = landscape.get("quadratic", kappa=10, angle=30)
    assert (s.kappa, s.angle) == (10, 30)
    assert s.params == {"kappa": 10, "angle": 30}
    assert s.label.startswith("Quadratic (") and "angle=30" in s.label
    other = landscape.get("quadratic", kappa=4, angle=30)
    assert "κ=4" in other.label and "angle=30" in other.label   # the symbol of the formula
    assert float(s.value((1.0, 1.0))) == pytest.approx(
        0.5 * np.array([1, 1]) @ s.matrix @ np.array([1, 1]))
    d = landscape.get("quadratic")
    assert (d.kappa, d.angle) == (10.0, 0.0)
    assert float(d.value((1.0, 1.0))) == pytest.approx(5.5)
    assert landscape.parameters("quadratic") == {"kappa": 10.0, "angle": 0.0}
    # names are forgiving about case and dashes
    assert landscape.get("Six-Hump-Camel").name == "six_hump_camel"


def test_names_sorted_and_complete():
    names = landscape.names()
    assert names == sorted(names)
    for n in LITERATURE:
        assert n in names
    for n in ("saddle", "monkey_saddle"):
        assert n in names
    for n in ANALYTIC:
        s = landscape.get(n)
        assert s.name == n
        assert s.dim == 2
        assert isinstance(s, landscape.Surface)
        (x0, x1), (y0, y1) = s.bounds
        assert x0 < x1 and y0 < y1
        assert x0 <= s.start[0] <= x1 and y0 <= s.start[1] <= y1
        assert np.isfinite(s.value(s.start))


# ---------------------------------------------------------------------------------
# from_function
# ---------------------------------------------------------------------------------
def _rosen_grad(p):
    x, y = p[..., 0], p[..., 1]
    return np.stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], axis=-1)


@pytest.mark.parametrize("form", ["spread", "array"])
def test_from_function_numerical_gradient(form):
    if form == "spread":
        s = landscape.from_function(lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
                                    name="myrosen", bounds=((-2, 2), (-1, 3)))
    else:
        s = landscape.from_function(
            lambda p: (1 - p[..., 0]) ** 2 + 100 * (p[..., 1] - p[..., 0] ** 2) ** 2,
            name="myrosen", bounds=((-2, 2), (-1, 3)))
    assert s.dim == 2 and s.name == "myrosen" and s.n_samples is None
    p = _random_points(s, 400, seed=3)
    ref = _rosen_grad(p)
    g = s.grad(p)
    assert g.shape == p.shape
    scale = np.maximum(1.0, np.linalg.norm(ref, axis=-1, keepdims=True))
    assert np.max(np.abs(g - ref) / scale) < 1e-9
    # same values as the built-in Rosenbrock, vectorised over any leading shape
    ros = landscape.get("rosenbrock")
    np.testing.assert_allclose(s.value(p), ros.value(p), rtol=1e-14, atol=0)
    q = p[:12].reshape(3, 4, 2)
    assert s.value(q).shape == (3, 4) and s.grad(q).shape == (3, 4, 2)
    np.testing.assert_allclose(s.grad(q), g[:12].reshape(3, 4, 2), rtol=1e-13, atol=1e-10)
    assert float(s.value((1.0, 1.0))) == 0.0
    assert np.max(np.abs(s.grad((1.0, 1.0)))) < 1e-9


def test_from_function_non_polynomial_gradient():
    s = landscape.from_function(lambda x, y: np.sin(x) * np.cos(y) + np.exp(0.3 * x) * y**2)
    p = _random_points(s, 300, seed=4)
    x, y = p[..., 0], p[..., 1]
    ref = np.stack([np.cos(x) * np.cos(y) + 0.3 * np.exp(0.3 * x) * y**2,
                    -np.sin(x) * np.sin(y) + 2 * y * np.exp(0.3 * x)], axis=-1)
    scale = np.maximum(1.0, np.linalg.norm(ref, axis=-1, keepdims=True))
    assert np.max(np.abs(s.grad(p) - ref) / scale) < 1e-9


def test_from_function_given_gradient_and_higher_dim():
    s = landscape.from_function(lambda x, y: x**2 + 3 * y**2, grad=lambda x, y: (2 * x, 6 * y))
    np.testing.assert_array_equal(s.grad([(1.0, 1.0), (2.0, -1.0)]), [[2.0, 6.0], [4.0, -6.0]])
    s3 = landscape.from_function(lambda p: np.sum(p**2, axis=-1), dim=3,
                                 bounds=((-1, 1),) * 3)
    assert s3.dim == 3
    np.testing.assert_allclose(s3.grad((1.0, -2.0, 0.5)), [2.0, -4.0, 1.0], rtol=1e-10)
    with pytest.raises(ValueError, match=r"\(\.\.\., 3\)"):
        s3.value((1.0, 2.0))


def test_from_function_bad_inputs():
    with pytest.raises(TypeError, match="callable"):
        landscape.from_function(3)
    with pytest.raises(ValueError, match="takes 3 coordinates but dim=2"):
        landscape.from_function(lambda x, y, z: x + y + z, dim=2)
    with pytest.raises(ValueError, match="bounds"):
        landscape.from_function(lambda x, y: x + y, bounds=((1, -1), (0, 1)))
    s = landscape.from_function(lambda x, y: x + y)
    with pytest.raises(ValueError, match="no samples"):
        s.value((0.0, 0.0), batch=[0])


# ---------------------------------------------------------------------------------
# bad inputs
# ---------------------------------------------------------------------------------
def test_unknown_surface_suggests_closest():
    with pytest.raises(ValueError, match=r"unknown surface 'rosenbrok'; did you mean 'rosenbrock'\?"):
        landscape.get("rosenbrok")
    with pytest.raises(ValueError, match=r"did you mean 'himmelblau'"):
        landscape.get("himelblau")
    with pytest.raises(ValueError, match=r"unknown surface 'zzzzzz' \(known: .*rosenbrock"):
        landscape.get("zzzzzz")
    with pytest.raises(TypeError, match="must be a string"):
        landscape.get(3)


def test_unknown_parameter():
    with pytest.raises(ValueError, match=r"'quadratic' has no parameter 'kapa'; did you mean 'kappa'"):
        landscape.get("quadratic", kapa=3)
    with pytest.raises(ValueError, match=r"'beale' has no parameter 'a'.*takes none"):
        landscape.get("beale", a=1)


@pytest.mark.parametrize("kappa", [0.5, 0, -3, float("nan"), float("inf")])
def test_kappa_below_one(kappa):
    with pytest.raises(ValueError, match="kappa"):
        landscape.get("quadratic", kappa=kappa)


@pytest.mark.parametrize("value", ["ten", None, [10], True])
def test_non_number_parameter(value):
    with pytest.raises(TypeError, match=r"quadratic: kappa=.* must be a number"):
        landscape.get("quadratic", kappa=value)


def test_other_parameter_checks():
    with pytest.raises(ValueError, match="angle"):
        landscape.get("quadratic", angle=float("nan"))
    with pytest.raises(ValueError, match="b="):
        landscape.get("rosenbrock", b=0)
    with pytest.raises(ValueError, match="A="):
        landscape.get("rastrigin", A=-1)


@pytest.mark.parametrize("name", ["rosenbrock", "quadratic", "ackley"])
def test_wrong_point_dimension(name):
    s = landscape.get(name)
    for bad in (np.zeros(3), np.zeros((4, 3)), np.zeros(1), 1.0):
        with pytest.raises(ValueError, match=rf"{name}: points must have shape \(\.\.\., 2\)"):
            s.value(bad)
        with pytest.raises(ValueError, match=r"shape \(\.\.\., 2\)"):
            s.grad(bad)
    with pytest.raises(ValueError, match=r"got shape \(3,\)"):
        s.value((1.0, 2.0, 3.0))
    with pytest.raises(TypeError, match="points must be numbers"):
        s.value(("a", "b"))


@pytest.mark.parametrize("name", ["rosenbrock", "himmelblau"])
def test_batch_on_analytic_surface(name):
    s = landscape.get(name)
    with pytest.raises(ValueError, match=rf"{name}: batch=.* analytic surface has no samples"):
        s.value((0.0, 0.0), batch=np.arange(3))
    with pytest.raises(ValueError, match="analytic"):
        s.grad((0.0, 0.0), batch=[0])
    # batch=None is fine
    assert np.isfinite(s.value((0.0, 0.0), batch=None))


def test_surfaces_are_frozen():
    s = landscape.get("quadratic", kappa=4)
    with pytest.raises(AttributeError):
        s.kappa = 5
    assert landscape.get("quadratic", kappa=4) == s


def test_grid_evaluates_surface():
    s = landscape.get("booth")
    X, Y, Z = landscape.grid(s, n=11)
    assert X.shape == Y.shape == Z.shape == (11, 11)
    np.testing.assert_allclose(Z, (X + 2 * Y - 7) ** 2 + (2 * X + Y - 5) ** 2, rtol=1e-14)
    with pytest.raises(ValueError, match="n=1"):
        landscape.grid(s, n=1)
