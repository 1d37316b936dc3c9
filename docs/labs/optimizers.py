# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Lab: seven optimizers on one problem
#
# `dlnotes.optimizers` implements seven update rules: SGD, Momentum, Nesterov,
# Adagrad, Adadelta, RMSprop and Adam. This lab trains the same small network
# on the same data with each of them, starting from the same weights and
# seeing the mini-batches in the same order, so that the update rule is the
# only difference. Then it adds a learning-rate schedule to plain SGD.
#
# The [optimizers page](../../training/optimizers/) explains where each rule
# comes from; here we watch them work. Download this notebook, outputs
# included: [optimizers.ipynb](optimizers.ipynb); the [labs page](../) explains
# how to run it.

# %%
import matplotlib.pyplot as plt
import numpy as np

from dlnotes.datasets import one_hot, spirals, train_dev_test_split
from dlnotes.layers import Dense, ReLU, Sequential
from dlnotes.losses import (
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from dlnotes.optimizers import (
    SGD,
    Adadelta,
    Adagrad,
    Adam,
    Momentum,
    Nesterov,
    RMSprop,
)
from dlnotes.schedules import exponential_decay
from dlnotes.training import accuracy_softmax, fit

plt.rcParams.update({
    "figure.dpi": 100,
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": plt.cycler(color=[
        "#3f51b5", "#e65100", "#2e7d32", "#c62828",
        "#6a1b9a", "#00838f", "#5d4037",
    ]),
})

# %% [markdown]
# ## The task
#
# Three interleaved spiral arms, one class per arm: $K = 3$ classes, inputs in
# the plane. The labels become one-hot columns $Y$ of shape $(3, m)$, and a
# fifth of the points go to the dev set.

# %%
rng = np.random.default_rng(0)
X, y = spirals(600, rng=rng)
X_train, y_train, X_dev, y_dev, _, _ = train_dev_test_split(
    X, y, fractions=(0.8, 0.2, 0.0), rng=rng
)
Y_train, Y_dev = one_hot(y_train, 3), one_hot(y_dev, 3)
print("X_train", X_train.shape, " Y_train", Y_train.shape)
print("X_dev  ", X_dev.shape, " Y_dev  ", Y_dev.shape)

fig, ax = plt.subplots(figsize=(4.5, 4.5))
for k in range(3):
    ax.scatter(*X_train[:, y_train == k], s=10, label=f"$y = {k}$")
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.set_aspect("equal")
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1), ncol=3,
          frameon=False, markerscale=2)
plt.show()

# %% [markdown]
# The network has two hidden layers of 32 ReLU units and a linear output layer
# that gives one score (logit) per class. The cost is the softmax
# cross-entropy of the scores $Z$,
#
# $$
# J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{K} Y_{k i} \log \operatorname{softmax}(Z)_{k i},
# \qquad \operatorname{softmax}(Z)_{k i} = \frac{e^{Z_{k i}}}{\sum_{j} e^{Z_{j i}}} .
# $$
#
# `make_model` always draws the initial weights from the same seed, and
# `train` gives every run a shuffling generator with the same seed too. Each
# run sees mini-batches of 32 examples for 40 epochs.

# %%
def make_model():
    # 2 -> 32 -> 32 -> 3 with ReLU, He initialization, fixed seed.
    rng = np.random.default_rng(42)
    return Sequential([
        Dense(2, 32, rng=rng), ReLU(),
        Dense(32, 32, rng=rng), ReLU(),
        Dense(32, 3, rng=rng),
    ])


def train(optimizer, epochs=40, schedule=None):
    # Train a fresh model with this optimizer; return the History.
    return fit(
        make_model(), X_train, Y_train,
        cost=softmax_cross_entropy,
        cost_grad=softmax_cross_entropy_grad,
        optimizer=optimizer, epochs=epochs, batch_size=32,
        rng=np.random.default_rng(1),  # same mini-batches every run
        X_dev=X_dev, Y_dev=Y_dev,
        accuracy=accuracy_softmax, schedule=schedule,
    )


a, b = make_model(), make_model()
same = all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
print("same initial weights:", same)

