"""Sample submissions of lesson 00_introduction: complete, partial and one per major mistake."""

from __future__ import annotations

from _samplekit import basic_students, filled, one_mistake_each

LESSON = "00_introduction"

# Wrong answers a learner plausibly writes (each matches a catalogued misconception).
WRONG = {
    "introduction.missing_hours": ("missing.assumes_sorted", '''
def missing_hours(df, *, start=None, end=None):
    stamps = df["timestamp"]
    if len(stamps) == 0 and (start is None or end is None):
        return pd.DatetimeIndex([])
    first = pd.Timestamp(start) if start is not None else stamps.iloc[0]
    last = pd.Timestamp(end) if end is not None else stamps.iloc[-1]
    if last < first:
        raise ValueError("end before start")
    return pd.date_range(first, last, freq="h").difference(pd.DatetimeIndex(stamps))
'''),
    "introduction.clean_hourly": ("clean.partial_long_gaps", '''
def clean_hourly(df, *, max_gap=3):
    if max_gap < 0:
        raise ValueError("max_gap")
    if df.drop(columns="timestamp").isna().any().any():
        raise ValueError("NaN")
    frame = df.drop_duplicates("timestamp").sort_values("timestamp").set_index("timestamp")
    frame = frame.astype(float)
    if frame.empty:
        return frame
    frame = frame.asfreq("h")
    if max_gap == 0:
        return frame
    return frame.interpolate(limit=max_gap, limit_area="inside")
'''),
    "introduction.is_deterministic": ("det.ignores_atol", '''
def is_deterministic(fn, *args, runs=3, atol=0.0, **kwargs):
    if runs < 2:
        raise ValueError("runs")
    results = [fn(*args, **kwargs) for _ in range(runs)]
    return all(np.array_equal(results[0], r) for r in results[1:])
'''),
    "introduction.train_and_score": ("seed.unseeded_randomness", '''
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split


def train_and_score(X, y, *, seed, test_size=0.25):
    rng = np.random.default_rng(seed)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, stratify=y,
                                              random_state=seed)
    model = RandomForestClassifier(n_estimators=25).fit(X_tr, y_tr)
    return float(model.score(X_te, y_te))
'''),
}



def _filled(lang, tasks=None, wrong=()):
    return filled(lang, LESSON, tasks, wrong, table=WRONG)


def students():
    """Student name -> (notebook, expected outcomes, expected misconceptions)."""
    out = basic_students(LESSON, partial=3)
    out.update(one_mistake_each(LESSON, [
        ("carla_assumes_sorted", "introduction.missing_hours"),
        ("diego_partial_gaps", "introduction.clean_hourly"),
        ("elisa_exact_floats", "introduction.is_deterministic"),
        ("fabio_unseeded", "introduction.train_and_score")], table=WRONG))
    return out
