"""dlnotes.datasets: shapes, seeds, geometry, balance, splits, scaling, mini-batches."""

import numpy as np
import pytest

from dlnotes import datasets as ds


def _rng(seed=0):
    return np.random.default_rng(seed)


# ---------------------------------------------------------------- one_hot


def test_one_hot_columns_select_the_label():
    y = np.array([2, 0, 1, 2])
    Y = ds.one_hot(y, 3)
    assert Y.shape == (3, 4)
    np.testing.assert_array_equal(Y.sum(axis=0), 1)
    np.testing.assert_array_equal(Y.argmax(axis=0), y)


@pytest.mark.parametrize(
    ("y", "K", "match"),
    [
        ([0, 3], 3, r"0\.\.2"),
        ([-1, 0], 3, r"0\.\.2"),
        ([0.0, 1.0], 2, "float64"),
        ([[0, 1]], 2, r"\(1, 2\)"),
    ],
)
def test_one_hot_rejects_bad_labels(y, K, match):
    with pytest.raises(ValueError, match=match):
        ds.one_hot(y, K)


# ---------------------------------------------------------------- statquest_line


def test_statquest_line_points():
    weight, height = ds.statquest_line()
    np.testing.assert_array_equal(weight, [0.5, 2.3, 2.9])
    np.testing.assert_array_equal(height, [1.4, 1.9, 3.2])


def test_statquest_intercept_with_slope_064_is_095():
    # d/db sum (h - b - 0.64 w)^2 = 0  ->  b = (sum h - 0.64 sum w) / 3 = (6.5 - 3.648) / 3 = 0.9507
    weight, height = ds.statquest_line()
    assert np.mean(height - 0.64 * weight) == pytest.approx(0.95, abs=1e-3)

    def ssr(b):
        return np.sum((height - (b + 0.64 * weight)) ** 2)

    assert ssr(0.95) < min(ssr(0.94), ssr(0.96))


def test_statquest_full_least_squares_line():
    slope, intercept = np.polyfit(*ds.statquest_line(), deg=1)
    assert slope == pytest.approx(0.64, abs=0.005)
    assert intercept == pytest.approx(0.95, abs=0.005)


# ---------------------------------------------------------------- generators

GENERATORS = [
    lambda rng: ds.noisy_polynomial(60, rng=rng),
    lambda rng: ds.flower(60, rng=rng),
    lambda rng: ds.spirals(60, rng=rng),
    lambda rng: ds.moons(60, rng=rng),
    lambda rng: ds.blobs(60, rng=rng),
]
IDS = ["noisy_polynomial", "flower", "spirals", "moons", "blobs"]


@pytest.mark.parametrize("make", GENERATORS, ids=IDS)
def test_generators_are_deterministic_given_the_seed(make):
    a, b, c = make(_rng(7)), make(_rng(7)), make(_rng(8))
    for x_a, x_b in zip(a, b, strict=True):
        np.testing.assert_array_equal(x_a, x_b)
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize(
    ("make", "n_x", "K"),
    [
        (lambda m: ds.flower(m, rng=_rng()), 2, 2),
        (lambda m: ds.spirals(m, rng=_rng()), 2, 3),
        (lambda m: ds.spirals(m, rng=_rng(), k=5), 2, 5),
        (lambda m: ds.moons(m, rng=_rng()), 2, 2),
        (lambda m: ds.blobs(m, rng=_rng()), 2, 3),
        (lambda m: ds.blobs(m, rng=_rng(), centers=np.zeros((4, 2))), 4, 2),
    ],
    ids=["flower", "spirals", "spirals-5", "moons", "blobs", "blobs-4d"],
)
def test_classification_sets_have_column_shapes_and_balanced_int_labels(make, n_x, K):
    m = 30 * K + 1
    X, y = make(m)
    assert X.shape == (n_x, m)
    assert y.shape == (m,)
    assert np.issubdtype(y.dtype, np.integer)
    counts = np.bincount(y, minlength=K)
    assert len(counts) == K
    assert counts.max() - counts.min() <= 1
    assert np.all(np.isfinite(X))


