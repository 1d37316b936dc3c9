# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 实验：对付过拟合
#
# 一个有几千个参数的网络，只用四十个带噪声的样本来训练，会把这些样本连同噪声一起背下来，
# 到了新数据上反而表现更差。本实验先故意制造这种过拟合，然后把同一个网络再训练三遍，
# 每次用一种对策：
#
# 1. 不做正则化，作为参照；
# 2. L2 正则化（权重衰减）；
# 3. dropout（随机失活）；
# 4. 提前停止。
#
# 对每种做法，我们都看它的决策边界、训练过程中训练集和开发集上的代价，以及最终的准确率。
# 这些方法的详细讲解见[正则化](../../generalization/regularization/)和
# [dropout](../../generalization/dropout/)两页。
# 可以下载含输出的 notebook：[regularization.ipynb](regularization.ipynb)；
# 运行方法见[实验](../)首页。

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
POINTS = ListedColormap(["#3f51b5", "#e65100"])   # 第 0 类、第 1 类
REGIONS = ListedColormap(["#c5cae9", "#ffe0b2"])  # 对应的浅色


def legend_of_classes(where, points):
    # 在图的上方用散点的颜色标出 "y = 0"、"y = 1"。
    handles, _ = points.legend_elements(markeredgecolor="k")
    where.legend(handles, ["$y = 0$", "$y = 1$"], loc="lower center",
                 bbox_to_anchor=(0.5, 1), ncol=2, frameon=False)


# %% [markdown]
# ## 少量带噪声的样本
#
# 两个相互交错的半月形，噪声很大：两类有重叠，即使是最好的边界也会分错一些点。
# 训练集只有 40 个样本；开发集来自同一分布、换了一个随机种子，有 500 个样本，
# 足以衡量模型的泛化能力。

# %%
X_train, y_train = moons(40, rng=np.random.default_rng(1), noise=0.3)
X_dev, y_dev = moons(500, rng=np.random.default_rng(100), noise=0.3)
# 标签排成形状为 (1, m) 的行向量
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
# 带黑边的是 40 个训练样本，浅色的点是开发集。
#
# 网络有两个各含 50 个 ReLU 单元的隐藏层和一个 sigmoid 输出，参数有几千个
# （确切数目见下面的输出），而样本只有 40 个。`make_model` 每次都从同样的权重出发；
# 给出 `keep_prob` 时，每个隐藏层后面接一个 dropout 层。所有做法都用 Adam 训练 1500 个 epoch，
# 每个 epoch 在整个训练集上走一步。

# %%
def make_model(keep_prob=None):
    # 2 -> 50 -> 50 -> 1，ReLU，sigmoid；给出 keep_prob 时
    # 每个隐藏层后接 dropout。初始权重每次都相同。
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
    # Adam，整批训练，1500 个 epoch；lambd 等选项传给 fit。
    history = fit(
        model, X_train, Y_train,
        cost=binary_cross_entropy, cost_grad=binary_cross_entropy_grad,
        optimizer=Adam(lr=0.002), epochs=1500,
        X_dev=X_dev, Y_dev=Y_dev, accuracy=accuracy_binary, **options,
    )
    return model, history


print("parameters:", sum(p.size for p in make_model().params.values()))

# %% [markdown]
# ## 1. 不做正则化

# %%
results = {}
results["none"] = train(make_model())

# %% [markdown]
# ## 2. L2 正则化
#
# L2 正则化在代价函数上加上各权重矩阵 Frobenius 范数的平方，代价于是成为平均交叉熵加上惩罚项：
#
# $$
# J = \frac{1}{m} \sum_{i=1}^{m} \mathcal{L}\bigl(\hat y^{(i)}, y^{(i)}\bigr)
# + \frac{\lambda}{2m} \sum_{l} \lVert W^{[l]} \rVert_F^2 ,
# $$
#
# 于是每个权重的梯度多出一项 $\frac{\lambda}{m} W^{[l]}$，梯度下降的每一步都先把权重缩小一点，
# 再去拟合数据，“权重衰减”的名字就是这么来的。权重小，函数就更平滑，没法围着个别点急转弯。
# 给 `fit` 传入 `lambd` $= \lambda$ 就会这样训练；偏置不受惩罚。

# %%
results["L2"] = train(make_model(), lambd=0.7)

# %% [markdown]
# ## 3. Dropout
#
# 训练的每一步，dropout 层以概率 `keep_prob` 保留每个单元、把其余的置零，每一步都换一个新的随机掩码
# $D$，并把保留下来的值放大（这就是反向随机失活）：
#
# $$
# A \leftarrow \frac{A \odot D}{\text{keep\_prob}}, \qquad
# D_{ij} \sim \text{Bernoulli}(\text{keep\_prob}) .
# $$
#
# 任何单元都不能再依赖某个特定的其他单元，网络也就难以形成死记硬背所需的那种脆弱的相互配合。
# 除以 `keep_prob` 使激活值的期望保持不变，所以评估时这一层什么也不做：`fit` 和 `predict`
# 每次评估都以 `training=False` 运行模型，下面所有的代价和准确率都是在不加 dropout 的情况下算出的。

