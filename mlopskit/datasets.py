"""Offline data for the lessons: checksum-verified files and a seeded drift generator.

Nothing is downloaded. Real data ships in the repository's ``datasets/`` folder, each
file with a datasheet, and is checked against ``datasets/CHECKSUMS.sha256`` every time it
is loaded, so a lesson never runs on a silently altered copy. Synthetic data comes from a
seeded generator whose injected drift is documented month by month, so a lesson (and a
test) can check that a detector finds exactly what was put in, and nothing else.

The folder is ``$MLOPSKIT_DATA_DIR`` when that variable is set, else the repository's
``datasets/``; it is resolved at call time (see :func:`data_dir`).
"""

from __future__ import annotations

import hashlib
import numbers
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mlopskit._validation import check_positive_int

__all__ = [
    "DATA_DIR",
    "data_dir",
    "DatasetIntegrityError",
    "verify_file",
    "BIKESHARE_MONTHS",
    "load_bikeshare",
    "bikeshare_monthly_batches",
    "DriftEvent",
    "CreditData",
    "CREDIT_DRIFT_SCHEDULE",
    "make_credit_applications",
    "ADULT_COLUMNS",
    "load_adult",
    "GERMAN_COLUMNS",
    "load_german_credit",
    "BIASED_CREDIT_PENALTY",
    "make_biased_credit",
]

CHECKSUMS_FILE = "CHECKSUMS.sha256"
BIKESHARE_FILE = "bikeshare_2011_hourly.csv"

#: Month labels as the Bike Sharing file spells them, in calendar order.
BIKESHARE_MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept",
                    "Oct", "Nov", "Dec")

# Weather situations from best to worst (an unordered categorical all the same).
_BIKESHARE_WEATHER = ("clear", "cloudy/misty", "light rain/snow", "heavy rain/snow")


# ----------------------------------------------------------------------------------------
# Where the data lives, and checking it
# ----------------------------------------------------------------------------------------