def test_noisy_polynomial_shapes_range_and_noise():
    x, y = ds.noisy_polynomial(20_000, rng=_rng(), noise=0.3)
    assert x.shape == y.shape == (20_000,)
    assert x.min() >= -1
    assert x.max() <= 1
    residual = y - (2 * x - 3 * x**3)  # the default polynomial, written out
    assert residual.mean() == pytest.approx(0.0, abs=0.01)
    assert residual.std() == pytest.approx(0.3, rel=0.03)


def test_noisy_polynomial_without_noise_is_the_polynomial():
    x, y = ds.noisy_polynomial(50, rng=_rng(), noise=0.0, coeffs=(1.0, 0.0, -2.0))
    np.testing.assert_allclose(y, 1 - 2 * x**2)


def test_flower_without_noise_lies_on_the_rose_with_class_by_half_turn():
    # r = 4 sin(k t) at angle t; a negative r puts the point at angle t + pi.
    # So with phi the polar angle of the point: |x| = 4 |sin(k phi)|, and class 0
    # (t in [0, pi]) holds the points with phi < pi where sin(k phi) > 0 and those
    # with phi > pi where sin(k phi) < 0.
    for k in (2, 4, 6):
        X, y = ds.flower(400, rng=_rng(k), petals=k, noise=0.0)
        phi = np.arctan2(X[0], X[1]) % (2 * np.pi)  # x = (r sin t, r cos t)
        np.testing.assert_allclose(np.hypot(X[0], X[1]), 4 * np.abs(np.sin(k * phi)), atol=1e-9)
        clear = np.abs(np.sin(k * phi)) > 1e-6  # skip points at the centre
        class0 = (phi < np.pi) == (np.sin(k * phi) > 0)
        np.testing.assert_array_equal(y[clear], np.where(class0[clear], 0, 1))


@pytest.mark.parametrize("petals", [3, 0, 2.0])
def test_flower_rejects_bad_petals(petals):
    with pytest.raises(ValueError, match="petals"):
        ds.flower(10, rng=_rng(), petals=petals)


def test_spirals_without_noise_lie_on_their_arm():
    # Arm j: angle = 2 pi j / k + 4 r, radius r in [0, 1].
    k = 3
    X, y = ds.spirals(300, rng=_rng(), k=k, noise=0.0)
    r = np.hypot(X[0], X[1])
    assert r.max() <= 1
    phi = np.arctan2(X[0], X[1])
    diff = (phi - (2 * np.pi * y / k + 4 * r)) % (2 * np.pi)
    assert np.all(np.minimum(diff, 2 * np.pi - diff) < 1e-9)


def test_moons_without_noise_lie_on_two_half_circles():
    X, y = ds.moons(200, rng=_rng(), noise=0.0)
    upper, lower = X[:, y == 0], X[:, y == 1]
    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0)
    assert np.all(upper[1] >= 0)
    np.testing.assert_allclose(np.hypot(lower[0] - 1, lower[1] - 0.5), 1.0)
    assert np.all(lower[1] <= 0.5)


def test_blobs_are_centred_on_their_columns_with_given_std():
    centers = np.array([[0.0, 10.0], [5.0, -5.0]])
    X, y = ds.blobs(20_000, rng=_rng(), centers=centers, std=2.0)
    for j in range(2):
        np.testing.assert_allclose(X[:, y == j].mean(axis=1), centers[:, j], atol=0.1)
        np.testing.assert_allclose(X[:, y == j].std(axis=1), 2.0, rtol=0.05)


def test_blobs_rejects_1d_centers_naming_shape():
    with pytest.raises(ValueError, match=r"\(3,\)"):
        ds.blobs(10, rng=_rng(), centers=[0.0, 1.0, 2.0])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: ds.moons(0, rng=_rng()), "m"),
        (lambda: ds.spirals(10, rng=_rng(), k=0), "k"),
        (lambda: ds.moons(10, rng=_rng(), noise=-0.1), "noise"),
        (lambda: ds.blobs(10, rng=_rng(), std=-1.0), "std"),
        (lambda: ds.noisy_polynomial(10, rng=_rng(), noise=float("nan")), "noise"),
    ],
)
def test_generators_reject_bad_sizes_and_noise(call, name):
    with pytest.raises(ValueError, match=f"^{name} must"):
        call()


