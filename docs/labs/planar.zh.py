# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 实验：用一个隐藏层分类平面数据
#
# 平面上的两类点组成一朵“花”：花瓣一片属于这一类，下一片属于另一类，交替排列。
# 没有哪条直线能把它们分开，所以逻辑回归在这里无能为力；而只要一个隐藏层、
# 几个 tanh 神经元，网络就能学会这些花瓣。本实验依次完成：
#
# 1. 观察数据，并划分训练集和开发集；
# 2. 拟合逻辑回归，作为基线；
# 3. 写出两层网络的公式，用数值方法检验梯度，再用梯度下降训练它；
# 4. 改变隐藏单元的个数，看看会发生什么。
#
# 所有计算都用小型 NumPy 包 `dlnotes` 完成，整个 notebook 从头到尾运行大约十秒。
# 可以下载含输出的 notebook：[planar.ipynb](planar.ipynb)；运行方法见[实验](../)首页。

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
POINTS = ListedColormap(["#3f51b5", "#e65100"])   # 第 0 类、第 1 类
REGIONS = ListedColormap(["#c5cae9", "#ffe0b2"])  # 对应的浅色


def legend_of_classes(where, points):
    # 在图的上方用散点的颜色标出 "y = 0"、"y = 1"。
    handles, _ = points.legend_elements()
    where.legend(handles, ["$y = 0$", "$y = 1$"], loc="lower center",
                 bbox_to_anchor=(0.5, 1), ncol=2, frameon=False, markerscale=2)


# %% [markdown]
# ## 数据
#
# `flower` 生成 $m$ 个点 $x^{(i)} \in \mathbb{R}^2$ 及其标签 $y^{(i)} \in \{0, 1\}$。
# 按 `dlnotes` 的约定，输入按列排成形状为 $(2, m)$ 的矩阵 $X$，标签排成形状为
# $(1, m)$ 的行向量 $Y$。我们留出五分之一的点作为开发集：真正重要的，是模型在训练时
# 从未见过的点上的准确率。

# %%
rng = np.random.default_rng(1)
X, y = flower(500, rng=rng)
X_train, y_train, X_dev, y_dev, _, _ = train_dev_test_split(
    X, y, fractions=(0.8, 0.2, 0.0), rng=rng
)
# 标签排成形状为 (1, m) 的行向量
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
# 下面这个辅助函数在后文反复用到：它在一张细密的网格上逐点计算模型预测的类别并着色，
# 由此画出决策边界，再把样本点叠加上去。

# %%
def plot_boundary(ax, model, X, y):
    # 按预测类别给平面着色，再画出样本 (X, y)。
    x1, x2 = np.meshgrid(
        np.linspace(X[0].min() - 0.5, X[0].max() + 0.5, 250),
        np.linspace(X[1].min() - 0.5, X[1].max() + 0.5, 250),
    )
    grid = np.stack([x1.ravel(), x2.ravel()])  # 每列一个网格点
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
# ## 基线：逻辑回归
#
# 逻辑回归就是没有隐藏层的网络：一个全连接单元加一个 sigmoid，
#
# $$
# \hat{y} = \sigma(w^\top x + b), \qquad \sigma(z) = \frac{1}{1 + e^{-z}},
# $$
#
# 训练目标是平均二元交叉熵
#
# $$
# J = -\frac{1}{m} \sum_{i=1}^{m}
# \Bigl[ y^{(i)} \log \hat{y}^{(i)} + \bigl(1 - y^{(i)}\bigr) \log\bigl(1 - \hat{y}^{(i)}\bigr) \Bigr].
# $$
#
# 当 $\hat{y} > 0.5$，也就是 $w^\top x + b > 0$ 时，它预测为第 1 类：决策区域是一条直线的一侧。
# `fit` 执行梯度下降；不指定 `batch_size` 时，每一步都使用整个训练集。

# %%
def train(model, epochs, lr):
    # 以交叉熵为代价做批量梯度下降；返回 History。
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
# 上面输出的准确率和抛硬币差不多。这不能全怪直线：一条直线把花切成两半，每一半里都有两类的花瓣，
# 可最好的直线仍能把大约三分之二的训练点分对（后面 $n_h = 1$ 的网络，决策边界同样是一条直线，
# 就是证明）。真正的原因在于梯度下降最小化的是交叉熵，而不是分错的个数。分对三分之二的直线，
# 会把其余三分之一的点很有把握地判错，交叉熵对这些点罚得很重。在这朵对称的花上，
# 交叉熵最小的那条直线权重很小（见上面的输出），代价只比 $\log 2$（处处预测 0.5 时的代价）低一点，
# 方向也几乎帮不上忙。