def data_dir() -> Path:
    """Return the folder holding the data files, resolved now.

    Returns
    -------
    pathlib.Path
        ``$MLOPSKIT_DATA_DIR`` when that environment variable is set and not empty,
        otherwise the ``datasets/`` folder at the root of the repository.

    Examples
    --------
    >>> (data_dir() / "CHECKSUMS.sha256").exists()
    True
    """
    env = os.environ.get("MLOPSKIT_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "datasets"


def __getattr__(name):
    # ``DATA_DIR`` is computed on each access, so that setting MLOPSKIT_DATA_DIR after
    # import (as the tests do) is honoured by ``mlopskit.datasets.DATA_DIR``.
    if name == "DATA_DIR":
        return data_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DatasetIntegrityError(RuntimeError):
    """A shipped data file is missing or differs from its recorded checksum.

    Examples
    --------
    >>> issubclass(DatasetIntegrityError, RuntimeError)
    True
    """


def _restore_hint(name):
    return (f"it ships in the repository's datasets/ folder; restore it with "
            f"`git checkout -- datasets/{name}`")


# (path, mtime in ns, size) -> SHA-256 hex digest, so repeated loads skip the hashing.
_DIGEST_CACHE: dict[tuple[str, int, int], str] = {}


def _sha256(path):
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_digest(path):
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _DIGEST_CACHE:
        _DIGEST_CACHE[key] = _sha256(path)
    return _DIGEST_CACHE[key]


def _recorded_digests(folder):
    """Parse ``CHECKSUMS.sha256`` (``sha256sum`` format) into {file name: digest}."""
    sums = folder / CHECKSUMS_FILE
    if not sums.is_file():
        raise DatasetIntegrityError(
            f"checksum file {sums} is missing: {_restore_hint(CHECKSUMS_FILE)}.")
    recorded = {}
    for number, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2 or len(parts[0]) != 64:
            raise DatasetIntegrityError(
                f"{sums}, line {number}, is not `<sha256>  <file name>`: {line!r}.")
        recorded[parts[1].strip().lstrip("*")] = parts[0].lower()
    return recorded


def verify_file(name: str) -> Path:
    """Check a shipped data file against ``CHECKSUMS.sha256`` and return its path.

    Digests are cached per (path, modification time, size), so loading the same file
    again in a lesson costs a ``stat`` call, not a new hash.

    Parameters
    ----------
    name : str
        File name inside the data folder, e.g. ``"bikeshare_2011_hourly.csv"``.

    Returns
    -------
    pathlib.Path
        Path of the verified file.

    Raises
    ------
    DatasetIntegrityError
        When the file (or the checksum list) is missing, has no recorded checksum, or
        its SHA-256 differs from the recorded one.
    ValueError
        When ``name`` is not a plain file name.

    Examples
    --------
    >>> verify_file("bikeshare_2011_hourly.csv").name
    'bikeshare_2011_hourly.csv'
    """
    if not isinstance(name, str) or not name or Path(name).name != name or name in (".", ".."):
        raise ValueError(f"`name` must be a file name inside the data folder, got {name!r}.")
    folder = data_dir()
    path = folder / name
    if not path.is_file():
        raise DatasetIntegrityError(f"data file {path} is missing: {_restore_hint(name)}.")
    expected = _recorded_digests(folder).get(name)
    if expected is None:
        raise DatasetIntegrityError(
            f"data file {name} has no entry in {folder / CHECKSUMS_FILE}; add its "
            "`sha256sum` line when you add a file to the data folder.")
    actual = _file_digest(path)
    if actual != expected:
        raise DatasetIntegrityError(
            f"data file {path} was altered or truncated: its SHA-256 is {actual}, expected "
            f"{expected}. Do not edit shipped data; {_restore_hint(name)}.")
    return path


# ----------------------------------------------------------------------------------------
# Bike Sharing, hourly, 2011 (real data with seasonal drift)
# ----------------------------------------------------------------------------------------

def _check_months(months):
    if months is None:
        return None
    if isinstance(months, str):
        months = [months]
    try:
        months = list(months)
    except TypeError:
        raise TypeError(f"`months` must be a list of month names such as ['Jan', 'Feb'], "
                        f"got {months!r}.") from None
    if not months:
        raise ValueError("`months` is empty; pass None for the whole year.")
    unknown = [m for m in months if m not in BIKESHARE_MONTHS]
    if unknown:
        raise ValueError(f"unknown month(s) {unknown} in `months`; valid months are "
                         f"{list(BIKESHARE_MONTHS)}.")
    return months


def _as_category(series, categories, *, ordered):
    out = pd.Categorical(series, categories=categories, ordered=ordered)
    unexpected = sorted(set(series[pd.isna(out)].dropna()))
    if unexpected:
        raise ValueError(f"column {series.name!r} has unexpected label(s) {unexpected}.")
    return out


def load_bikeshare(*, months=None) -> pd.DataFrame:
    """Load the hourly Capital Bikeshare rentals of 2011, after checking the file.

    Source: Fanaee-T & Gama (2013), UCI Machine Learning Repository,
    doi:10.24432/C5W894, CC BY 4.0; the 2011 subset as distributed with the ISLP
    package. See ``datasets/bikeshare_2011.md`` for the datasheet.

    Parameters
    ----------
    months : list of str, optional
        Month labels to keep, spelled as in ``BIKESHARE_MONTHS`` (``"Jan"``,
        ``"March"``, ``"Sept"``, ...). A single label is accepted too. All months when
        None.

    Returns
    -------
    pandas.DataFrame
        8,645 rows and 15 columns when unfiltered, index 0..n-1. ``mnth`` is an ordered
        categorical (Jan < ... < Dec), ``weathersit`` an unordered categorical, ``hr`` an
        integer hour 0..23.

    Raises
    ------
    DatasetIntegrityError
        When the shipped file is missing or altered.
    ValueError
        When ``months`` names an unknown month (the message lists the valid ones).

    Examples
    --------
    >>> bike = load_bikeshare(months=["Jan", "Feb"])
    >>> bike["mnth"].unique().tolist(), len(bike)
    (['Jan', 'Feb'], 1337)
    """
    selected = _check_months(months)
    frame = pd.read_csv(verify_file(BIKESHARE_FILE))
    frame["mnth"] = _as_category(frame["mnth"], BIKESHARE_MONTHS, ordered=True)
    frame["weathersit"] = _as_category(frame["weathersit"], _BIKESHARE_WEATHER, ordered=False)
    frame["hr"] = frame["hr"].astype("int64")
    if selected is not None:
        frame = frame[frame["mnth"].isin(selected)].reset_index(drop=True)
    return frame


def bikeshare_monthly_batches() -> dict[str, pd.DataFrame]:
    """Split the Bike Sharing data into one batch per month, in calendar order.

    Returns
    -------
    dict of str to pandas.DataFrame
        Month label (see ``BIKESHARE_MONTHS``) -> that month's rows, index reset. The
        batches together hold every row of :func:`load_bikeshare` once.

    Examples
    --------
    >>> batches = bikeshare_monthly_batches()
    >>> list(batches)[:3], len(batches["Feb"])
    (['Jan', 'Feb', 'March'], 649)
    """
    frame = load_bikeshare()
    return {month: frame[frame["mnth"] == month].reset_index(drop=True)
            for month in BIKESHARE_MONTHS}


# ----------------------------------------------------------------------------------------
# Synthetic credit applications (the drift laboratory)
# ----------------------------------------------------------------------------------------

DRIFT_KINDS = ("covariate", "prior", "concept")


@dataclass(frozen=True)
class DriftEvent:
    """A change injected into the synthetic credit data, in force from ``month`` on.

    Attributes
    ----------
    month : int
        First production month (1-based) in which the change is in force; it stays in
        force in every later month.
    kind : {"covariate", "prior", "concept"}
        What changes: the inputs P(X), the label rate P(Y), or the relation P(Y | X).
    features : tuple of str
        Columns the change acts on (``("default",)`` for a prior shift).
    description : str
        What changes, in words.

    Examples
    --------
    >>> event = DriftEvent(4, "covariate", ("income",), "incomes fall by 25%")
    >>> event.kind, event.features
    ('covariate', ('income',))
    """

    month: int
    kind: str
    features: tuple[str, ...]
    description: str

    def __post_init__(self):
        check_positive_int(self.month, "month")
        if self.kind not in DRIFT_KINDS:
            raise ValueError(f"`kind` must be one of {list(DRIFT_KINDS)}, got {self.kind!r}.")
        features = (self.features,) if isinstance(self.features, str) else self.features
        features = tuple(features)
        if not features or not all(isinstance(f, str) for f in features):
            raise TypeError(f"`features` must be a non-empty tuple of column names, "
                            f"got {self.features!r}.")
        object.__setattr__(self, "features", features)
        if not isinstance(self.description, str):
            raise TypeError(f"`description` must be a str, got {self.description!r}.")


@dataclass(frozen=True)
class CreditData:
    """Output of :func:`make_credit_applications`.

    Attributes
    ----------
    reference : pandas.DataFrame
        The training (reference) period.
    batches : dict of int to pandas.DataFrame
        Production month (1..n_months) -> that month's applications, with the same
        columns and dtypes as ``reference``.
    schedule : tuple of DriftEvent
        What was injected, and from which month.

    Examples
    --------
    >>> data = make_credit_applications(seed=0, n_months=2)
    >>> type(data).__name__, list(data.batches)
    ('CreditData', [1, 2])
    """

    reference: pd.DataFrame
    batches: dict[int, pd.DataFrame]
    schedule: tuple[DriftEvent, ...]


#: The drift :func:`make_credit_applications` injects by default (see its docstring).
CREDIT_DRIFT_SCHEDULE = (
    DriftEvent(4, "covariate", ("income",),
               "incomes fall by 25% (an economic shock): every income is multiplied by "
               "0.75; the score formula is unchanged"),
    DriftEvent(6, "covariate", ("channel",),
               "the app becomes the main channel: branch/web/app/partner shares move from "
               ".40/.30/.20/.10 to .25/.30/.40/.05"),
    DriftEvent(8, "prior", ("default",),
               "the default rate roughly doubles for every profile (score intercept +1.1); "
               "no feature changes"),
    DriftEvent(10, "concept", ("credit_history_years", "num_open_accounts"),
               "a longer credit history and more open accounts now go with MORE defaults "
               "(their score coefficients flip sign); their distributions and the overall "
               "default rate stay the same"),
)

_CHANNELS = ("branch", "web", "app", "partner")
_CHANNEL_P = (0.40, 0.30, 0.20, 0.10)
_CHANNEL_P_SHIFTED = (0.25, 0.30, 0.40, 0.05)
_REGIONS = ("N", "NE", "CO", "SE", "S")
_REGION_P = (0.08, 0.27, 0.08, 0.42, 0.15)
_TERMS = (12, 24, 36, 48, 60)
_TERM_P = (0.15, 0.25, 0.30, 0.15, 0.15)
_INCOME_MEDIAN, _INCOME_SIGMA, _INCOME_SHOCK = 4000.0, 0.4, 0.75
_LOAN_MEDIAN, _LOAN_SIGMA = 15000.0, 0.7

# Logistic score of default: intercept, prior-shift increment, and one coefficient per
# (centred, scaled) feature; see make_credit_applications' docstring.
_INTERCEPT, _PRIOR_SHIFT = -2.1, 1.1
_COEF = {"log_income": -1.2, "log_loan": 0.5, "history": -0.7, "accounts": 0.5,
         "term": 0.3, "age": -0.2, "partner": 0.3}

# The effects the generator knows how to inject, by (kind, features).
_EFFECTS = {
    ("covariate", ("income",)): "income_shock",
    ("covariate", ("channel",)): "channel_shift",
    ("prior", ("default",)): "prior_shift",
    ("concept", ("credit_history_years", "num_open_accounts")): "history_flip",
}


def _draw_features(rng, n, effects):
    income_factor = _INCOME_SHOCK if "income_shock" in effects else 1.0
    channel_p = _CHANNEL_P_SHIFTED if "channel_shift" in effects else _CHANNEL_P
    # The draw order is fixed and no parameter changes how many numbers a draw uses,
    # so a feature without an event is bit-for-bit the draw it would be without drift.
    return pd.DataFrame({
        "age": np.clip(np.rint(rng.normal(40, 12, n)), 18, 75).astype("int64"),
        "income": np.round(rng.lognormal(np.log(_INCOME_MEDIAN), _INCOME_SIGMA, n)
                           * income_factor, 2),
        "loan_amount": np.round(rng.lognormal(np.log(_LOAN_MEDIAN), _LOAN_SIGMA, n), 2),
        "loan_term": rng.choice(np.array(_TERMS, dtype="int64"), size=n, p=_TERM_P),
        "credit_history_years": np.round(rng.gamma(2.0, 3.0, n), 2),
        "num_open_accounts": rng.poisson(3.0, n).astype("int64"),
        "channel": rng.choice(_CHANNELS, size=n, p=channel_p),
        "region": rng.choice(_REGIONS, size=n, p=_REGION_P),
    })


def _default_logit(frame, effects):
    intercept = _INTERCEPT + (_PRIOR_SHIFT if "prior_shift" in effects else 0.0)
    sign = -1.0 if "history_flip" in effects else 1.0
    c = _COEF
    return (intercept
            + c["log_income"] * (np.log(frame["income"]) - np.log(_INCOME_MEDIAN))
            + c["log_loan"] * (np.log(frame["loan_amount"]) - np.log(_LOAN_MEDIAN))
            + sign * c["history"] * (frame["credit_history_years"] - 6.0) / 4.0
            + sign * c["accounts"] * (frame["num_open_accounts"] - 3.0) / 1.7
            + c["term"] * (frame["loan_term"] - 36) / 24
            + c["age"] * (frame["age"] - 40) / 12
            + c["partner"] * (frame["channel"] == "partner"))


def _draw_period(rng, n, effects):
    frame = _draw_features(rng, n, effects)
    probability = 1.0 / (1.0 + np.exp(-_default_logit(frame, effects).to_numpy()))
    frame["default"] = (rng.random(n) < probability).astype("int64")
    for column in ("channel", "region"):
        frame[column] = frame[column].astype(str)
    return frame


def _check_schedule(schedule):
    try:
        events = tuple(schedule)
    except TypeError:
        raise TypeError(f"`schedule` must be a tuple of DriftEvent, got {schedule!r}.") from None
    supported = [f"{kind} {list(features)}" for kind, features in _EFFECTS]
    seen = set()
    for event in events:
        if not isinstance(event, DriftEvent):
            raise TypeError(f"`schedule` must hold DriftEvent objects, got {event!r}.")
        key = (event.kind, event.features)
        if key not in _EFFECTS:
            raise ValueError(f"`schedule` has an event the generator cannot inject: "
                             f"{event.kind} {list(event.features)}; supported: {supported}.")
        if key in seen:
            raise ValueError(f"`schedule` lists {event.kind} {list(event.features)} twice.")
        seen.add(key)
    return events


def _effects_in_force(schedule, month):
    return frozenset(_EFFECTS[(e.kind, e.features)] for e in schedule if e.month <= month)


def make_credit_applications(*, seed=0, n_reference=2000, n_per_month=1000, n_months=12,
                             schedule=CREDIT_DRIFT_SCHEDULE) -> CreditData:
    """Draw synthetic credit applications with drift injected at documented months.

    A reference (training) period and ``n_months`` monthly production batches are drawn
    from one process. Each event of ``schedule`` changes that process from its month on
    and stays in force afterwards; every feature and month an event does not touch is
    drawn from exactly the reference's distribution. With the default schedule
    (``CREDIT_DRIFT_SCHEDULE``):

    ========  =========  ==================================================================
    month     kind       change
    ========  =========  ==================================================================
    4         covariate  ``income`` x 0.75 (a 25% fall; PSI about 0.5)
    6         covariate  ``channel`` shares branch/web/app/partner .40/.30/.20/.10 ->
                         .25/.30/.40/.05
    8         prior      score intercept +1.1: the default rate roughly doubles (about
                         19% -> 37%); no feature changes
    10        concept    the coefficients of ``credit_history_years`` and
                         ``num_open_accounts`` flip sign; their distributions and the
                         default rate stay the same
    ========  =========  ==================================================================

    Columns (reference distributions): ``age`` int, normal(40, 12) rounded and clipped
    to 18..75; ``income`` float, monthly income in BRL, lognormal with median 4,000 and
    log-sd 0.4; ``loan_amount`` float, BRL, lognormal with median 15,000 and log-sd 0.7;
    ``loan_term`` int months, 12/24/36/48/60 with probabilities .15/.25/.30/.15/.15;
    ``credit_history_years`` float, gamma(shape 2, scale 3); ``num_open_accounts`` int,
    Poisson(3); ``channel`` str, branch/web/app/partner; ``region`` str,
    N/NE/CO/SE/S with probabilities .08/.27/.08/.42/.15; ``default`` int 0/1.

    The label is Bernoulli(1 / (1 + exp(-score))) with the score ::

        -2.1 - 1.2 (ln income - ln 4000) + 0.5 (ln loan_amount - ln 15000)
             - 0.7 (credit_history_years - 6) / 4 + 0.5 (num_open_accounts - 3) / 1.7
             + 0.3 (loan_term - 36) / 24 - 0.2 (age - 40) / 12 + 0.3 [channel = partner]

    which gives a default rate of about 15% in the reference.

    Parameters
    ----------
    seed : int, default=0
        Seed of ``numpy.random.default_rng``; each period draws from its own child
        stream, so a month's batch does not depend on ``n_months`` or ``n_reference``.
    n_reference : int, default=2000
        Rows of the reference period.
    n_per_month : int, default=1000
        Rows of each monthly batch.
    n_months : int, default=12
        Number of monthly batches (>= 1).
    schedule : tuple of DriftEvent, default=CREDIT_DRIFT_SCHEDULE
        The events to inject. Only the four (kind, features) pairs of the default
        schedule are supported (their months may change, and ``()`` gives data without
        drift); the magnitudes are fixed.

    Returns
    -------
    CreditData
        ``reference``, ``batches`` (month 1..n_months -> frame) and ``schedule``.

    Raises
    ------
    TypeError, ValueError
        When an argument has the wrong type or value; the message names it.

    Examples
    --------
    >>> data = make_credit_applications(seed=0, n_months=3)
    >>> data.reference.shape, sorted(data.batches), data.batches[1].shape
    ((2000, 9), [1, 2, 3], (1000, 9))
    >>> [event.month for event in data.schedule]
    [4, 6, 8, 10]
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"`seed` must be an integer, got {seed!r}.")
    if seed < 0:
        raise ValueError(f"`seed` must be >= 0, got {seed}.")
    n_reference = check_positive_int(n_reference, "n_reference")
    n_per_month = check_positive_int(n_per_month, "n_per_month")
    n_months = check_positive_int(n_months, "n_months")
    events = _check_schedule(schedule)
    streams = np.random.default_rng(int(seed)).spawn(n_months + 1)
    reference = _draw_period(streams[0], n_reference, frozenset())
    batches = {month: _draw_period(streams[month], n_per_month,
                                   _effects_in_force(events, month))
               for month in range(1, n_months + 1)}
    return CreditData(reference=reference, batches=batches, schedule=events)



# ----------------------------------------------------------------------------------------
# Fairness data (lesson 03)
# ----------------------------------------------------------------------------------------

#: Columns of the UCI Adult files (see ``datasets/adult.names``).
ADULT_COLUMNS = ("age", "workclass", "fnlwgt", "education", "education_num", "marital_status",
                 "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
                 "hours_per_week", "native_country", "income")


def load_adult(*, split="train"):
    """The UCI Adult census extract (1994; Becker & Kohavi 1996; CC BY 4.0).

    Parameters
    ----------
    split : {"train", "test"}, default="train"
        32,561 or 16,281 rows.

    Returns
    -------
    pandas.DataFrame
        The 15 columns of ``ADULT_COLUMNS`` (``?`` read as missing) plus ``high_income``
        (1 when income is above 50K a year). ``sex`` and ``race`` are the sensitive
        attributes used in lesson 03.

    Examples
    --------
    >>> load_adult()[["sex", "high_income"]].shape
    (32561, 2)
    """
    files = {"train": ("adult.data.gz", 0), "test": ("adult.test.gz", 1)}
    if split not in files:
        raise ValueError(f"`split` must be 'train' or 'test', got {split!r}.")
    name, skip = files[split]
    frame = pd.read_csv(verify_file(name), header=None, names=list(ADULT_COLUMNS),
                        skiprows=skip, skipinitialspace=True, na_values="?",
                        compression="gzip")
    frame["income"] = frame["income"].str.rstrip(".")
    frame["high_income"] = (frame["income"] == ">50K").astype(int)
    return frame


#: Columns of the Statlog German Credit file, in order (the last is the label).
GERMAN_COLUMNS = ("checking_status", "duration_months", "credit_history", "purpose",
                  "credit_amount", "savings", "employment_since", "installment_rate",
                  "personal_status_sex", "other_debtors", "residence_since", "property",
                  "age", "other_installment_plans", "housing", "existing_credits", "job",
                  "people_liable", "telephone", "foreign_worker", "label")


def load_german_credit():
    """Statlog German Credit (Hofmann 1994; CC BY 4.0), 1,000 applicants.

    Returns
    -------
    pandas.DataFrame
        The 21 coded columns of ``GERMAN_COLUMNS`` plus ``good_credit`` (1 = good),
        ``age_group`` ("under 25" / "25 and over") and ``sex`` decoded from
        ``personal_status_sex``. Caveat: that attribute mixes marital status and sex, and
        code A95 (single female) never occurs, so "female" is A92 only (Groemping 2019).

    Examples
    --------
    >>> frame = load_german_credit()
    >>> frame.shape[0], sorted(frame["sex"].unique())
    (1000, ['female', 'male'])
    """
    frame = pd.read_csv(verify_file("german.data"), sep=" ", header=None,
                        names=list(GERMAN_COLUMNS))
    frame["good_credit"] = (frame["label"] == 1).astype(int)
    frame["age_group"] = np.where(frame["age"] < 25, "under 25", "25 and over")
    frame["sex"] = np.where(frame["personal_status_sex"].isin(["A92", "A95"]), "female", "male")
    return frame


#: Log-odds penalty applied to group B's historical approvals by default.
BIASED_CREDIT_PENALTY = 1.0


def make_biased_credit(*, seed=0, n=4000, penalty=BIASED_CREDIT_PENALTY, share_b=0.4):
    """Synthetic loan decisions with a documented historical bias against group B.

    Each applicant has a ``group`` ("A" or "B"), ``income`` (BRL per month),
    ``debt_ratio`` and ``years_employed``, drawn from the SAME distributions in both
    groups, and a true ability to repay (``repaid``). The historical label
    ``approved`` is what past analysts decided: the same score for everyone, minus
    ``penalty`` log-odds for group B. A model trained on ``approved`` learns the bias;
    a fair metric should find a selection-rate gap of about the size the penalty causes,
    and ``penalty=0`` gives none.

    Examples
    --------
    >>> frame = make_biased_credit(seed=0)
    >>> rates = frame.groupby("group")["approved"].mean()
    >>> bool(rates["A"] - rates["B"] > 0.1)
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"`seed` must be an integer, got {seed!r}.")
    n = check_positive_int(n, "n", minimum=10)
    if not 0 < share_b < 1:
        raise ValueError(f"`share_b` must be in (0, 1), got {share_b}.")
    rng = np.random.default_rng(int(seed))
    group = np.where(rng.random(n) < share_b, "B", "A")
    income = np.round(rng.lognormal(np.log(3500), 0.5, n), 2)
    debt = np.round(rng.beta(2, 5, n), 3)
    years = rng.poisson(5, n)
    score = (1.2 * (np.log(income) - np.log(3500)) - 3.0 * (debt - 0.28)
             + 0.1 * (years - 5) + 0.4)
    repaid = (rng.random(n) < 1 / (1 + np.exp(-score))).astype(int)
    historical = score - penalty * (group == "B")
    approved = (rng.random(n) < 1 / (1 + np.exp(-historical))).astype(int)
    return pd.DataFrame({"group": group, "income": income, "debt_ratio": debt,
                         "years_employed": years, "repaid": repaid, "approved": approved})
