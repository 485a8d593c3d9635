"""The figures that lessons and reports share.

Every function takes ``ax=None`` (a new figure is made when None) and returns the
matplotlib Axes it drew on. Its visible text comes from :mod:`mlopskit.texts` in the
notebook's language (or ``lang="pt"``/``"en"``); keyword arguments such as ``title``
override it. Colours are colour-blind safe (Okabe-Ito).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit import texts

__all__ = ["plot_ecdf", "plot_psi_heatmap", "plot_reliability_diagram", "plot_ddm",
           "plot_windowed_accuracy", "plot_feedback_timeline",
           "plot_fairness_tradeoff", "COLOURS"]

#: Okabe-Ito colours.
COLOURS = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "red": "#D55E00",
           "purple": "#CC79A7", "sky": "#56B4E9", "grey": "#999999"}


def _axes(ax, figsize):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def _sample(values, name):
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"`{name}` must be a non-empty 1-D sample.")
    if np.isnan(arr).any():
        raise ValueError(f"`{name}` contains NaN.")
    return np.sort(arr)


def plot_ecdf(reference, current, *, ax=None, names=None, title=None, xlabel=None,
              lang=None):
    """Empirical CDFs of two samples, with the Kolmogorov-Smirnov statistic marked.

    The vertical segment (``gid="ks-statistic"``) joins the two curves where they are
    furthest apart; its label gives D.

    Examples
    --------
    >>> import numpy as np, matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_ecdf(np.arange(10.0), np.arange(5.0, 15.0))
    >>> [line.get_gid() for line in ax.lines].count("ks-statistic")
    1
    """
    ref, cur = _sample(reference, "reference"), _sample(current, "current")
    T = texts.for_lesson("common", lang=lang)
    names = names or (T("reference"), T("current"))
    ax = _axes(ax, (7, 4))
    grid = np.concatenate([ref, cur])
    f_ref = np.searchsorted(ref, grid, side="right") / ref.size
    f_cur = np.searchsorted(cur, grid, side="right") / cur.size
    k = int(np.argmax(np.abs(f_ref - f_cur)))
    d = abs(f_ref[k] - f_cur[k])
    for values, name, colour in ((ref, names[0], COLOURS["blue"]),
                                 (cur, names[1], COLOURS["orange"])):
        y = np.arange(1, values.size + 1) / values.size
        ax.step(np.concatenate([[values[0]], values]), np.concatenate([[0.0], y]),
                where="post", color=colour, label=name, linewidth=2)
    ax.plot([grid[k], grid[k]], [f_ref[k], f_cur[k]], color=COLOURS["red"], linewidth=3,
            gid="ks-statistic", label=f"D = {d:.3f}")
    ax.annotate(f"D = {d:.3f}", (grid[k], (f_ref[k] + f_cur[k]) / 2), xytext=(8, 0),
                textcoords="offset points", color=COLOURS["red"], va="center",
                fontweight="bold")
    ax.set(ylim=(0, 1.02), ylabel="F(x)", xlabel=xlabel or "x", title=title or T("ecdf_title"))
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    return ax


def plot_psi_heatmap(table, *, ax=None, title=None, cbar_label="PSI", bands=(0.1, 0.25),
                     lang=None):
    """PSI per feature (rows) and period (columns), coloured by the usual bands.

    Examples
    --------
    >>> import pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_psi_heatmap(pd.DataFrame({1: [0.01, 0.3], 2: [0.12, 0.02]},
    ...                                    index=["age", "income"]))
    >>> sorted(t.get_text() for t in ax.texts)
    ['0.01', '0.02', '0.12', '0.30']
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"`table` must be a pandas DataFrame, got {type(table).__name__}.")
    try:
        values = table.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError("`table` must hold numbers (PSI values).") from None
    from matplotlib.colors import BoundaryNorm, ListedColormap

    ax = _axes(ax, (1.0 + 0.75 * table.shape[1], 1.2 + 0.5 * table.shape[0]))
    top = max(0.5, float(np.nanmax(values)) if np.isfinite(values).any() else 0.5)
    cmap = ListedColormap(["#DCEFE6", "#F6C760", COLOURS["red"]]).with_extremes(bad="#EEEEEE")
    norm = BoundaryNorm([0, bands[0], bands[1], top], cmap.N)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = "–" if not np.isfinite(v) else f"{v:.2f}"
            colour = "white" if np.isfinite(v) and v >= bands[1] else "#1f1f1f"
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(table.shape[0]), [str(r) for r in table.index])
    ax.set_title(title or texts.for_lesson("common", lang=lang)("psi_title"))
    bar = ax.figure.colorbar(image, ax=ax, ticks=[0, bands[0], bands[1], top])
    bar.set_label(cbar_label)
    return ax


