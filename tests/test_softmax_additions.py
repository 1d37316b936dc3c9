"""Facts shown on the softmax page that no other test covers."""

import numpy as np

from dlnotes.activations import sigmoid, softmax
from dlnotes.datasets import blobs, one_hot
from dlnotes.layers import Dense
from dlnotes.losses import softmax_cross_entropy, softmax_cross_entropy_grad
from dlnotes.optimizers import SGD


def test_softmax_of_two_classes_is_sigmoid_of_logit_difference():
    Z = np.random.default_rng(0).normal(scale=5.0, size=(2, 50))
    assert np.allclose(softmax(Z)[0], sigmoid(Z[0] - Z[1]), rtol=1e-12, atol=1e-15)
    assert np.allclose(softmax(Z)[1], 1 - sigmoid(Z[0] - Z[1]), rtol=1e-12, atol=1e-15)


def test_softmax_of_scaled_logits_approaches_hardmax():
    z = np.array([2.0, 1.0, 0.1])
    assert np.allclose(softmax(100 * z), [1.0, 0.0, 0.0], atol=1e-12)


def test_softmax_regression_learns_three_blobs():
    rng = np.random.default_rng(0)
    X, y = blobs(300, rng=rng)
    Y = one_hot(y, 3)
    layer, optimizer = Dense(2, 3, rng=rng), SGD(lr=0.5)
    first = softmax_cross_entropy(layer.forward(X, training=True), Y)
    for _ in range(200):
        Z = layer.forward(X, training=True)
        layer.backward(softmax_cross_entropy_grad(Z, Y))
        optimizer.step(layer.params, layer.grads)
    Z = layer.forward(X, training=False)
    assert softmax_cross_entropy(Z, Y) < first / 5
    assert np.mean(Z.argmax(axis=0) == y) > 0.9