# %%
results["dropout"] = train(make_model(keep_prob=0.5))

# %% [markdown]
# ## 4. 提前停止
#
# 提前停止在训练过程中监视开发集上的代价，一旦连续 `patience` 个 epoch 没有改善就停下来；
# 随后 `fit` 把参数恢复到开发集代价最低的那个 epoch。它限制了权重离开较小初始值的距离，
# 效果和 L2 正则化相近。不足之处是开发集参与了训练，它上面的准确率因而略显乐观，
# 要得到无偏的估计，还需要一个独立的测试集。

# %%
results["early stopping"] = train(make_model(), patience=100)
best_epoch = results["early stopping"][1].best_epoch
print("lowest dev cost after epoch", best_epoch + 1)

# %% [markdown]
# ## 结果
#
# 为了用同一个标准比较四个模型，表中 `train J` 和 `dev J` 两列都是平均交叉熵，不含 L2 项。
# 对 L2 模型来说，训练时最小化的代价是这个数再加上惩罚项；后面图中它的训练曲线画的就是这个代价。

# %%
print("                train acc  dev acc  train J   dev J")
for name, (model, h) in results.items():
    # 只算交叉熵，不含 L2 项
    J_train = binary_cross_entropy(predict(model, X_train), Y_train)
    train_acc, dev_acc = h.train_accuracy[-1], h.dev_accuracy[-1]
    print(f"{name:15} {train_acc:9.1%} {dev_acc:8.1%}",
          f"{J_train:8.3f} {h.dev_cost[-1]:7.3f}")

# %%
def plot_boundary(ax, model, X, y):
    # 按预测类别给平面着色，再画出样本 (X, y)。
    x1, x2 = np.meshgrid(np.linspace(-2, 3, 250),
                         np.linspace(-1.6, 2.1, 200))
    grid = np.stack([x1.ravel(), x2.ravel()])  # 每列一个网格点
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
    ax.label_outer()  # 只在外侧的小图上标坐标轴
legend_of_classes(fig, points)
plt.show()

# %% [markdown]
# 上面是四个模型的决策边界：上排是不做正则化和 L2，下排是 dropout 和提前停止
# （$t^\ast$ 是开发集代价最低的 epoch）。

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
    ax.label_outer()  # 只在外侧的小图上标坐标轴
axes[1, 1].axvline(best_epoch + 1, color="0.6", linewidth=1)
fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="lower center",
           bbox_to_anchor=(0.5, 1), ncol=2, frameon=False)
plt.show()

# %% [markdown]
# 代价随 epoch 的变化：训练集（第二个模型包含 L2 项）和开发集的曲线见图例。
# 最后一幅小图（右下）的曲线较短，因为训练在那里停止了；灰色竖线标出 $t^\ast$。
#
# ## 观察结果
#
# - **不做正则化。** 边界绕着一个个训练点弯来弯去，连被噪声带进另一类的点也不放过。
#   训练代价一路降向零，训练准确率达到百分之百；开发集代价却在早早到达最低点后一路攀升：
#   模型越来越自信，连那些分错的开发集样本也不例外。这就是高方差。
# - **L2。** 边界是一条平滑的曲线，不理会零散的点。训练准确率不再是百分之百，
#   而开发集准确率和开发集代价都是表中最好的。训练代价趋于平稳，因为惩罚项不让权重继续增大。
# - **Dropout。** 边界仍然紧贴训练点，但模型对它们远没有那么自信：开发集代价始终远低于不做正则化时，
#   到最后也只是缓慢上升。（和所有评估一样，训练代价是在不加 dropout 时计算的，
#   所以尽管每一步训练用的都是一个不同的随机子网络，曲线仍然平滑。）
# - **提前停止。** 它返回开发集代价开始攀升之前的模型，还省下了剩余的 epoch。
#   它不需要修改模型或代价函数，只需要一个可以监视的开发集。
#
# 正则化用训练集上一点点准确率，换来模型在没见过的数据上好得多的表现。
# 每种对策用多大的力度（$\lambda$、`keep_prob`、`patience`）都是超参数，要在开发集上选定。
#
# ## 动手试试
#
# - 改变 $\lambda$（0.1、0.3、3）和 `keep_prob`（0.3、0.8）：模型从哪里开始欠拟合？
# - 不加任何正则化，用 400 个样本代替 40 个来训练。增加数据是降低方差最可靠的办法。
# - 在一个模型里同时使用 L2 和 dropout。