# ---------------------------------------------------------------- train_dev_test_split


def _numbered(m):
    """X whose column i is (i, -i) and labels y = i, to track every example."""
    i = np.arange(m)
    return np.stack([i, -i]), i


def test_split_sizes_and_every_example_exactly_once():
    X, y = _numbered(100)
    X_tr, y_tr, X_dev, y_dev, X_te, y_te = ds.train_dev_test_split(X, y, rng=_rng())
    assert (X_tr.shape, X_dev.shape, X_te.shape) == ((2, 60), (2, 20), (2, 20))
    np.testing.assert_array_equal(np.sort(np.concatenate([y_tr, y_dev, y_te])), np.arange(100))
    for X_part, y_part in ((X_tr, y_tr), (X_dev, y_dev), (X_te, y_te)):
        np.testing.assert_array_equal(X_part[0], y_part)  # columns stay with their labels
    assert not np.array_equal(y_tr, np.arange(60))  # shuffled


def test_split_big_data_fractions_and_one_hot_targets():
    X, y = _numbered(1000)
    Y = ds.one_hot(y % 3, 3)
    parts = ds.train_dev_test_split(X, Y, fractions=(0.98, 0.01, 0.01), rng=_rng())
    assert [p.shape for p in parts] == [(2, 980), (3, 980), (2, 10), (3, 10), (2, 10), (3, 10)]


def test_split_sizes_add_up_when_fractions_do_not_divide_m():
    X, y = _numbered(7)
    parts = ds.train_dev_test_split(X, y, fractions=(0.5, 0.25, 0.25), rng=_rng())
    assert sum(p.shape[0] for p in parts[1::2]) == 7


def test_split_is_deterministic_given_the_seed():
    X, y = _numbered(50)
    a = ds.train_dev_test_split(X, y, rng=_rng(3))
    b = ds.train_dev_test_split(X, y, rng=_rng(3))
    for p, q in zip(a, b, strict=True):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize(
    "fractions", [(0.6, 0.2, 0.1), (0.7, 0.2, 0.2), (1.2, -0.1, -0.1), (0.5, 0.5)]
)
def test_split_rejects_bad_fractions(fractions):
    X, y = _numbered(10)
    with pytest.raises(ValueError, match="fractions"):
        ds.train_dev_test_split(X, y, fractions=fractions, rng=_rng())


def test_split_rejects_mismatched_m_naming_shapes():
    with pytest.raises(ValueError, match=r"\(2, 10\) and \(9,\)"):
        ds.train_dev_test_split(np.zeros((2, 10)), np.zeros(9), rng=_rng())


# ---------------------------------------------------------------- scalers


def test_standardizer_gives_zero_mean_unit_std_on_train():
    X_train = _rng().normal(loc=[[5.0], [-3.0]], scale=[[2.0], [0.1]], size=(2, 500))
    Z = ds.Standardizer().fit(X_train).transform(X_train)
    np.testing.assert_allclose(Z.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=1), 1)


def test_standardizer_uses_train_statistics_for_dev():
    rng = _rng()
    X_train = rng.normal(loc=5.0, scale=2.0, size=(3, 400))
    X_dev = rng.normal(loc=8.0, scale=4.0, size=(3, 100))  # shifted on purpose
    scaler = ds.Standardizer().fit(X_train)
    mu = X_train.sum(axis=1, keepdims=True) / 400
    sigma = np.sqrt(((X_train - mu) ** 2).sum(axis=1, keepdims=True) / 400)
    np.testing.assert_allclose(scaler.transform(X_dev), (X_dev - mu) / sigma)
    assert np.all(scaler.transform(X_dev).mean(axis=1) > 1)  # not re-centred on dev's own mean


def test_standardizer_constant_feature_becomes_zero_not_nan():
    X_train = np.array([[0.1, 0.1, 0.1], [1.0, 2.0, 3.0]])
    scaler = ds.Standardizer().fit(X_train)
    np.testing.assert_array_equal(scaler.sigma[0], 1.0)
    np.testing.assert_allclose(scaler.transform(X_train)[0], 0, atol=1e-15)


