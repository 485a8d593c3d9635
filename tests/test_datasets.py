"""Shipped data and the seeded generator: integrity, loading, and injected drift."""

import hashlib
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from mlopskit import datasets
from mlopskit.datasets import (
    BIKESHARE_MONTHS,
    CREDIT_DRIFT_SCHEDULE,
    DatasetIntegrityError,
    DriftEvent,
    bikeshare_monthly_batches,
    load_bikeshare,
    make_credit_applications,
    verify_file,
)

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
BIKE = "bikeshare_2011_hourly.csv"

# SHA-256 values copied literally from the upstream record of the offline data
# (shared/datasets/PROVENANCE.md), so a re-exported or edited copy cannot pass.
PUBLISHED_SHA256 = {
    BIKE: "ac6950ae6f11efcc69c29d6bb13e8881c001e27d36434660d59444a1414f712c",
    "adult.data.gz": "0929e9d9c7845175493be1a8fd071b8e746a6b9f66d8bf359daabaac44713023",
    "adult.test.gz": "fcd5bcc9b18515fd2fd314e2bbd8444263ad0f2a0e638c060c34b0151555aaa2",
    "adult.names": "c248284c0b5de30c9e1958d6cdd168a34a654758b620e68f46aefa83fc0a576a",
    "german.data": "b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871",
}
DATASHEETS = {BIKE: "bikeshare_2011.md", "adult.data.gz": "adult.md", "adult.test.gz": "adult.md",
              "adult.names": "adult.md", "german.data": "german_credit.md"}
DOIS = {"bikeshare_2011.md": "10.24432/C5W894", "adult.md": "10.24432/C5XW20",
        "german_credit.md": "10.24432/C5NC77"}
PROVENANCE = ROOT.parent / "shared" / "datasets" / "PROVENANCE.md"


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- integrity -----------

def test_shipped_files_match_their_published_checksums():
    listed = {}
    for line in (DATASETS / "CHECKSUMS.sha256").read_text().splitlines():
        digest, name = line.split()
        listed[name] = digest
    shipped = {p.name for p in DATASETS.iterdir()
               if p.is_file() and p.suffix != ".md" and p.name != "CHECKSUMS.sha256"}
    assert set(listed) == shipped == set(PUBLISHED_SHA256)
    for name, digest in PUBLISHED_SHA256.items():
        assert listed[name] == digest
        assert _sha256(DATASETS / name) == digest
        sheet = (DATASETS / DATASHEETS[name]).read_text()
        assert digest in sheet and "CC BY 4.0" in sheet and DOIS[DATASHEETS[name]] in sheet
    assert (DATASETS / "credit_applications.md").exists()


