# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Lab: a hidden layer on planar data
#
# Two classes of points in the plane form a flower: each class owns every
# other petal. No straight line separates them, so logistic regression fails
# here, while a network with a single hidden layer of a few tanh units learns
# the petals. In this lab we
#
# 1. look at the data and split it into a training set and a dev set;
# 2. fit logistic regression, as a baseline;
# 3. write down the two-layer network, check its gradients numerically and
#    train it with gradient descent;
# 4. vary the number of hidden units and see what changes.
#
# Everything uses the small NumPy package `dlnotes`. The whole notebook runs
# top to bottom in about ten seconds. Download it, outputs included:
# [planar.ipynb](planar.ipynb); the [labs page](../) explains how to run it.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from dlnotes.datasets import flower, train_dev_test_split
from dlnotes.gradcheck import check_model, worst
from dlnotes.initializers import xavier
from dlnotes.layers import Dense, Sequential, Sigmoid, Tanh
from dlnotes.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
)
from dlnotes.optimizers import SGD
from dlnotes.training import accuracy_binary, fit, predict

plt.rcParams.update({
    "figure.dpi": 100,
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": plt.cycler(color=["#3f51b5", "#e65100"]),
})
POINTS = ListedColormap(["#3f51b5", "#e65100"])   # class 0, class 1
REGIONS = ListedColormap(["#c5cae9", "#ffe0b2"])  # lighter shades


def legend_of_classes(where, points):
    # "y = 0", "y = 1" in the colours of the scatter points, above the plot.
    handles, _ = points.legend_elements()
    where.legend(handles, ["$y = 0$", "$y = 1$"], loc="lower center",
                 bbox_to_anchor=(0.5, 1), ncol=2, frameon=False, markerscale=2)


# %% [markdown]
# ## The data
#
# `flower` draws $m$ points $x^{(i)} \in \mathbb{R}^2$ with labels
# $y^{(i)} \in \{0, 1\}$. Following the convention of `dlnotes`, the inputs are
# the columns of a matrix $X$ of shape $(2, m)$ and the labels form a row
# $Y$ of shape $(1, m)$. We keep a fifth of the points aside as a dev set: the
# accuracy on points the model never saw during training is the one that
# matters.

# %%
rng = np.random.default_rng(1)
X, y = flower(500, rng=rng)
X_train, y_train, X_dev, y_dev, _, _ = train_dev_test_split(
    X, y, fractions=(0.8, 0.2, 0.0), rng=rng
)
# labels as rows of shape (1, m)
Y_train, Y_dev = y_train[np.newaxis, :], y_dev[np.newaxis, :]
print("X_train", X_train.shape, " Y_train", Y_train.shape)
print("X_dev  ", X_dev.shape, " Y_dev  ", Y_dev.shape)
print("share of class 1 in the training set:", Y_train.mean())

# %%
fig, ax = plt.subplots(figsize=(4.5, 4.5))
points = ax.scatter(X_train[0], X_train[1], c=y_train, cmap=POINTS, s=12)
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.set_aspect("equal")
legend_of_classes(ax, points)
plt.show()

# %% [markdown]
# A helper for the rest of the lab: it colours every point of a fine grid by
# the class the model predicts there, which draws the decision boundary, and
# puts the examples on top.

# %%
def plot_boundary(ax, model, X, y):
    # Shade the plane by the predicted class, then scatter (X, y).
    x1, x2 = np.meshgrid(
        np.linspace(X[0].min() - 0.5, X[0].max() + 0.5, 250),
        np.linspace(X[1].min() - 0.5, X[1].max() + 0.5, 250),
    )
    grid = np.stack([x1.ravel(), x2.ravel()])  # one point per column
    A = predict(model, grid).reshape(x1.shape)
    ax.contourf(x1, x2, (A > 0.5).astype(float),
                levels=[-0.5, 0.5, 1.5], cmap=REGIONS)
    points = ax.scatter(X[0], X[1], c=y, cmap=POINTS, s=8)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return points


# %% [markdown]
# ## Logistic regression as a baseline
#
# Logistic regression is a network without a hidden layer: one dense unit and
# a sigmoid,
#
# $$
# \hat{y} = \sigma(w^\top x + b), \qquad \sigma(z) = \frac{1}{1 + e^{-z}},
# $$
#
# trained on the mean binary cross-entropy
#
# $$
# J = -\frac{1}{m} \sum_{i=1}^{m}
# \Bigl[ y^{(i)} \log \hat{y}^{(i)} + \bigl(1 - y^{(i)}\bigr) \log\bigl(1 - \hat{y}^{(i)}\bigr) \Bigr].
# $$
#
# It predicts class 1 where $\hat{y} > 0.5$, that is where $w^\top x + b > 0$:
# one side of a straight line. `fit` runs gradient descent; without
# `batch_size` every step uses the whole training set.

