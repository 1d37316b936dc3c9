# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Lab: taming overfitting
#
# A network with thousands of parameters, trained on forty noisy examples,
# learns the examples by heart, noise included, and does worse on new data.
# This lab provokes that overfitting on purpose and then trains the same
# network three more times, each time with one remedy:
#
# 1. no regularization, as the reference;
# 2. L2 regularization (weight decay);
# 3. dropout;
# 4. early stopping.
#
# For each we look at the decision boundary, at the cost on the training and
# dev sets during training, and at the final accuracies. The pages on
# [regularization](../../generalization/regularization/) and
# [dropout](../../generalization/dropout/) explain the methods in detail.
# Download this notebook, outputs included:
# [regularization.ipynb](regularization.ipynb); the [labs page](../) explains
# how to run it.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from dlnotes.datasets import moons
from dlnotes.layers import Dense, Dropout, ReLU, Sequential, Sigmoid
from dlnotes.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
)
from dlnotes.optimizers import Adam
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
    handles, _ = points.legend_elements(markeredgecolor="k")
    where.legend(handles, ["$y = 0$", "$y = 1$"], loc="lower center",
                 bbox_to_anchor=(0.5, 1), ncol=2, frameon=False)


# %% [markdown]
# ## Few noisy examples
#
# Two interleaving half-moons with a lot of noise: the classes overlap, so even
# the best possible boundary misclassifies some points. The training set has
# only 40 examples; the dev set, drawn from the same distribution with a
# different seed, has 500, enough to measure how well a model generalizes.

# %%
X_train, y_train = moons(40, rng=np.random.default_rng(1), noise=0.3)
X_dev, y_dev = moons(500, rng=np.random.default_rng(100), noise=0.3)
# labels as rows of shape (1, m)
Y_train, Y_dev = y_train[np.newaxis, :], y_dev[np.newaxis, :]
print("X_train", X_train.shape, " X_dev", X_dev.shape)

fig, ax = plt.subplots(figsize=(5, 3.6))
dev_points = ax.scatter(X_dev[0], X_dev[1], c=y_dev, cmap=POINTS, s=6,
                        alpha=0.25)
train_points = ax.scatter(X_train[0], X_train[1], c=y_train, cmap=POINTS,
                          s=30, edgecolors="k")
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.set_aspect("equal")
handles = (train_points.legend_elements(markeredgecolor="k")[0]
           + dev_points.legend_elements()[0])
ax.legend(handles, ["training set, $y = 0$", "training set, $y = 1$",
                    "dev set, $y = 0$", "dev set, $y = 1$"],
          loc="lower center", bbox_to_anchor=(0.5, 1), ncol=2, frameon=False)
plt.show()

# %% [markdown]
# The 40 training points have a black edge; the faint points are the dev set.
#
# The network: two hidden layers of 50 ReLU units and a sigmoid output, that
# is thousands of parameters (the exact count is printed below) for 40
# examples. `make_model` always starts from the same weights. If `keep_prob`
# is given, a dropout layer follows each hidden layer.
# Every variant trains with Adam for 1500 epochs, each epoch one step on the
# whole training set.

# %%
def make_model(keep_prob=None):
    # 2 -> 50 -> 50 -> 1, ReLU, sigmoid; dropout after each hidden
    # layer if keep_prob is given. Always the same initial weights.
    rng = np.random.default_rng(0)
    layers = [Dense(2, 50, rng=rng), ReLU()]
    if keep_prob is not None:
        layers.append(Dropout(keep_prob, rng=np.random.default_rng(1)))
    layers += [Dense(50, 50, rng=rng), ReLU()]
    if keep_prob is not None:
        layers.append(Dropout(keep_prob, rng=np.random.default_rng(2)))
    layers += [Dense(50, 1, rng=rng), Sigmoid()]
    return Sequential(layers)