# %% [markdown]
# ## 带一个隐藏层的网络
#
# 在输入和 sigmoid 之间插入 $n_h$ 个 tanh 单元。$W^{[1]}$ 的形状为 $(n_h, 2)$，
# $b^{[1]}$ 为 $(n_h, 1)$，$W^{[2]}$ 为 $(1, n_h)$，$b^{[2]}$ 为 $(1, 1)$，
# 对全部 $m$ 个样本一次完成的前向传播是
#
# $$
# Z^{[1]} = W^{[1]} X + b^{[1]}, \quad
# A^{[1]} = \tanh(Z^{[1]}), \quad
# Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}, \quad
# A^{[2]} = \sigma(Z^{[2]}),
# $$
#
# 代价函数仍是上面的交叉熵 $J$，只是 $\hat{y} = A^{[2]}$。反向传播从输出层往回，
# 逐层求出梯度：
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
# 其中 $1 - (A^{[1]})^2$ 是 tanh 的导数，逐元素计算。这几行公式的逐步推导见
# [反向传播](../../training/backprop/#two-layer)一页。之后梯度下降以学习率 $\alpha$
# 反复执行 $W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}$ 和
# $b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}$。
#
# 用 `dlnotes.layers` 搭建时，这个网络就是四层的堆叠。权重用较小的随机数初始化
# （Xavier 初始化），偏置从零开始。如果权重也全部初始化为零，每个隐藏单元得到的梯度完全相同，
# 它们就会永远一模一样。

# %%
def two_layer_net(n_h, seed=2):
    # 2 -> n_h (tanh) -> 1 (sigmoid)；种子相同，初始权重就相同。
    rng = np.random.default_rng(seed)
    return Sequential([
        Dense(2, n_h, rng=rng, init=xavier), Tanh(),
        Dense(n_h, 1, rng=rng, init=xavier), Sigmoid(),
    ])


model = two_layer_net(n_h=4)
print({name: p.shape for name, p in model.params.items()})

# %% [markdown]
# ## 梯度检验
#
# 训练之前，先确认反向传播没有写错。`check_model` 把每个参数 $\theta_i$ 分别加减
# $\varepsilon$，用双边差分
#
# $$
# \frac{J(\theta + \varepsilon e_i) - J(\theta - \varepsilon e_i)}{2\varepsilon}
# $$
#
# 与反向传播得到的梯度比较，对每个参数数组计算相对误差
# $\lVert a - b \rVert_2 / (\lVert a \rVert_2 + \lVert b \rVert_2)$。在 float64 下，
# 正确的梯度给出的误差远小于 $10^{-7}$（参见[梯度检验](../../training/gradient-checking/)）。
# 检验是在模型的副本上做的，模型本身不受影响。

# %%
report = check_model(model, binary_cross_entropy,
                     binary_cross_entropy_grad, X_train, Y_train)
for name, error in report.items():
    print(f"{name:4} relative error {error:.1e}")
name, error = worst(report)
print(f"worst: {name}, {error:.1e}")

# %% [markdown]
# ## 训练
#
# 用 $\alpha = 1.2$ 做批量梯度下降。`fit` 在每个 epoch 之后记录训练集和开发集上的代价；
# 整个训练集作为一个批量时，一个 epoch 就是一步。

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
# 上图是训练集和开发集上的代价随 epoch 的变化：最初几个 epoch 急剧下降，
# 之后缓慢改进。下图是决策边界。每个 tanh 单元 $\tanh(w_j^\top x + b_j)$ 是跨过一条直线
# $w_j^\top x + b_j = 0$ 的平滑台阶，沿这条直线的方向取值不变：它在自己的方向上添一道笔直的折痕。
# 输出单元把这些台阶加起来，几道折痕合起来把平面切成顺着花瓣的扇形，
# 所以上面输出的准确率远高于基线。剩下的错误大多集中在中心附近，那里两类花瓣交汇，噪声把它们混在了一起。

# %% [markdown]
# ## 隐藏单元要多少个？
#
# 隐藏层的大小 $n_h$ 是一个超参数。我们用几种不同的大小训练同样的网络，
# 初始化方式相同，然后比较结果。

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
    ax.label_outer()  # 只在外侧的小图上标 x_1、x_2
legend_of_classes(fig, points)
plt.show()

# %% [markdown]
# 只有一个 tanh 单元时，边界就是一条直线；两个单元时，边界沿着两道笔直的折痕。
# 这么少分不开八片花瓣，准确率上不去（不过单独一条直线仍比逻辑回归强，原因见前文）。
# 从三个单元开始，网络就抓住了花的形状。再大的隐藏层会多出一些楔形和凸起，
# 专门去迁就训练集中个别的噪声点，开发集准确率不再提高，甚至下降：多出来的容量都花在了噪声上。
# 这就是小规模的过拟合；[正则化实验](../regularization/)会更清楚地展示它，以及应对的办法。
#
# ## 动手试试
#
# - 把 `Tanh()` 换成 `dlnotes.layers` 里的 `ReLU()`（同时把 `init=xavier` 去掉，
#   改用默认的 He 初始化）：现在需要多少个单元？
# - 改变学习率：$\alpha = 0.1$ 时同样多的 epoch 不够用；$\alpha$ 很大时代价会来回跳动。
# - 用 `flower(500, rng=rng, petals=6)` 生成数据，或者加大噪声。
