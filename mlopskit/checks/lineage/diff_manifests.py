"""Task 3 of lesson 04_lineage: what changed between two snapshots (``lineage.diff_manifests``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.lineage:diff_manifests``; the notebook cells are ``diff_manifests-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.lineage import LESSON
from mlopskit.checks.lineage._common import encode_diff
from mlopskit.languages import bilingual as _about
from mlopskit.lineage import diff_manifests


def _diff_by_size(old, new):
    """Calls a file modified when its size changed: same-size edits slip through."""
    common = set(old) & set(new)
    return {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
            "modified": sorted(p for p in common if old[p]["size"] != new[p]["size"])}


def _diff_unsorted(old, new):
    """Lists paths in the order the manifests hold them, not sorted."""
    return {"added": [p for p in new if p not in old],
            "removed": [p for p in old if p not in new],
            "modified": [p for p in new if p in old and old[p]["digest"] != new[p]["digest"]]}


def _diff_by_content(old, new):
    """Matches files by content: a path is added or removed only when its digest is new or
    gone, so a renamed file disappears from the report."""
    old_digests = {e["digest"] for e in old.values()}
    new_digests = {e["digest"] for e in new.values()}
    return {"added": sorted(p for p in new if p not in old and new[p]["digest"] not in old_digests),
            "removed": sorted(p for p in old if p not in new
                              and old[p]["digest"] not in new_digests),
            "modified": sorted(p for p in set(old) & set(new)
                               if old[p]["digest"] != new[p]["digest"])}


def _diff_swapped(old, new):
    """Swaps the roles of old and new: added and removed come out exchanged."""
    result = diff_manifests(old, new)
    return {"added": result["removed"], "removed": result["added"],
            "modified": result["modified"]}


def _e(digest, size):
    return {"digest": digest, "size": size}


def _public_cases():
    base = {"raw/day.csv": _e("aa11", 120), "raw/hour.csv": _e("bb22", 900),
            "README.md": _e("cc33", 40)}
    return [
        Case("one-of-each", {"args": [base, {"raw/day.csv": _e("aa11", 120),
                                             "raw/hour.csv": _e("bb99", 950),
                                             "features/hour.parquet": _e("dd44", 300)}]},
             about=_about("um arquivo novo, um apagado e um alterado",
                          "one new file, one deleted and one changed")),
        Case("rename", {"args": [base, {"raw/day.csv": _e("aa11", 120),
                                        "raw/hourly.csv": _e("bb22", 900),
                                        "README.md": _e("cc33", 40)}]},
             about=_about("um arquivo renomeado, conteúdo igual",
                          "a renamed file, same content"),
             covers=("a rename",)),
        Case("same-size-edit", {"args": [base, {**base, "raw/hour.csv": _e("bb23", 900)}]},
             about=_about("conteúdo alterado, mesmo tamanho", "content changed, same size"),
             covers=("a change that keeps the size",)),
        Case("identical", {"args": [base, dict(base)]},
             about=_about("nada mudou", "nothing changed"), covers=("no change at all",)),
        Case("from-empty", {"args": [{}, base]},
             about=_about("o retrato antigo está vazio", "the old snapshot is empty"),
             covers=("an empty snapshot",)),
        Case("out-of-order", {"args": [{"z.csv": _e("01", 1), "b.csv": _e("02", 1)},
                                       {"y.csv": _e("03", 1), "a.csv": _e("04", 1),
                                        "m.csv": _e("05", 1)}]},
             about=_about("caminhos fora de ordem alfabética",
                          "paths out of alphabetical order"),
             covers=("paths given out of order",)),
    ]


def _probes():
    return [
        Case("probe-rename-and-copy", {"args": [{"a.csv": _e("11", 5)},
                                                {"b.csv": _e("11", 5), "c.csv": _e("11", 5)}]}),
    ]


def _hidden_cases(rng):
    names = [f"part-{i:02d}.csv" for i in range(12)]
    old = {}
    for name in rng.permutation(names)[:8]:
        old[str(name)] = _e(f"{int(rng.integers(0, 16**6)):06x}", int(rng.integers(1, 500)))
    new = {}
    for path, entry in old.items():
        roll = rng.random()
        if roll < 0.2:
            continue  # removed
        if roll < 0.35:
            new[path] = _e(entry["digest"][::-1] + "f", entry["size"])  # same size, new bytes
        elif roll < 0.45:
            new["renamed-" + path] = dict(entry)
        else:
            new[path] = dict(entry)
    for name in names:
        if name not in old and rng.random() < 0.3:
            new[name] = _e(f"{int(rng.integers(0, 16**6)):06x}", int(rng.integers(1, 500)))
    return [Case("hidden-0", {"args": [old, new]})]


SPEC = TaskSpec(
    lesson=LESSON,
    task="lineage.diff_manifests",
    number=3,
    name=_about("diferença entre retratos", "snapshot diff"),
    entry="diff_manifests",
    points=2,
    reference="mlopskit.lineage:diff_manifests",
    encode=encode_diff,
    protocol={"kind": "function", "immutable": True},
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Compare os dois manifestos pelos CAMINHOS: um caminho só no novo foi "
               "adicionado, só no antigo foi removido, nos dois com conteúdo diferente foi "
               "modificado. Uma renomeação é um caminho que sumiu e outro que apareceu.",
               "Compare the two manifests by PATH: a path only in the new one was added, only "
               "in the old one removed, in both with other content modified. A rename is a "
               "path that went away and another that appeared."),
        _about("Conteúdo diferente quer dizer digest diferente; o tamanho pode ser o mesmo. "
               "Conjuntos de chaves (`set(old) - set(new)`) resolvem as três listas; ordene "
               "cada uma.",
               "Other content means another digest; the size may be the same. Sets of keys "
               "(`set(old) - set(new)`) give the three lists; sort each one."),
        _about("`{'added': sorted(set(new) - set(old)), 'removed': sorted(set(old) - set(new)), "
               "'modified': sorted(p for p in set(old) & set(new) if old[p]['digest'] != "
               "new[p]['digest'])}`.",
               "`{'added': sorted(set(new) - set(old)), 'removed': sorted(set(old) - set(new)), "
               "'modified': sorted(p for p in set(old) & set(new) if old[p]['digest'] != "
               "new[p]['digest'])}`."),
    ],
    misconceptions=[
        Misconception("diff.by_size", _diff_by_size, _about(
            "Você decidiu 'modificado' comparando tamanhos: uma edição que mantém o tamanho "
            "(um dígito trocado) passa despercebida. Compare os digests.",
            "You decided 'modified' by comparing sizes: an edit that keeps the size (one digit "
            "changed) goes unnoticed. Compare the digests.")),
        Misconception("diff.unsorted", _diff_unsorted, _about(
            "Suas listas seguem a ordem dos dicionários; a tarefa pede cada lista ordenada, "
            "para que dois relatórios iguais sejam idênticos.",
            "Your lists follow the dictionaries' order; the task asks for each list sorted, so "
            "that two equal reports are identical.")),
        Misconception("diff.rename_invisible", _diff_by_content, _about(
            "Você casou arquivos pelo conteúdo: um arquivo renomeado (mesmo digest, outro "
            "caminho) some do relatório. Um manifesto compara caminhos: a renomeação aparece "
            "como removido + adicionado.",
            "You matched files by content: a renamed file (same digest, another path) "
            "vanishes from the report. A manifest compares paths: the rename shows as removed "
            "+ added.")),
        Misconception("diff.swapped", _diff_swapped, _about(
            "'added' e 'removed' estão trocados: o primeiro argumento é o retrato ANTIGO, o "
            "segundo o NOVO.",
            "'added' and 'removed' are swapped: the first argument is the OLD snapshot, the "
            "second the NEW one.")),
    ],
)