# %% [markdown]
# ## The seven update rules
#
# For one parameter array $\theta$ with mini-batch gradient $d\theta$ and
# learning rate $\alpha$ (squares, roots and divisions element by element):
#
# - **SGD**: $\theta \leftarrow \theta - \alpha\, d\theta$.
# - **Momentum**: $v \leftarrow \beta v + (1 - \beta)\, d\theta$, then
#   $\theta \leftarrow \theta - \alpha v$, an exponentially weighted average
#   of the gradients.
# - **Nesterov**: $v \leftarrow \beta v - \alpha\, d\theta$, then
#   $\theta \leftarrow \theta + \beta v - \alpha\, d\theta$: the gradient is
#   taken where the momentum is about to carry the parameters.
# - **Adagrad**: $G \leftarrow G + d\theta^2$, then
#   $\theta \leftarrow \theta - \alpha\, d\theta / (\sqrt{G} + \varepsilon)$.
# - **RMSprop**: $s \leftarrow \beta s + (1 - \beta)\, d\theta^2$, then
#   $\theta \leftarrow \theta - \alpha\, d\theta / (\sqrt{s} + \varepsilon)$.
# - **Adadelta**: like RMSprop, but the step is scaled by a running average of
#   past steps instead of a learning rate:
#   $\Delta = -\frac{\sqrt{E[\Delta^2] + \varepsilon}}{\sqrt{E[g^2] + \varepsilon}}\, d\theta$
#   and $\theta \leftarrow \theta + \alpha \Delta$, with $\alpha = 1$ in the
#   original method.
# - **Adam**: momentum and RMSprop together, with bias correction:
#   $\theta \leftarrow \theta - \alpha\, \hat{v} / (\sqrt{\hat{s}} + \varepsilon)$
#   where $\hat{v} = v / (1 - \beta_1^t)$ and $\hat{s} = s / (1 - \beta_2^t)$.
#
# Momentum in `dlnotes` follows the course, $v \leftarrow \beta v + (1-\beta)\, d\theta$;
# Nesterov stores a velocity that already includes $\alpha$. With $\beta = 0.9$
# the same step size is therefore $\alpha$ for Momentum and $\alpha / 10$ for
# Nesterov, which is why their grids below differ by a factor of ten.
#
# ## A fair comparison: tune each learning rate
#
# A single learning rate for all seven would favour some of them: each rule
# scales the gradient differently. So each optimizer gets three learning rates,
# a factor of about three apart, and keeps the one with the lowest dev cost,
# averaged over the last ten epochs (the cost of a single epoch would reward a
# lucky last step). The other hyperparameters keep their defaults
# ($\beta = 0.9$; $\beta_1 = 0.9$, $\beta_2 = 0.999$ for Adam; $\rho = 0.95$
# for Adadelta).

# %%
grid = {
    "SGD": (SGD, [0.1, 0.3, 1.0]),
    "Momentum": (Momentum, [0.3, 1.0, 3.0]),
    "Nesterov": (Nesterov, [0.03, 0.1, 0.3]),
    "Adagrad": (Adagrad, [0.03, 0.1, 0.3]),
    "Adadelta": (Adadelta, [1.0, 3.0, 10.0]),
    "RMSprop": (RMSprop, [0.003, 0.01, 0.03]),
    "Adam": (Adam, [0.003, 0.01, 0.03]),
}
best = {}  # optimizer name -> (learning rate, History)
print("mean dev cost over the last 10 epochs, for each learning rate")
for name, (Optimizer, rates) in grid.items():
    runs = {lr: train(Optimizer(lr=lr)) for lr in rates}
    score = {lr: np.mean(h.dev_cost[-10:]) for lr, h in runs.items()}
    row = "".join(f"{lr:>8g}: {score[lr]:.4f}" for lr in rates)
    print(f"{name:10}{row}")
    lr = min(score, key=score.get)
    best[name] = (lr, runs[lr])

print()
print("optimizer  best lr  train J  train acc  dev acc")
for name, (lr, h) in best.items():
    J, train_acc, dev_acc = (h.train_cost[-1], h.train_accuracy[-1],
                             h.dev_accuracy[-1])
    print(f"{name:10} {lr:7g} {J:8.4f} {train_acc:10.1%} {dev_acc:8.1%}")

# %%
fig, axes = plt.subplots(2, 1, figsize=(5.5, 7), sharey=True,
                         layout="constrained")