def test_published_checksums_are_those_of_the_provenance_record():
    if not PROVENANCE.exists():
        pytest.skip("the shared provenance record is not beside this checkout")
    text = PROVENANCE.read_text()
    for name, digest in PUBLISHED_SHA256.items():
        assert re.search(rf"^{digest}\s+{re.escape(name)}$", text, flags=re.M)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the data folder, selected through MLOPSKIT_DATA_DIR."""
    folder = tmp_path / "data"
    shutil.copytree(DATASETS, folder)
    monkeypatch.setenv("MLOPSKIT_DATA_DIR", str(folder))
    return folder


def test_data_dir_is_resolved_at_call_time(data_copy, monkeypatch):
    assert datasets.data_dir() == data_copy == datasets.DATA_DIR
    assert verify_file(BIKE) == data_copy / BIKE
    monkeypatch.delenv("MLOPSKIT_DATA_DIR")
    assert datasets.data_dir() == DATASETS


def test_missing_file_is_named_with_how_to_restore_it(data_copy):
    (data_copy / BIKE).unlink()
    with pytest.raises(DatasetIntegrityError, match=rf"{re.escape(str(data_copy / BIKE))} "
                       rf"is missing.*git checkout -- datasets/{BIKE}"):
        load_bikeshare()


@pytest.mark.parametrize("alter", ["same size", "truncated"])
def test_altered_file_is_named_with_both_digests(data_copy, alter):
    path = data_copy / BIKE
    text = path.read_text()
    if alter == "same size":
        text = text.replace("clear", "sunny", 1)
    else:
        text = text[: len(text) // 2]
    path.write_text(text)
    with pytest.raises(DatasetIntegrityError) as caught:
        load_bikeshare()
    message = str(caught.value)
    assert BIKE in message and "altered or truncated" in message
    assert PUBLISHED_SHA256[BIKE] in message and _sha256(path) in message


def test_digest_is_cached_until_the_file_changes(data_copy, monkeypatch):
    calls = []
    real = datasets._sha256
    monkeypatch.setattr(datasets, "_sha256", lambda p: calls.append(p) or real(p))
    verify_file(BIKE)
    verify_file(BIKE)
    assert len(calls) == 1
    path = data_copy / BIKE
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DatasetIntegrityError, match="altered or truncated"):
        verify_file(BIKE)
    assert len(calls) == 2


def test_checksum_list_problems_are_integrity_errors(data_copy):
    (data_copy / "extra.csv").write_text("a\n1\n")
    with pytest.raises(DatasetIntegrityError, match="extra.csv has no entry"):
        verify_file("extra.csv")
    (data_copy / "CHECKSUMS.sha256").unlink()
    with pytest.raises(DatasetIntegrityError, match="CHECKSUMS.sha256 is missing"):
        verify_file(BIKE)
    with pytest.raises(ValueError, match="`name`"):
        verify_file("../datasets/" + BIKE)


# ---------------------------------------------------------------- bike sharing --------

def test_load_bikeshare_shape_and_dtypes():
    frame = load_bikeshare()
    assert frame.shape == (8645, 15)
    assert list(frame.columns[:4]) == ["season", "mnth", "day", "hr"]
    assert isinstance(frame["mnth"].dtype, pd.CategoricalDtype) and frame["mnth"].cat.ordered
    assert tuple(frame["mnth"].cat.categories) == BIKESHARE_MONTHS
    assert isinstance(frame["weathersit"].dtype, pd.CategoricalDtype)
    assert not frame["weathersit"].cat.ordered
    assert frame["hr"].dtype == np.int64 and frame["hr"].between(0, 23).all()
    assert frame["bikers"].eq(frame["casual"] + frame["registered"]).all()
    assert not frame.isna().any().any()


def test_load_bikeshare_month_filter():
    frame = load_bikeshare(months=["Jan", "Feb"])
    assert frame["mnth"].unique().tolist() == ["Jan", "Feb"] and len(frame) == 688 + 649
    assert frame.index.equals(pd.RangeIndex(len(frame)))
    assert len(load_bikeshare(months="Sept")) == 717


def test_load_bikeshare_bad_months():
    with pytest.raises(ValueError, match=r"unknown month\(s\) \['January', 'Mar'\].*"
                                         r"'Jan', 'Feb', 'March'"):
        load_bikeshare(months=["January", "Feb", "Mar"])
    with pytest.raises(ValueError, match="`months` is empty"):
        load_bikeshare(months=[])
    with pytest.raises(TypeError, match="`months`"):
        load_bikeshare(months=3)
    with pytest.raises(TypeError):
        load_bikeshare(["Jan"])  # keyword-only


def test_monthly_batches_cover_the_year_in_calendar_order():
    batches = bikeshare_monthly_batches()
    assert list(batches) == list(BIKESHARE_MONTHS)
    assert sum(len(batch) for batch in batches.values()) == 8645
    for month, batch in batches.items():
        assert (batch["mnth"] == month).all()
        assert batch.index.equals(pd.RangeIndex(len(batch)))
    whole = pd.concat(batches.values(), ignore_index=True)
    pd.testing.assert_frame_equal(whole, load_bikeshare())
    # The real seasonal drift the lessons use: summer is warmer and busier than January.
    assert batches["July"]["temp"].mean() > batches["Jan"]["temp"].mean() + 0.5
    assert batches["June"]["bikers"].mean() > 3 * batches["Jan"]["bikers"].mean()


# ---------------------------------------------------------------- generator -----------

NUMERIC = ["age", "income", "loan_amount", "loan_term", "credit_history_years",
           "num_open_accounts"]
CATEGORICAL = ["channel", "region"]
FEATURES = NUMERIC + CATEGORICAL


def _frames(data):
    return [data.reference, *data.batches.values()]


def test_generator_is_deterministic_and_seed_dependent():
    a, b = make_credit_applications(seed=3), make_credit_applications(seed=3)
    for x, y in zip(_frames(a), _frames(b), strict=True):
        pd.testing.assert_frame_equal(x, y)
    c = make_credit_applications(seed=4)
    assert not a.reference.equals(c.reference)
    assert not any(a.batches[m].equals(c.batches[m]) for m in a.batches)
    # A month's batch does not depend on how many months were asked for.
    short = make_credit_applications(seed=3, n_months=5)
    pd.testing.assert_frame_equal(short.batches[5], a.batches[5])


def test_generator_columns_types_and_ranges():
    data = make_credit_applications(seed=0)
    assert data.schedule == CREDIT_DRIFT_SCHEDULE
    assert data.reference.shape == (2000, 9) and sorted(data.batches) == list(range(1, 13))
    for frame in _frames(data):
        assert list(frame.columns) == FEATURES + ["default"]
        assert frame.dtypes.equals(data.reference.dtypes)
        for col in ("age", "loan_term", "num_open_accounts", "default"):
            assert frame[col].dtype == np.int64
        assert frame["age"].between(18, 75).all()
        assert (frame["income"] > 0).all() and (frame["loan_amount"] > 0).all()
        assert set(frame["loan_term"]) <= {12, 24, 36, 48, 60}
        assert (frame["credit_history_years"] >= 0).all()
        assert (frame["num_open_accounts"] >= 0).all()
        assert set(frame["channel"]) == {"branch", "web", "app", "partner"}
        assert set(frame["region"]) == {"N", "NE", "CO", "SE", "S"}
        assert set(frame["default"]) == {0, 1}
    assert 0.12 < data.reference["default"].mean() < 0.18


@pytest.mark.parametrize(("kwargs", "error", "name"), [
    ({"n_months": 0}, ValueError, "n_months"),
    ({"n_reference": -5}, ValueError, "n_reference"),
    ({"n_per_month": 2.5}, TypeError, "n_per_month"),
    ({"seed": "zero"}, TypeError, "seed"),
    ({"seed": -1}, ValueError, "seed"),
    ({"schedule": ("income",)}, TypeError, "schedule"),
    ({"schedule": (DriftEvent(3, "covariate", ("age",), "older"),)}, ValueError, "schedule"),
])
def test_generator_validates_arguments(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        make_credit_applications(**kwargs)


def test_drift_events_are_validated():
    with pytest.raises(ValueError, match="`kind`"):
        DriftEvent(4, "seasonal", ("income",), "")
    with pytest.raises(ValueError, match="`month`"):
        DriftEvent(0, "prior", ("default",), "")
    with pytest.raises(TypeError):
        make_credit_applications(0)  # keyword-only


def test_an_empty_schedule_gives_data_without_drift():
    data = make_credit_applications(seed=0, schedule=())
    assert data.schedule == ()
    late = pd.concat([data.batches[m] for m in (10, 11, 12)])
    assert abs(late["default"].mean() - data.reference["default"].mean()) < 0.04


def _p_value(reference, current, column):
    """KS for numeric columns, chi-square on the 2 x k table of counts for the others."""
    if column in NUMERIC:
        return stats.ks_2samp(reference[column], current[column]).pvalue
    table = pd.concat([reference[column].value_counts(), current[column].value_counts()],
                      axis=1).fillna(0).T.to_numpy()
    return stats.chi2_contingency(table).pvalue


ALPHA = 0.001
INJECTED = ({("income", m) for m in range(4, 13)}
            | {("channel", m) for m in range(6, 13)})


def _p_values(data):
    return {(col, month): _p_value(data.reference, batch, col)
            for month, batch in data.batches.items() for col in FEATURES}


@pytest.mark.parametrize("seed", range(6))
def test_drift_is_found_where_the_schedule_puts_it_and_nowhere_else(seed):
    """Reference vs each month, feature by feature, with scipy's own tests.

    Every injected (feature, month) has p < 0.001 (in fact p < 1e-20). Each seed also
    makes 80 comparisons where nothing was injected; there p is uniform, so at 0.001
    about one seed in 20 shows a chance false alarm whatever the sample sizes (seed 4
    does, on num_open_accounts in month 9). For those cells the test therefore uses the
    Bonferroni level 0.001 / 80: a family-wise false-alarm rate of 0.1% per seed.
    """
    p = _p_values(make_credit_applications(seed=seed))
    null = [cell for cell in p if cell not in INJECTED]
    assert len(null) == 80
    assert all(p[cell] < ALPHA for cell in INJECTED)
    assert [cell for cell in null if p[cell] < ALPHA / len(null)] == []


def test_lesson_seed_flags_exactly_the_schedule_at_alpha_0001():
    """The lesson's seed, at the plain level a learner would use: no false alarm."""
    p = _p_values(make_credit_applications(seed=0))
    assert {cell for cell, value in p.items() if value < ALPHA} == INJECTED
    assert [e.month for e in CREDIT_DRIFT_SCHEDULE] == [4, 6, 8, 10]