# %%
def train(model, epochs, lr):
    # Full-batch gradient descent on the cross-entropy; returns History.
    return fit(
        model, X_train, Y_train,
        cost=binary_cross_entropy, cost_grad=binary_cross_entropy_grad,
        optimizer=SGD(lr=lr), epochs=epochs,
        X_dev=X_dev, Y_dev=Y_dev, accuracy=accuracy_binary,
    )


logistic = Sequential([
    Dense(2, 1, rng=np.random.default_rng(2), init=xavier),
    Sigmoid(),
])
history = train(logistic, epochs=500, lr=1.0)
print("logistic regression:",
      f"train accuracy {history.train_accuracy[-1]:.1%},",
      f"dev accuracy {history.dev_accuracy[-1]:.1%}")
print(f"cost {history.train_cost[-1]:.3f};",
      f"predicting 0.5 everywhere costs log 2 = {np.log(2):.3f}")
print("w =", logistic.params["0.W"].ravel().round(3))

# %%
fig, ax = plt.subplots(figsize=(4.5, 4.5))
points = plot_boundary(ax, logistic, X_train, y_train)
legend_of_classes(ax, points)
plt.show()

# %% [markdown]
# The accuracy printed above is close to a coin toss. A straight line is not
# the whole reason: it cuts the flower in two halves, each holding petals of
# both classes, yet the best line still gets about two thirds of the training
# points right (the $n_h = 1$ network further down, whose boundary is also a
# straight line, shows it). The reason is what gradient descent minimises: the
# cross-entropy, not the number of errors. A line that gets two thirds right
# puts the other third on the wrong side with confidence, and the
# cross-entropy punishes those points hard. On this symmetric flower the line
# with the lowest cross-entropy has small weights (printed above), a cost only
# a little below $\log 2$, the cost of predicting 0.5 everywhere, and a
# direction that helps almost nothing.

# %% [markdown]
# ## A network with one hidden layer
#
# Put $n_h$ tanh units between the input and the sigmoid. With
# $W^{[1]}$ of shape $(n_h, 2)$, $b^{[1]}$ of shape $(n_h, 1)$, $W^{[2]}$ of
# shape $(1, n_h)$ and $b^{[2]}$ of shape $(1, 1)$, the forward pass for all
# $m$ examples at once is
#
# $$
# Z^{[1]} = W^{[1]} X + b^{[1]}, \quad
# A^{[1]} = \tanh(Z^{[1]}), \quad
# Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}, \quad
# A^{[2]} = \sigma(Z^{[2]}),
# $$
#
# and the cost is the same cross-entropy $J$ with $\hat{y} = A^{[2]}$.
# Backpropagation gives the gradients layer by layer, from the output back:
#
# $$
# \begin{aligned}
# dZ^{[2]} &= A^{[2]} - Y, &
# dW^{[2]} &= \frac{1}{m}\, dZ^{[2]} A^{[1]\top}, &
# db^{[2]} &= \frac{1}{m} \sum_{i=1}^{m} dZ^{[2]}_{:,i}, \\
# dZ^{[1]} &= W^{[2]\top} dZ^{[2]} \odot \bigl(1 - (A^{[1]})^2\bigr), &
# dW^{[1]} &= \frac{1}{m}\, dZ^{[1]} X^\top, &
# db^{[1]} &= \frac{1}{m} \sum_{i=1}^{m} dZ^{[1]}_{:,i},
# \end{aligned}
# $$
#
# where $1 - (A^{[1]})^2$ is the derivative of tanh, element by element. The
# page on [backpropagation](../../training/backprop/#two-layer) derives these
# lines step by step. Gradient descent then repeats
# $W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}$ and
# $b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}$ with learning rate $\alpha$.
#
# With `dlnotes.layers` the network is a stack of four layers. The weights start
# small and random (Xavier initialization), the biases at zero; starting all
# weights at zero would give every hidden unit the same gradient, and the units
# would stay identical forever.

# %%
def two_layer_net(n_h, seed=2):
    # 2 -> n_h (tanh) -> 1 (sigmoid); same seed, same initial weights.
    rng = np.random.default_rng(seed)
    return Sequential([
        Dense(2, n_h, rng=rng, init=xavier), Tanh(),
        Dense(n_h, 1, rng=rng, init=xavier), Sigmoid(),
    ])


model = two_layer_net(n_h=4)
print({name: p.shape for name, p in model.params.items()})