def plot_reliability_diagram(y_true, y_prob, *, n_bins=10, ax=None, title=None,
                             label=None, lang=None):
    """Reliability diagram of a binary classifier, with its expected calibration error.

    Call it again on the same ``ax`` to overlay another model (say, after recalibration).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_reliability_diagram([0, 1, 1, 1], [0.1, 0.1, 0.9, 0.9], n_bins=2, lang="pt")
    >>> ax.get_legend().get_texts()[-1].get_text()
    'modelo (ECE = 0.250)'
    """
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    if y.shape != p.shape or y.ndim != 1 or y.size == 0:
        raise ValueError("`y_true` and `y_prob` must be 1-D and of the same length.")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("`y_true` must hold binary labels 0/1.")
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError("`y_prob` must hold probabilities in [0, 1].")
    T = texts.for_lesson("common", lang=lang)
    label = label or T("model")
    ax = _axes(ax, (5.5, 5))
    idx = np.minimum((p * n_bins).astype(int), n_bins - 1)
    counts = np.bincount(idx, minlength=n_bins)
    keep = counts > 0
    frac = np.bincount(idx, weights=y, minlength=n_bins)[keep] / counts[keep]
    conf = np.bincount(idx, weights=p, minlength=n_bins)[keep] / counts[keep]
    ece = float(np.sum(counts[keep] / y.size * np.abs(frac - conf)))
    if not getattr(ax, "_mlopskit_diagonal", False):
        ax.plot([0, 1], [0, 1], linestyle="--", color=COLOURS["grey"], gid="diagonal")
        ax._mlopskit_diagonal = True
        ax.set(xlim=(0, 1), ylim=(0, 1), xlabel=T("reliability_x"),
               ylabel=T("reliability_y"), title=title or T("reliability_title"))
        ax.grid(alpha=0.3)
    n_curves = sum(1 for line in ax.lines if line.get_gid() == "reliability")
    colour = [COLOURS["blue"], COLOURS["orange"], COLOURS["green"], COLOURS["purple"]][
        n_curves % 4]
    ax.plot(conf, frac, marker="o", color=colour, gid="reliability",
            label=f"{label} (ECE = {ece:.3f})")
    ax.bar((np.arange(n_bins) + 0.5) / n_bins, counts / counts.max() * 0.15,
           width=1 / n_bins, bottom=0, alpha=0.25, color=colour)
    ax.legend(loc="upper left")
    return ax


_STATUSES = ("stable", "warning", "drift")


def plot_ddm(statuses, *, error_rates=None, ax=None, title=None, lang=None):
    """A drift detector's signals over a stream, with the running error rate.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_ddm(["stable", "warning", "drift", "stable"])
    >>> len([l for l in ax.lines if l.get_gid() == "drift"])
    1
    """
    statuses = list(statuses)
    unknown = sorted(set(statuses) - set(_STATUSES))
    if unknown:
        raise ValueError(f"`statuses` holds unknown values {unknown}; use {list(_STATUSES)}.")
    T = texts.for_lesson("common", lang=lang)
    ax = _axes(ax, (9, 3.5))
    if error_rates is not None:
        rates = np.asarray(error_rates, dtype=float)
        ax.plot(np.arange(rates.size), rates, color=COLOURS["blue"], label=T("error_rate"))
    warnings = [i for i, s in enumerate(statuses) if s == "warning"]
    if warnings:
        ax.scatter(warnings, np.zeros(len(warnings)), marker="|", s=120,
                   color=COLOURS["orange"], label=T("warning"), gid="warning")
    for n, i in enumerate(i for i, s in enumerate(statuses) if s == "drift"):
        ax.axvline(i, color=COLOURS["red"], linewidth=2, gid="drift",
                   label=T("drift") if n == 0 else None)
    ax.set(xlabel=T("ddm_x"), ylabel=T("error_rate"), title=title or T("ddm_title"),
           xlim=(0, max(len(statuses) - 1, 1)))
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left")
    return ax