def _psi(reference, current, bins=10):
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -np.inf, np.inf
    ref = np.maximum(np.histogram(reference, edges)[0] / len(reference), 1e-4)
    cur = np.maximum(np.histogram(current, edges)[0] / len(current), 1e-4)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


@pytest.mark.parametrize("seed", range(6))
def test_income_shift_is_significant_by_psi(seed):
    data = make_credit_applications(seed=seed)
    psi = {m: _psi(data.reference["income"], b["income"]) for m, b in data.batches.items()}
    assert all(psi[m] < 0.1 for m in (1, 2, 3))
    assert all(psi[m] >= 0.25 for m in range(4, 13))
    ratio = [b["income"].median() / data.reference["income"].median()
             for m, b in data.batches.items() if m >= 4]
    assert 0.68 < min(ratio) and max(ratio) < 0.82


def _rate(data, months):
    return pd.concat([data.batches[m] for m in months])["default"].mean()


@pytest.mark.parametrize("seed", range(3))
def test_prior_shift_doubles_the_default_rate_from_month_8(seed):
    data = make_credit_applications(seed=seed)
    before, after = _rate(data, (5, 6, 7)), _rate(data, (8, 9))
    assert 1.6 < after / before < 2.4
    # Under H0 "month 8-9 default no more than 1.4 x before", 2,000 rows reject it.
    defaults = int(pd.concat([data.batches[m] for m in (8, 9)])["default"].sum())
    assert stats.binomtest(defaults, 2000, 1.4 * before, alternative="greater").pvalue < ALPHA
    # The concept drift of month 10 leaves the rate where the prior shift put it.
    assert abs(_rate(data, (10, 11, 12)) - after) < 0.05