epochs = np.arange(1, 41)
cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
colours = dict(zip(best, cycle, strict=True))
groups = [["SGD", "Momentum", "Nesterov"],
          ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam"]]
for ax, names in zip(axes, groups, strict=True):
    for name in names:
        lr, h = best[name]
        grey = ax is axes[1] and name == "SGD"  # reference in the lower panel
        colour = "0.7" if grey else colours[name]
        ax.plot(epochs, h.train_cost, label=name, color=colour)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("$J$")
    ax.legend(loc="upper right")
plt.show()

# %% [markdown]
# The cost on the training set after each epoch, on a logarithmic scale: in
# the upper panel SGD and the two momentum methods, in the lower panel the
# four adaptive methods, with SGD in grey for reference. Things to notice in the table and
# the curves:
#
# - The four methods that divide each coordinate's step by a running measure
#   of its own gradients (Adagrad, Adadelta, RMSprop and Adam) go down faster
#   than SGD in the first epochs: their steps have a similar size in every
#   direction, whatever the scale of the gradient there.
# - Momentum and Nesterov choose the same step size, each in its own
#   convention (hence the factor of ten between their grids). Here Nesterov
#   draws the steadier curve: its gradient, taken at the look-ahead point,
#   corrects an overshooting step one step earlier.
# - No curve is smooth: with mini-batches each step follows a noisy estimate
#   of the gradient, and the large learning rates that train fastest turn
#   that noise into jumps of the cost.
# - When the best rate of a grid is at its edge, a wider grid is worth a try;
#   and the ranking can change with the problem, the batch size and the
#   number of epochs. Whatever the optimizer, the learning rate is the first
#   hyperparameter to tune.

# %% [markdown]
# ## A learning-rate schedule
#
# With mini-batches the gradient is noisy, and a constant learning rate keeps
# the parameters wandering around the minimum. Decaying the rate lets large
# steps make progress early and small steps settle late. `fit` takes a
# `schedule`, a function of the epoch that returns the learning rate, here the
# exponential decay
#
# $$
# \alpha_t = \alpha_0 \cdot 0.95^{\,t} ,
# $$
#
# where $t = 0, 1, 2, \dots$ counts the epochs. We start SGD at
# $\alpha_0 = 0.5$, a rate too large to keep for the whole run, and compare
# with the same rate held constant.

# %%
def decay(epoch):
    return exponential_decay(0.5, epoch, rate=0.95)


constant = train(SGD(lr=0.5))
decayed = train(SGD(lr=0.5), schedule=decay)
for label, h in [("constant", constant), ("decayed", decayed)]:
    last = h.train_cost[-10:]
    print(f"{label:9} train J over the last 10 epochs:",
          f"{min(last):.4f} .. {max(last):.4f},",
          f"dev accuracy {h.dev_accuracy[-1]:.1%}")

fig, ax = plt.subplots(figsize=(5, 3.2))
ax.plot(epochs, np.full(40, 0.5), label=r"constant: $\alpha_0$")
ax.plot(epochs, [decay(t) for t in range(40)],
        label=r"decayed: $\alpha_0 \cdot 0.95^{t}$")
ax.set_xlabel("epoch")
ax.set_ylabel(r"$\alpha$")
ax.legend()
plt.show()

fig, ax = plt.subplots(figsize=(5, 3.2))
ax.plot(epochs, constant.train_cost, label="constant")
ax.plot(epochs, decayed.train_cost, label="decayed")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("$J$")
ax.legend(loc="lower left")
plt.show()

# %% [markdown]
# The first figure shows the learning rate of each epoch, the second the
# training cost, in the same colours. With the constant rate the cost keeps jumping, sometimes by a
# lot, until the last epoch, and where it ends is partly luck; the printed
# ranges show how far it moves over the last ten epochs. With the decayed rate
# the steps shrink, the cost settles, and its range over the same epochs is
# much narrower.
#
# The course's other schedules are in `dlnotes.schedules`:
# `step_decay` (halve every few epochs), `inverse_time_decay`
# ($\alpha_0 / (1 + \text{decay\_rate} \cdot t)$), and the two
# $k/\sqrt{\cdot}$ schedules, `inverse_sqrt_decay` (once per epoch) and
# `inverse_sqrt_step_decay` (once per mini-batch step); see
# [learning-rate decay](../../training/optimizers/#lr-decay).
#
# ## Things to try
#
# - Change `batch_size` in `train` to 480 (the whole training set: batch
#   gradient descent) or to 1 (stochastic gradient descent, much slower to
#   run) and watch the noise of the curves.
# - Multiply the first input feature (row 0 of `X_train` and `X_dev`) by 100,
#   a badly scaled input: which optimizers still work with the same learning
#   rates?
# - Swap `exponential_decay` for `step_decay`, `inverse_time_decay` or
#   `inverse_sqrt_decay`.
