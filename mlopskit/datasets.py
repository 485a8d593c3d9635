"""Offline data for the lessons: checksum-verified files and seeded generators.

Nothing is downloaded. Real data ships in the repository's ``datasets/`` folder with a
datasheet each, and is verified against ``datasets/CHECKSUMS.sha256`` on every load;
synthetic data comes from seeded generators whose injected drift is documented, so a
lesson (and a test) can check that a method finds exactly what was put in.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mlopskit._validation import check_positive_int

__all__ = [
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
]

BIKESHARE_FILE = "bikeshare_2011_hourly.csv"
#: Month labels as the Bike Sharing file spells them, in calendar order.
BIKESHARE_MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept",
                    "Oct", "Nov", "Dec")


class DatasetIntegrityError(RuntimeError):
    """A shipped data file is missing or differs from its recorded checksum."""


def data_dir():
    """The folder holding the data: ``$MLOPSKIT_DATA_DIR`` or the repository's ``datasets/``.

    Examples
    --------
    >>> (data_dir() / "CHECKSUMS.sha256").exists()
    True
    """
    env = os.environ.get("MLOPSKIT_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "datasets"


_DIGESTS = {}


def _recorded_digest(folder, name):
    sums = folder / "CHECKSUMS.sha256"
    if not sums.exists():
        raise DatasetIntegrityError(
            f"{sums} is missing: it ships in the repository's datasets/ folder "
            "(restore it with `git checkout -- datasets/CHECKSUMS.sha256`).")
    for line in sums.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("*") == name:
            return parts[0]
    raise DatasetIntegrityError(f"{name} has no entry in {sums}.")


def verify_file(name):
    """Check a shipped data file against its SHA-256 and return its path.

    Raises
    ------
    DatasetIntegrityError
        When the file is missing or its content differs from the recorded checksum.

    Examples
    --------
    >>> verify_file("bikeshare_2011_hourly.csv").name
    'bikeshare_2011_hourly.csv'
    """
    folder = data_dir()
    path = folder / name
    if not path.exists():
        raise DatasetIntegrityError(
            f"data file {path} is missing: it ships in the repository's datasets/ folder "
            f"(restore it with `git checkout -- datasets/{name}`).")
    expected = _recorded_digest(folder, name)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    actual = _DIGESTS.get(key)
    if actual is None:
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        _DIGESTS[key] = actual
    if actual != expected:
        raise DatasetIntegrityError(
            f"data file {path} was altered or truncated: its SHA-256 is {actual}, "
            f"expected {expected}. Restore it with `git checkout -- datasets/{name}`.")
    return path


def load_bikeshare(*, months=None):
    """Hourly Capital Bikeshare rentals of 2011 (Fanaee-T & Gama, 2013; CC BY 4.0).

    Parameters
    ----------
    months : list of str, optional
        Month labels to keep (see ``BIKESHARE_MONTHS``); all when None.

    Returns
    -------
    pandas.DataFrame
        8,645 rows when unfiltered. ``mnth`` is an ordered categorical (Jan..Dec),
        ``weathersit`` a categorical, ``hr`` an integer hour.

    Examples
    --------
    >>> load_bikeshare(months=["Jan"])["mnth"].unique().tolist()
    ['Jan']
    """
    frame = pd.read_csv(verify_file(BIKESHARE_FILE))
    frame["mnth"] = pd.Categorical(frame["mnth"], categories=BIKESHARE_MONTHS, ordered=True)
    frame["weathersit"] = frame["weathersit"].astype("category")
    frame["hr"] = frame["hr"].astype(int)
    if months is not None:
        if isinstance(months, str):
            months = [months]
        unknown = [m for m in months if m not in BIKESHARE_MONTHS]
        if unknown:
            raise ValueError(f"unknown month(s) {unknown}; valid months are "
                             f"{list(BIKESHARE_MONTHS)}.")
        frame = frame[frame["mnth"].isin(months)].reset_index(drop=True)
    return frame


def bikeshare_monthly_batches():
    """The Bike Sharing data split by month, in calendar order.

    Examples
    --------
    >>> list(bikeshare_monthly_batches())[:3]
    ['Jan', 'Feb', 'March']
    """
    frame = load_bikeshare()
    return {m: frame[frame["mnth"] == m].reset_index(drop=True) for m in BIKESHARE_MONTHS}


@dataclass(frozen=True)
class DriftEvent:
    """A change injected into the synthetic credit data, in force from ``month`` on."""

    month: int
    kind: str  # "covariate", "prior" or "concept"
    features: tuple
    description: str


@dataclass(frozen=True)
class CreditData:
    """A reference period, monthly production batches, and what was injected where."""

    reference: pd.DataFrame
    batches: dict
    schedule: tuple


#: What :func:`make_credit_applications` injects by default.
CREDIT_DRIFT_SCHEDULE = (
    DriftEvent(4, "covariate", ("income",),
               "incomes fall by 30% (an economic shock); the link from income to default "
               "is unchanged"),
    DriftEvent(6, "covariate", ("channel",),
               "the app becomes the main channel (app 40%, branch 25%, partner 5%)"),
    DriftEvent(8, "prior", ("default",),
               "the default rate roughly doubles for every profile (label intercept +0.9); "
               "no feature changes"),
    DriftEvent(10, "concept", ("credit_history_years", "num_open_accounts"),
               "a longer credit history and more open accounts now go with MORE defaults "
               "(their coefficients flip sign); their distributions do not change"),
)

_CHANNELS = ("branch", "web", "app", "partner")
_REGIONS = ("N", "NE", "CO", "SE", "S")
_TERMS = (12, 24, 36, 48, 60)


def _draw(rng, n, month, schedule):
    active = {e.kind + ":" + ",".join(e.features) for e in schedule if e.month <= month}
    income_factor = 0.70 if "covariate:income" in active else 1.0
    channel_p = ((0.25, 0.30, 0.40, 0.05) if "covariate:channel" in active
                 else (0.40, 0.30, 0.20, 0.10))
    frame = pd.DataFrame({
        "age": np.clip(np.rint(rng.normal(40, 12, n)), 18, 75).astype(int),
        "income": np.round(rng.lognormal(np.log(4000), 0.6, n) * income_factor, 2),
        "loan_amount": np.round(rng.lognormal(np.log(15000), 0.7, n), 2),
        "loan_term": rng.choice(_TERMS, size=n, p=(0.15, 0.25, 0.30, 0.15, 0.15)),
        "credit_history_years": np.round(rng.gamma(2.0, 3.0, n), 2),
        "num_open_accounts": rng.poisson(3.0, n),
        "channel": rng.choice(_CHANNELS, size=n, p=channel_p),
        "region": rng.choice(_REGIONS, size=n, p=(0.08, 0.27, 0.08, 0.42, 0.15)),
    })
    intercept = -1.9 + (0.9 if "prior:default" in active else 0.0)
    flip = -1.0 if "concept:credit_history_years,num_open_accounts" in active else 1.0
    logit = (intercept
             - 0.8 * (np.log(frame["income"]) - np.log(4000))
             + 0.5 * (np.log(frame["loan_amount"]) - np.log(15000))
             - 0.7 * flip * (frame["credit_history_years"] - 6.0) / 4.0
             + 0.5 * flip * (frame["num_open_accounts"] - 3.0) / 1.7
             + 0.3 * (frame["loan_term"] - 36) / 24
             - 0.2 * (frame["age"] - 40) / 12
             + np.where(frame["channel"] == "partner", 0.3, 0.0))
    frame["default"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    for col in ("channel", "region"):
        frame[col] = frame[col].astype(str)
    return frame


def make_credit_applications(*, seed=0, n_reference=2000, n_per_month=1000, n_months=12,
                             schedule=CREDIT_DRIFT_SCHEDULE):
    """Synthetic credit applications with drift injected at documented months.

    The reference period and every monthly batch are drawn from the same process
    except for the events of ``schedule``, each in force from its month on.

    Parameters
    ----------
    seed : int, default=0
    n_reference : int, default=2000
        Rows of the reference (training) period.
    n_per_month : int, default=1000
        Rows of each monthly production batch.
    n_months : int, default=12
    schedule : tuple of DriftEvent, default=CREDIT_DRIFT_SCHEDULE

    Returns
    -------
    CreditData
        Columns: age, income (monthly, BRL), loan_amount, loan_term (months),
        credit_history_years, num_open_accounts, channel, region, default (0/1).

    Examples
    --------
    >>> data = make_credit_applications(seed=0, n_months=3)
    >>> data.reference.shape, sorted(data.batches)
    ((2000, 9), [1, 2, 3])
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"`seed` must be an integer, got {seed!r}.")
    n_reference = check_positive_int(n_reference, "n_reference")
    n_per_month = check_positive_int(n_per_month, "n_per_month")
    n_months = check_positive_int(n_months, "n_months")
    kinds = {"covariate", "prior", "concept"}
    for event in schedule:
        if not isinstance(event, DriftEvent) or event.kind not in kinds:
            raise ValueError(f"`schedule` must hold DriftEvent with kind in {sorted(kinds)}, "
                             f"got {event!r}.")
    root = np.random.SeedSequence(seed)
    streams = [np.random.default_rng(s) for s in root.spawn(n_months + 1)]
    reference = _draw(streams[0], n_reference, 0, schedule)
    batches = {m: _draw(streams[m], n_per_month, m, schedule) for m in range(1, n_months + 1)}
    return CreditData(reference, batches, tuple(schedule))
