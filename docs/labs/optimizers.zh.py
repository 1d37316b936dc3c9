# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 实验：同一个问题上的七种优化算法
#
# `dlnotes.optimizers` 实现了七种更新规则：SGD、Momentum、Nesterov、Adagrad、Adadelta、
# RMSprop 和 Adam。本实验用它们逐一训练同一个小网络、同一份数据，初始权重相同，
# 小批量的顺序也相同，唯一的区别就是更新规则。最后再给普通的 SGD 加上学习率衰减。
#
# 每种规则的来龙去脉见[优化算法](../../training/optimizers/)一页；这里看它们实际跑起来的样子。
# 可以下载含输出的 notebook：[optimizers.ipynb](optimizers.ipynb)；运行方法见[实验](../)首页。

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
# ## 任务
#
# 三条相互缠绕的螺旋臂，每条臂是一类：共 $K = 3$ 类，输入是平面上的点。
# 标签转成独热编码的列，组成形状为 $(3, m)$ 的 $Y$；五分之一的点划入开发集。

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
# 网络有两个各含 32 个 ReLU 单元的隐藏层，输出层是线性的，为每一类给出一个分数（logit）。
# 代价函数是分数 $Z$ 的 softmax 交叉熵：
#
# $$
# J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{K} Y_{k i} \log \operatorname{softmax}(Z)_{k i},
# \qquad \operatorname{softmax}(Z)_{k i} = \frac{e^{Z_{k i}}}{\sum_{j} e^{Z_{j i}}} .
# $$
#
# `make_model` 每次都用同一个种子生成初始权重，`train` 给每次运行的打乱顺序也用同一个种子。
# 每次运行用 32 个样本的小批量训练 40 个 epoch。

# %%
def make_model():
    # 2 -> 32 -> 32 -> 3，ReLU，He 初始化，固定种子。
    rng = np.random.default_rng(42)
    return Sequential([
        Dense(2, 32, rng=rng), ReLU(),
        Dense(32, 32, rng=rng), ReLU(),
        Dense(32, 3, rng=rng),
    ])


def train(optimizer, epochs=40, schedule=None):
    # 用这个优化算法训练一个全新的模型；返回 History。
    return fit(
        make_model(), X_train, Y_train,
        cost=softmax_cross_entropy,
        cost_grad=softmax_cross_entropy_grad,
        optimizer=optimizer, epochs=epochs, batch_size=32,
        rng=np.random.default_rng(1),  # 每次运行的小批量都相同
        X_dev=X_dev, Y_dev=Y_dev,
        accuracy=accuracy_softmax, schedule=schedule,
    )


a, b = make_model(), make_model()
same = all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
print("same initial weights:", same)

# %% [markdown]
# ## 七种更新规则
#
# 对一个参数数组 $\theta$，记小批量上的梯度为 $d\theta$、学习率为 $\alpha$
# （平方、开方和除法都逐元素进行）：
#
# - **SGD**：$\theta \leftarrow \theta - \alpha\, d\theta$。
# - **Momentum**：$v \leftarrow \beta v + (1 - \beta)\, d\theta$，再
#   $\theta \leftarrow \theta - \alpha v$；$v$ 是梯度的指数加权平均。
# - **Nesterov**：$v \leftarrow \beta v - \alpha\, d\theta$，再
#   $\theta \leftarrow \theta + \beta v - \alpha\, d\theta$：梯度取在动量即将把参数带到的位置。
# - **Adagrad**：$G \leftarrow G + d\theta^2$，再
#   $\theta \leftarrow \theta - \alpha\, d\theta / (\sqrt{G} + \varepsilon)$。
# - **RMSprop**：$s \leftarrow \beta s + (1 - \beta)\, d\theta^2$，再
#   $\theta \leftarrow \theta - \alpha\, d\theta / (\sqrt{s} + \varepsilon)$。
# - **Adadelta**：与 RMSprop 类似，但步长由过去各步大小的滑动平均决定，而不是由学习率决定：
#   $\Delta = -\frac{\sqrt{E[\Delta^2] + \varepsilon}}{\sqrt{E[g^2] + \varepsilon}}\, d\theta$，
#   $\theta \leftarrow \theta + \alpha \Delta$，原始方法中 $\alpha = 1$。
# - **Adam**：Momentum 与 RMSprop 的结合，并做偏差修正：
#   $\theta \leftarrow \theta - \alpha\, \hat{v} / (\sqrt{\hat{s}} + \varepsilon)$，
#   其中 $\hat{v} = v / (1 - \beta_1^t)$，$\hat{s} = s / (1 - \beta_2^t)$。
#
# `dlnotes` 里的 Momentum 沿用课程的写法 $v \leftarrow \beta v + (1-\beta)\, d\theta$；
# Nesterov 存的速度则已经乘上了 $\alpha$。因此当 $\beta = 0.9$ 时，同样的步长对 Momentum
# 是 $\alpha$，对 Nesterov 是 $\alpha / 10$，这就是下面两者的候选学习率相差十倍的原因。
#
# ## 公平比较：分别调学习率
#
# 七种算法共用一个学习率，会偏袒其中几种：每条规则对梯度的缩放各不相同。
# 所以每种优化算法都试三个学习率，彼此相差约三倍，保留开发集代价最低的那个；
# 这里的开发集代价取最后十个 epoch 的平均（只看最后一个 epoch，会奖励碰巧落在低处的一步）。
# 其余超参数都用默认值（$\beta = 0.9$；Adam 的 $\beta_1 = 0.9$、$\beta_2 = 0.999$；
# Adadelta 的 $\rho = 0.95$）。

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
best = {}  # 优化算法名 -> (学习率, History)
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
        grey = ax is axes[1] and name == "SGD"  # 下面一幅中作为参照
        colour = "0.7" if grey else colours[name]
        ax.plot(epochs, h.train_cost, label=name, color=colour)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("$J$")
    ax.legend(loc="upper right")