def train(model, **options):
    # Adam, full batch, 1500 epochs; options such as lambd go to fit.
    history = fit(
        model, X_train, Y_train,
        cost=binary_cross_entropy, cost_grad=binary_cross_entropy_grad,
        optimizer=Adam(lr=0.002), epochs=1500,
        X_dev=X_dev, Y_dev=Y_dev, accuracy=accuracy_binary, **options,
    )
    return model, history


print("parameters:", sum(p.size for p in make_model().params.values()))

# %% [markdown]
# ## 1. No regularization

# %%
results = {}
results["none"] = train(make_model())

# %% [markdown]
# ## 2. L2 regularization
#
# L2 regularization adds the squared Frobenius norms of the weight matrices to
# the cost, which becomes the average cross-entropy plus the penalty,
#
# $$
# J = \frac{1}{m} \sum_{i=1}^{m} \mathcal{L}\bigl(\hat y^{(i)}, y^{(i)}\bigr)
# + \frac{\lambda}{2m} \sum_{l} \lVert W^{[l]} \rVert_F^2 ,
# $$
#
# so each weight's gradient gets an extra $\frac{\lambda}{m} W^{[l]}$, and every
# gradient-descent step shrinks the weights a little before following the
# data: hence the name weight decay. Small weights make a smoother function,
# one that cannot bend sharply around single points. `fit` does this when
# given `lambd` $= \lambda$; the biases are not penalized.

# %%
results["L2"] = train(make_model(), lambd=0.7)

# %% [markdown]
# ## 3. Dropout
#
# In each training step, a dropout layer keeps every unit with probability
# `keep_prob` and zeroes the others, with a new random mask $D$ each step, and
# scales the kept values up (inverted dropout):
#
# $$
# A \leftarrow \frac{A \odot D}{\text{keep\_prob}}, \qquad
# D_{ij} \sim \text{Bernoulli}(\text{keep\_prob}) .
# $$
#
# A unit can no longer rely on any particular other unit, so the network
# cannot build the fragile co-adaptations that memorizing needs. The division
# keeps the expected activation unchanged, which is why the layer does nothing
# at evaluation time: `fit` and `predict` run the model with `training=False`
# for every evaluation, so all costs and accuracies below are measured without
# dropout.

# %%
results["dropout"] = train(make_model(keep_prob=0.5))

# %% [markdown]
# ## 4. Early stopping
#
# Early stopping watches the dev cost during training and stops once it has
# not improved for `patience` epochs; `fit` then puts back the parameters of
# the epoch with the lowest dev cost. It limits how far the weights can travel
# from their small initial values, an effect close to that of L2
# regularization. Its price: the dev set now takes part in training, so its
# accuracy is a slightly optimistic estimate, and a separate test set would be
# needed for an unbiased one.

# %%
results["early stopping"] = train(make_model(), patience=100)
best_epoch = results["early stopping"][1].best_epoch
print("lowest dev cost after epoch", best_epoch + 1)

# %% [markdown]
# ## Results
#
# To compare the four models on one measure, the columns `train J` and
# `dev J` of the table hold the average cross-entropy, without the L2 term.
# For the L2 model, the cost that training minimized is that number plus the
# penalty; its training curve in the figure further down shows that cost.

# %%
print("                train acc  dev acc  train J   dev J")
for name, (model, h) in results.items():
    # the cross-entropy alone, without the L2 term
    J_train = binary_cross_entropy(predict(model, X_train), Y_train)
    train_acc, dev_acc = h.train_accuracy[-1], h.dev_accuracy[-1]
    print(f"{name:15} {train_acc:9.1%} {dev_acc:8.1%}",
          f"{J_train:8.3f} {h.dev_cost[-1]:7.3f}")