def _reference_model(reference):
    model = make_pipeline(
        make_column_transformer((StandardScaler(), NUMERIC), (OneHotEncoder(), CATEGORICAL)),
        LogisticRegression(),
    )
    return model.fit(reference[FEATURES], reference["default"])


@pytest.mark.parametrize("seed", range(3))
def test_concept_drift_breaks_a_reference_model_from_month_10(seed):
    data = make_credit_applications(seed=seed)
    model = _reference_model(data.reference)
    auc, loss = {}, {}
    for month, batch in data.batches.items():
        prob = model.predict_proba(batch[FEATURES])[:, 1]
        auc[month], loss[month] = roc_auc_score(batch["default"], prob), log_loss(
            batch["default"], prob)
    early, late = range(1, 10), range(10, 13)
    assert max(auc[m] for m in late) < min(auc[m] for m in early) - 0.15
    assert min(loss[m] for m in late) > max(loss[m] for m in early) + 0.05

    cols = ["credit_history_years", "num_open_accounts"]
    recent = pd.concat([data.batches[m] for m in late])

    def coef(frame):
        return LogisticRegression().fit(frame[cols], frame["default"]).coef_[0]

    before, after = coef(data.reference), coef(recent)
    assert before[0] < 0 < after[0] and before[1] > 0 > after[1]


def test_undrifted_features_keep_their_distribution_in_large_samples():
    """With 50,000 rows per period a small unintended change would show up."""
    data = make_credit_applications(seed=11, n_reference=50_000, n_per_month=50_000,
                                    n_months=10)
    untouched = {"income": (1, 3), "channel": (1, 5)}
    for col in FEATURES:
        for month in untouched.get(col, (1, 7, 10)):
            p = _p_value(data.reference, data.batches[month], col)
            assert p > 1e-4, (col, month, p)
    # The concept change keeps the marginals and the default rate of month 9.
    assert abs(data.batches[10]["default"].mean() - data.batches[9]["default"].mean()) < 0.02



# ---------------------------------------------------------------- fairness data --------
def test_adult_loads_both_splits_with_clean_labels():
    from mlopskit.datasets import load_adult

    train, test = load_adult(), load_adult(split="test")
    assert train.shape == (32561, 16) and test.shape == (16281, 16)
    assert set(train["income"]) == set(test["income"]) == {"<=50K", ">50K"}
    assert train["workclass"].isna().sum() > 0  # "?" is missing, not a category
    assert 0.2 < train["high_income"].mean() < 0.3
    with pytest.raises(ValueError, match="split"):
        load_adult(split="validation")


def test_german_credit_decodes_sex_with_its_caveat():
    from mlopskit.datasets import load_german_credit

    frame = load_german_credit()
    assert frame.shape == (1000, 24) and frame["good_credit"].mean() == 0.7
    assert (frame["personal_status_sex"] == "A95").sum() == 0
    assert (frame["sex"] == "female").sum() == (frame["personal_status_sex"] == "A92").sum()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_biased_credit_injects_exactly_the_documented_gap(seed):
    from mlopskit.datasets import make_biased_credit

    biased = make_biased_credit(seed=seed, n=20000)
    fair = make_biased_credit(seed=seed, n=20000, penalty=0.0)
    gap = biased.groupby("group")["approved"].mean()
    assert gap["A"] - gap["B"] > 0.15
    fair_gap = fair.groupby("group")["approved"].mean()
    assert abs(fair_gap["A"] - fair_gap["B"]) < 0.03
    repaid = biased.groupby("group")["repaid"].mean()
    assert abs(repaid["A"] - repaid["B"]) < 0.03  # ability to repay does not differ