_METHOD_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h")
_MEASURE_FILLS = ("full", "none", "left", "bottom")


def plot_fairness_tradeoff(table, *, ax=None, title=None, xlabel=None, ylabel=None,
                           lang=None):
    """Where each method sits between a fairness gap (x) and one or more accuracies (y).

    ``table`` has one row per method (the index names it) and numeric columns: the first
    is the gap on the x axis (lower is fairer), each further one an accuracy measure. Each
    method gets its own colour and marker, each measure its own fill (filled, hollow, ...);
    the points of one method are joined by a thin line. Nothing is written next to the
    points: the legend, outside the axes, names every method and every measure, so no label
    can overlap another or be cut at an edge.

    Examples
    --------
    >>> import pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"gap": [0.3, 0.05], "vs past": [0.8, 0.75],
    ...                       "vs truth": [0.6, 0.65]}, index=["baseline", "mitigated"])
    >>> ax = plot_fairness_tradeoff(table, lang="en")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['baseline', 'mitigated', 'vs past', 'vs truth']
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"`table` must be a pandas DataFrame, got {type(table).__name__}.")
    if table.shape[1] < 2 or table.empty:
        raise ValueError("`table` needs at least one row and two columns: the fairness gap, "
                         "then one or more accuracy measures.")
    if table.shape[1] - 1 > len(_MEASURE_FILLS) or len(table) > len(_METHOD_MARKERS):
        raise ValueError(f"`table` can show at most {len(_METHOD_MARKERS)} methods and "
                         f"{len(_MEASURE_FILLS)} measures.")
    try:
        values = table.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError("`table` must hold numbers.") from None
    if not np.isfinite(values).all():
        raise ValueError("`table` must hold finite numbers (no NaN).")
    from matplotlib.lines import Line2D

    T = texts.for_lesson("fairness", lang=lang)
    ax = _axes(ax, (7.5, 4.2))
    palette = [COLOURS[c] for c in ("blue", "orange", "green", "red", "purple", "sky",
                                    "grey")]
    x = values[:, 0]
    method_handles, measure_handles = [], []
    for i, name in enumerate(table.index):
        colour, marker = palette[i % len(palette)], _METHOD_MARKERS[i]
        ax.plot([x[i]] * (values.shape[1] - 1), values[i, 1:], color=colour, linewidth=0.8,
                alpha=0.5, gid="tradeoff-link")
        for j in range(1, values.shape[1]):
            ax.plot([x[i]], [values[i, j]], linestyle="none", marker=marker, markersize=9,
                    color=colour, markerfacecolor=colour if j == 1 else "white",
                    fillstyle=_MEASURE_FILLS[j - 1] if j > 2 else "full",
                    markeredgewidth=1.5, gid="tradeoff-point")
        method_handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=8,
                                     color=colour, label=str(name)))
    for j, measure in enumerate(table.columns[1:], start=1):
        measure_handles.append(Line2D(
            [], [], linestyle="none", marker="o", markersize=8, color="#444444",
            markerfacecolor="#444444" if j == 1 else "white",
            fillstyle=_MEASURE_FILLS[j - 1] if j > 2 else "full", label=str(measure)))
    ax.margins(x=0.12, y=0.12)
    ax.set(xlabel=xlabel or T("tradeoff_x"), ylabel=ylabel or T("tradeoff_y"),
           title=title or T("tradeoff_title"))
    ax.grid(alpha=0.3)
    ax.legend(handles=method_handles + measure_handles, loc="upper left",
              bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize=9)
    ax.figure.tight_layout()
    return ax


def plot_windowed_accuracy(table, *, ax=None, title=None, lang=None):
    """Accuracy per window with its interval; windows with too few labels marked apart.

    ``table`` is what :func:`mlopskit.feedback.windowed_accuracy` returns. A window whose
    accuracy is not reported is drawn as a grey cross at the bottom, so a gap in the
    series is visible rather than hidden.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({"n_predictions": [50, 40], "n_labels": [45, 3],
    ...                       "accuracy": [0.8, float("nan")], "low": [0.67, float("nan")],
    ...                       "high": [0.89, float("nan")], "enough": [True, False]},
    ...                      index=pd.Index(["2024-01", "2024-02"], name="window"))
    >>> ax = plot_windowed_accuracy(table, lang="en")
    >>> ax.get_title(), sorted({l.get_gid() for l in ax.lines if l.get_gid()})
    ('Accuracy by month, with a 95% Wilson interval', ['accuracy', 'too-few'])
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"`table` must be a DataFrame, got {type(table).__name__}.")
    needed = ["accuracy", "low", "high", "enough"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(f"`table` lacks the columns {missing}; pass what "
                         "windowed_accuracy returns.")
    T = texts.for_lesson("feedback", lang=lang)
    ax = _axes(ax, (9, 3.5))
    x = np.arange(len(table))
    ok = table["enough"].to_numpy(dtype=bool)
    acc = table["accuracy"].to_numpy(dtype=float)
    low, high = table["low"].to_numpy(dtype=float), table["high"].to_numpy(dtype=float)
    ax.errorbar(x[ok], acc[ok], yerr=[acc[ok] - low[ok], high[ok] - acc[ok]], fmt="o",
                color=COLOURS["blue"], capsize=4, label=T("accuracy"), gid="accuracy")
    if (~ok).any():
        ax.plot(x[~ok], np.zeros((~ok).sum()), "x", color=COLOURS["grey"], markersize=9,
                label=T("too_few"), gid="too-few")
    ax.set_xticks(x, [str(i) for i in table.index], rotation=30, ha="right")
    ax.set(ylim=(-0.05, 1.05), xlabel=T("month"), ylabel=T("accuracy"),
           title=title or T("accuracy_title"))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    return ax


def plot_feedback_timeline(history, *, ax=None, title=None, lang=None):
    """The governed cycle month by month: drift share, accuracy bound, and each decision.

    ``history`` has one row per month (its index) with the columns ``drift_share``,
    ``accuracy_low`` (NaN while unknown) and ``action`` ("keep", "wait" or "retrain"),
    and optionally ``promoted`` (True where a challenger became champion).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> history = pd.DataFrame({"drift_share": [0.0, 0.5], "accuracy_low": [float("nan"), 0.6],
    ...                         "action": ["keep", "retrain"], "promoted": [False, True]},
    ...                        index=["2024-01", "2024-02"])
    >>> ax = plot_feedback_timeline(history, lang="pt")
    >>> ax.get_title()
    'O ciclo governado, mês a mês'
    """
    import pandas as pd

    if not isinstance(history, pd.DataFrame):
        raise TypeError(f"`history` must be a DataFrame, got {type(history).__name__}.")
    missing = [c for c in ("drift_share", "accuracy_low", "action") if c not in history]
    if missing:
        raise ValueError(f"`history` lacks the columns {missing}.")
    T = texts.for_lesson("feedback", lang=lang)
    ax = _axes(ax, (9, 3.8))
    x = np.arange(len(history))
    ax.plot(x, history["drift_share"].to_numpy(dtype=float), "-o", color=COLOURS["orange"],
            label=T("drift"))
    ax.plot(x, history["accuracy_low"].to_numpy(dtype=float), "-s", color=COLOURS["blue"],
            label=T("low") + " (" + T("accuracy") + ")")
    colours = {"keep": COLOURS["green"], "wait": COLOURS["grey"], "retrain": COLOURS["red"]}
    for action, colour in colours.items():
        at = x[history["action"].to_numpy() == action]
        if at.size:
            ax.scatter(at, np.full(at.size, 1.08), marker="v", s=80, color=colour,
                       label=T(action), gid=f"action-{action}")
    if "promoted" in history:
        for n, i in enumerate(x[history["promoted"].to_numpy(dtype=bool)]):
            ax.axvline(i, color=COLOURS["purple"], linestyle="--", gid="promoted",
                       label=T("promoted_label") if n == 0 else None)
    ax.set_xticks(x, [str(i) for i in history.index], rotation=30, ha="right")
    ax.set(ylim=(-0.05, 1.15), xlabel=T("month"), title=title or T("timeline_title"))
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax
