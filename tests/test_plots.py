"""The shared figures: they show what they claim to show."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402

from mlopskit import plots  # noqa: E402
from mlopskit.drift import expected_calibration_error  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("integers", [False, True])
def test_ecdf_marks_the_ks_statistic(seed, integers):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, 1, 300), rng.normal(0.3, 1.2, 200)
    if integers:
        a, b = np.round(a * 3), np.round(b * 3)
    ax = plots.plot_ecdf(a, b)
    (segment,) = [line for line in ax.lines if line.get_gid() == "ks-statistic"]
    y0, y1 = segment.get_ydata()
    d = stats.ks_2samp(a, b).statistic
    assert abs(y1 - y0) == pytest.approx(d)
    assert any(f"D = {d:.3f}" in t.get_text() for t in ax.texts)


def test_heatmap_annotates_every_cell_and_colours_by_band(tmp_path):
    table = pd.DataFrame({"Jan": [0.05, 0.2, np.nan], "Feb": [0.3, 0.0, 0.11]},
                         index=["a", "b", "c"])
    ax = plots.plot_psi_heatmap(table, title="PSI")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["0.05", "0.30", "0.20", "0.00", "–", "0.11"]
    image = ax.images[0]
    colours = {tuple(image.cmap(image.norm(v))) for v in (0.05, 0.2, 0.3)}
    assert len(colours) == 3
    ax.figure.savefig(tmp_path / "heat.png")
    assert (tmp_path / "heat.png").stat().st_size > 1000
    with pytest.raises(TypeError, match="table"):
        plots.plot_psi_heatmap([[0.1]])
    with pytest.raises(ValueError, match="table"):
        plots.plot_psi_heatmap(pd.DataFrame({"x": ["a"]}))


def test_reliability_diagram_reports_the_ece_and_overlays():
    ax = plots.plot_reliability_diagram([0, 1, 1, 1], [0.1, 0.1, 0.9, 0.9], n_bins=2)
    assert "ECE = 0.250" in ax.get_legend().get_texts()[0].get_text()
    rng = np.random.default_rng(0)
    p = rng.random(500)
    y = (rng.random(500) < p).astype(int)
    plots.plot_reliability_diagram(y, p, ax=ax, label="after")
    curves = [line for line in ax.lines if line.get_gid() == "reliability"]
    diagonals = [line for line in ax.lines if line.get_gid() == "diagonal"]
    assert len(curves) == 2 and len(diagonals) == 1
    ece = expected_calibration_error(y, p)
    assert f"after (ECE = {ece:.3f})" in [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.mark.parametrize("y, p, name", [([0, 1], [0.2], "same length"), ([0, 2], [0.1, 0.2], "y_true"),
                                        ([0, 1], [0.1, 1.2], "y_prob"),
                                        ([0, 1], [0.1, np.nan], "y_prob")])
def test_reliability_diagram_rejects_bad_input(y, p, name):
    with pytest.raises(ValueError, match=name):
        plots.plot_reliability_diagram(y, p)


def test_ddm_plot_marks_warnings_and_drifts():
    statuses = ["stable"] * 5 + ["warning", "warning", "drift"] + ["stable"] * 3 + ["drift"]
    ax = plots.plot_ddm(statuses, error_rates=np.linspace(0.1, 0.5, len(statuses)))
    drifts = [line.get_xdata()[0] for line in ax.lines if line.get_gid() == "drift"]
    assert drifts == [7, 11]
    (warnings,) = [c for c in ax.collections if c.get_gid() == "warning"]
    assert warnings.get_offsets()[:, 0].tolist() == [5, 6]
    with pytest.raises(ValueError, match="alarm"):
        plots.plot_ddm(["stable", "alarm"])