def test_minmax_scaler_maps_train_to_unit_interval_and_uses_train_range():
    X_train = np.array([[2.0, 4.0, 6.0], [-1.0, 1.0, 0.0], [7.0, 7.0, 7.0]])
    scaler = ds.MinMaxScaler().fit(X_train)
    np.testing.assert_allclose(
        scaler.transform(X_train), [[0.0, 0.5, 1.0], [0.0, 1.0, 0.5], [0.0, 0.0, 0.0]]
    )
    # dev: (8 - 2) / 4 = 1.5, (-3 + 1) / 2 = -1, (9 - 7) / 1 = 2
    np.testing.assert_allclose(scaler.transform([[8.0], [-3.0], [9.0]]), [[1.5], [-1.0], [2.0]])


@pytest.mark.parametrize("scaler", [ds.Standardizer, ds.MinMaxScaler])
def test_scalers_refuse_transform_before_fit(scaler):
    with pytest.raises(ValueError, match="fit"):
        scaler().transform(np.zeros((2, 3)))


@pytest.mark.parametrize("scaler", [ds.Standardizer, ds.MinMaxScaler])
def test_scalers_reject_wrong_number_of_features_naming_shape(scaler):
    fitted = scaler().fit(np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"\(3, 4\)"):
        fitted.transform(np.ones((3, 4)))


@pytest.mark.parametrize("scaler", [ds.Standardizer, ds.MinMaxScaler])
def test_scalers_reject_empty_or_1d_train(scaler):
    with pytest.raises(ValueError, match=r"\(2, 0\)"):
        scaler().fit(np.ones((2, 0)))
    with pytest.raises(ValueError, match=r"\(5,\)"):
        scaler().fit(np.ones(5))


# ---------------------------------------------------------------- minibatches


@pytest.mark.parametrize("rng", [None, _rng(5)], ids=["ordered", "shuffled"])
@pytest.mark.parametrize("Y_shape", ["1d", "2d"])
def test_minibatches_cover_every_column_exactly_once(rng, Y_shape):
    X, y = _numbered(23)
    Y = y if Y_shape == "1d" else ds.one_hot(y, 23)
    batches = list(ds.minibatches(X, Y, batch_size=5, rng=rng))
    assert [xb.shape[1] for xb, _ in batches] == [5, 5, 5, 5, 3]  # last one smaller
    seen = np.concatenate([xb[0] for xb, _ in batches])
    np.testing.assert_array_equal(np.sort(seen), np.arange(23))
    for xb, yb in batches:  # X and Y columns stay together
        labels = yb if Y_shape == "1d" else yb.argmax(axis=0)
        np.testing.assert_array_equal(xb[0], labels)
    assert np.array_equal(seen, np.arange(23)) == (rng is None)


def test_minibatches_reshuffle_each_epoch_with_the_same_rng():
    X, y = _numbered(20)
    rng = _rng()
    first = [yb for _, yb in ds.minibatches(X, y, batch_size=20, rng=rng)]
    second = [yb for _, yb in ds.minibatches(X, y, batch_size=20, rng=rng)]
    assert len(first) == 1  # batch_size = m: batch gradient descent
    assert not np.array_equal(first[0], second[0])


def test_minibatches_batch_size_one_is_stochastic():
    X, y = _numbered(4)
    assert [xb.shape for xb, _ in ds.minibatches(X, y, batch_size=1)] == [(2, 1)] * 4


def test_minibatches_check_shapes_before_iterating():
    # The error comes from the call itself, not from the first next().
    with pytest.raises(ValueError, match=r"\(3, 10\) and \(1, 9\)"):
        ds.minibatches(np.zeros((3, 10)), np.zeros((1, 9)), batch_size=4)
    with pytest.raises(ValueError, match="batch_size"):
        ds.minibatches(np.zeros((3, 10)), np.zeros(10), batch_size=0)
    with pytest.raises(ValueError, match=r"\(10,\)"):
        ds.minibatches(np.zeros(10), np.zeros(10), batch_size=4)