plt.show()

# %% [markdown]
# 图中是每个 epoch 之后训练集上的代价，纵轴为对数刻度：上面一幅是 SGD 和两种动量方法，
# 下面一幅是四种自适应方法，灰线是作为参照的 SGD。从表格和曲线中可以看到：
#
# - 四种按各坐标自身梯度的滑动大小来缩放步长的方法（Adagrad、Adadelta、RMSprop 和 Adam）
#   在最初几个 epoch 下降得比 SGD 快：无论某个方向上梯度的尺度如何，它们在每个方向上的步长都差不多大。
# - Momentum 和 Nesterov 选中的步长相同，只是各自写法不同（所以两者的候选学习率相差十倍）。
#   这里 Nesterov 的曲线更平稳：它在前瞻点上取梯度，步子迈过头时能早一步纠正。
# - 没有一条曲线是光滑的：用小批量时，每一步跟随的都是带噪声的梯度估计，
#   而训练最快的那些大学习率会把这种噪声放大成代价的跳动。
# - 如果某个网格里最好的学习率落在边缘，值得把网格再放宽一些；
#   而且换一个问题、换一个批量大小或 epoch 数，排名都可能改变。无论用哪种优化算法，
#   学习率都是第一个要调的超参数。

# %% [markdown]
# ## 学习率衰减
#
# 用小批量时梯度带有噪声，学习率固定不变，参数就会一直在最小值附近徘徊。
# 让学习率逐渐衰减，前期的大步可以快速推进，后期的小步则能稳稳停下。
# `fit` 接受一个 `schedule` 参数：它是 epoch 的函数，返回该 epoch 的学习率。这里用指数衰减
#
# $$
# \alpha_t = \alpha_0 \cdot 0.95^{\,t} ,
# $$
#
# 其中 $t = 0, 1, 2, \dots$ 是 epoch 的序号。SGD 从 $\alpha_0 = 0.5$ 出发，
# 这个学习率太大，不适合一直用到底；我们把它和保持不变的同一学习率做比较。

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
# 上图是每个 epoch 的学习率，下图是训练代价，颜色一一对应。学习率不变时，代价一直跳到最后一个 epoch，
# 有时跳得很厉害，最后停在哪里多少要靠运气；上面输出的区间显示了它在最后十个 epoch 里的波动幅度。
# 学习率衰减时，步子越来越小，代价逐渐稳定，同样十个 epoch 里的波动区间要窄得多。
#
# 课程里的其他衰减方式也都在 `dlnotes.schedules` 中：`step_decay`（每隔几个 epoch 减半）、
# `inverse_time_decay`（$\alpha_0 / (1 + \text{decay\_rate} \cdot t)$），以及两种
# $k/\sqrt{\cdot}$ 衰减：按 epoch 衰减的 `inverse_sqrt_decay` 和按小批量步数衰减的
# `inverse_sqrt_step_decay`；参见[学习率衰减](../../training/optimizers/#lr-decay)。
#
# ## 动手试试
#
# - 把 `train` 里的 `batch_size` 改成 480（整个训练集，即批量梯度下降）或 1
#   （随机梯度下降，运行会慢很多），观察曲线的噪声。
# - 把第一个输入特征（`X_train` 和 `X_dev` 的第 0 行）乘以 100，制造尺度很不均衡的输入：
#   哪些优化算法在同样的学习率下仍然有效？
# - 把 `exponential_decay` 换成 `step_decay`、`inverse_time_decay` 或 `inverse_sqrt_decay`。