# %% [markdown]
# ## Gradient check
#
# Before training, make sure backpropagation is right. `check_model` nudges
# every parameter $\theta_i$ by $\pm\varepsilon$ and compares the two-sided
# difference
#
# $$
# \frac{J(\theta + \varepsilon e_i) - J(\theta - \varepsilon e_i)}{2\varepsilon}
# $$
#
# with the backprop gradient, through the relative error
# $\lVert a - b \rVert_2 / (\lVert a \rVert_2 + \lVert b \rVert_2)$ for each
# parameter array. In float64 a correct gradient gives an error far below
# $10^{-7}$ (see [gradient checking](../../training/gradient-checking/)). The
# check works on a copy, so the model itself is left as it was.

# %%
report = check_model(model, binary_cross_entropy,
                     binary_cross_entropy_grad, X_train, Y_train)
for name, error in report.items():
    print(f"{name:4} relative error {error:.1e}")
name, error = worst(report)
print(f"worst: {name}, {error:.1e}")

# %% [markdown]
# ## Training
#
# Full-batch gradient descent with $\alpha = 1.2$. `fit` records the cost on
# the training set and on the dev set after every epoch; with the whole
# training set in one batch, an epoch is a single step.

# %%
history = train(model, epochs=2000, lr=1.2)
print("n_h = 4:",
      f"train accuracy {history.train_accuracy[-1]:.1%},",
      f"dev accuracy {history.dev_accuracy[-1]:.1%}")

# %%
epochs = np.arange(1, len(history.train_cost) + 1)
fig, ax = plt.subplots(figsize=(5, 3.4))
ax.plot(epochs, history.train_cost, label="training set")
ax.plot(epochs, history.dev_cost, "--", label="dev set")
ax.set_xlabel("epoch")
ax.set_ylabel("$J$")
ax.legend()
plt.show()

fig, ax = plt.subplots(figsize=(4.5, 4.5))
points = plot_boundary(ax, model, X_train, y_train)
legend_of_classes(ax, points)
plt.show()

# %% [markdown]
# The first figure shows the cost on the training set and on the dev set
# against the epoch: a steep drop in the first epochs, then slow progress.
# The second shows the decision boundary. Each tanh unit
# $\tanh(w_j^\top x + b_j)$ is a soft step across one straight line, the line
# $w_j^\top x + b_j = 0$, and stays constant along it: it adds one straight
# crease in its own direction. The output unit adds these steps up, and
# together the creases cut the plane into sectors that follow the petals, so
# the accuracy printed above is far better than the baseline's.
# Most of the remaining errors sit near the centre, where the petals of both
# classes meet and the noise mixes them.

# %% [markdown]
# ## How many hidden units?
#
# The hidden layer's size $n_h$ is a hyperparameter. We train the same network
# with several sizes, from the same kind of random start, and compare.

# %%
sizes = [1, 2, 3, 4, 8, 20]
models, histories = {}, {}
for n_h in sizes:
    models[n_h] = two_layer_net(n_h)
    histories[n_h] = train(models[n_h], epochs=2000, lr=1.2)

print(" n_h   train    dev")
for n_h in sizes:
    train_acc = histories[n_h].train_accuracy[-1]
    dev_acc = histories[n_h].dev_accuracy[-1]
    print(f"{n_h:4}  {train_acc:6.1%}  {dev_acc:6.1%}")

# %%
fig, axes = plt.subplots(3, 2, figsize=(5.5, 8.4), layout="constrained")
for ax, n_h in zip(axes.flat, sizes, strict=True):
    points = plot_boundary(ax, models[n_h], X_train, y_train)
    ax.set_title(f"$n_h = {n_h}$")
    ax.label_outer()  # x_1, x_2 on the outer panels only
legend_of_classes(fig, points)
plt.show()

# %% [markdown]
# With one tanh unit the boundary is a straight line; with two, it follows
# two straight creases. That is too few to separate eight petals, and the
# accuracy stays low (the single line still beats logistic regression, for
# the reason given above). From three units on,
# the network captures the shape of the flower. Larger layers add wedges and
# bulges that chase single noisy points of the training set, and the dev
# accuracy stops improving or even drops: the extra capacity goes into the
# noise. That is overfitting in miniature; the
# [regularization lab](../regularization/) shows it more clearly and what to
# do about it.
#
# ## Things to try
#
# - Replace `Tanh()` with `ReLU()` from `dlnotes.layers` (and `init=xavier`
#   with the default He initialization): how many units does it take now?
# - Change the learning rate: with $\alpha = 0.1$ the same number of epochs is
#   not enough, and with a very large $\alpha$ the cost jumps around.
# - Generate the data with `flower(500, rng=rng, petals=6)` or with more noise.