# %%
def plot_boundary(ax, model, X, y):
    # Shade the plane by the predicted class, then scatter (X, y).
    x1, x2 = np.meshgrid(np.linspace(-2, 3, 250),
                         np.linspace(-1.6, 2.1, 200))
    grid = np.stack([x1.ravel(), x2.ravel()])  # one point per column
    A = predict(model, grid).reshape(x1.shape)
    ax.contourf(x1, x2, (A > 0.5).astype(float),
                levels=[-0.5, 0.5, 1.5], cmap=REGIONS)
    points = ax.scatter(X[0], X[1], c=y, cmap=POINTS, s=20,
                        edgecolors="k", linewidths=0.5)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return points


titles = [r"$\lambda = 0$", r"$\lambda = 0.7$",
          r"$\text{keep\_prob} = 0.5$", rf"$t^\ast = {best_epoch + 1}$"]
models = [model for model, _ in results.values()]
histories = [h for _, h in results.values()]
fig, axes = plt.subplots(2, 2, figsize=(5.5, 4.4), layout="constrained")
for ax, model, title in zip(axes.flat, models, titles, strict=True):
    points = plot_boundary(ax, model, X_train, y_train)
    ax.set_title(title)
    ax.label_outer()  # axis labels on the outer panels only
legend_of_classes(fig, points)
plt.show()

# %% [markdown]
# The decision boundaries: no regularization and L2 on top, dropout and early
# stopping below ($t^\ast$ is the epoch with the lowest dev cost).

# %%
fig, axes = plt.subplots(2, 2, figsize=(5.5, 5), sharex=True, sharey=True,
                         layout="constrained")
for ax, h, title in zip(axes.flat, histories, titles, strict=True):
    epochs = np.arange(1, len(h.train_cost) + 1)
    ax.plot(epochs, h.train_cost, label="training set")
    ax.plot(epochs, h.dev_cost, "--", label="dev set")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.set_xlabel("epoch")
    ax.set_ylabel("$J$")
    ax.label_outer()  # axis labels on the outer panels only
axes[1, 1].axvline(best_epoch + 1, color="0.6", linewidth=1)
fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="lower center",
           bbox_to_anchor=(0.5, 1), ncol=2, frameon=False)
plt.show()

# %% [markdown]
# The cost against the epoch, on the training set (with the L2 term for the
# second model) and on the dev set, as the legend shows. The curves of the
# last panel (bottom right) are short because training stopped there; its
# grey line marks $t^\ast$.
#
# ## What we see
#
# - **No regularization.** The boundary snakes around individual training
#   points, including those the noise carried into the other class. The
#   training cost keeps falling towards zero and the training accuracy is
#   perfect, while the dev cost, after an early minimum, climbs steadily: the
#   model grows ever more confident, also about the dev points it gets wrong.
#   This is high variance.
# - **L2.** The boundary is a smooth curve that ignores the stray points. The
#   training accuracy drops below perfect, while the dev accuracy and the dev
#   cost are the best of the table. The training cost levels off because the
#   penalty stops the weights from growing.
# - **Dropout.** Its boundary still follows the training points closely, but
#   the model is far less confident about them: the dev cost stays well below
#   the unregularized one and creeps up only slowly towards the end. (The
#   training cost is measured without dropout, like every evaluation, so it
#   is smooth even though each training step used a different random
#   sub-network.)
# - **Early stopping.** It returns the model from just before the dev cost
#   started to climb, and saves the remaining epochs. It needs no change to
#   the model or the cost, only a dev set to watch.
#
# Regularization trades a little accuracy on the training set for much better
# behaviour on data the model has not seen. The strength of each remedy
# ($\lambda$, `keep_prob`, `patience`) is a hyperparameter, chosen on the dev
# set.
#
# ## Things to try
#
# - Vary $\lambda$ (0.1, 0.3, 3) and `keep_prob` (0.3, 0.8): where does the
#   model start to underfit?
# - Train on 400 examples instead of 40 without any regularization. More data
#   is the most reliable remedy for variance.
# - Combine L2 and dropout in one model.
