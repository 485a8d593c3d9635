"""Task 2 of lesson 04_lineage: manifest of a folder (``lineage.manifest``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.lineage:manifest``; the notebook cells are ``manifest-*``.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.lineage import LESSON
from mlopskit.checks.lineage._common import encode_manifest, files
from mlopskit.languages import bilingual as _about
from mlopskit.lineage import DEFAULT_CHUNK_SIZE, file_digest


def _entry(path, algorithm, chunk_size):
    return {"digest": file_digest(path, algorithm=algorithm, chunk_size=chunk_size),
            "size": os.path.getsize(path)}


def _manifest_top_level(folder, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Lists the folder itself only: files in subfolders are missed."""
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            out[name] = _entry(path, algorithm, chunk_size)
    return out


def _manifest_basenames(folder, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Keys each file by its name alone: two files with the same name collide."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            out[path.name] = _entry(path, algorithm, chunk_size)
    return dict(sorted(out.items()))


def _manifest_characters(folder, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Gives the size as the number of characters of the text, not of bytes."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            entry = _entry(path, algorithm, chunk_size)
            entry["size"] = len(path.read_text(encoding="utf-8"))
            out[path.relative_to(folder).as_posix()] = entry
    return out


def _manifest_no_hidden(folder, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Lists files with glob('**'), which skips hidden files (names starting with '.')."""
    out = {}
    for name in sorted(glob.glob("**", root_dir=folder, recursive=True)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            out[Path(name).as_posix()] = _entry(path, algorithm, chunk_size)
    return out


def _public_cases():
    return [
        Case("nested", {"args": [files({"README.md": "# data\n", "raw/2011.csv": "a,b\n1,2\n",
                                        "raw/clean/2011.csv": "a,b\n1,2\n"})]},
             about=_about("arquivos em subpastas (dois com o mesmo conteúdo)",
                          "files in subfolders (two with the same content)"),
             covers=("files in subfolders", "two files with the same content")),
        Case("empty-folder", {"args": [files({})]},
             about=_about("uma pasta vazia", "an empty folder"), covers=("an empty folder",)),
        Case("empty-file-and-folder", {"args": [files({"empty.csv": "", "interim/": None,
                                                       "raw/a.csv": "x\n"})]},
             about=_about("um arquivo vazio e uma subpasta vazia",
                          "an empty file and an empty subfolder"),
             covers=("an empty file", "an empty subfolder")),
        Case("hidden-and-accents", {"args": [files({".dvcignore": "*.tmp\n",
                                                    "região.csv": "região,população\n"})]},
             about=_about("um arquivo oculto e texto com acentos",
                          "a hidden file and text with accents"),
             covers=("a hidden file", "non-ASCII content: bytes differ from characters")),
        Case("same-name-two-folders", {"args": [files({"2011/day.csv": "jan\n",
                                                       "2012/day.csv": "feb\n"})],
                                       "kwargs": {"algorithm": "md5"}},
             about=_about("o mesmo nome em duas pastas, algorithm='md5'",
                          "the same name in two folders, algorithm='md5'"),
             covers=("the same file name in two folders",)),
    ]


def _probes():
    return [
        Case("probe-deep", {"args": [files({"a/b/c/d.txt": "deep\n"})]}),
        Case("probe-dotfile-only", {"args": [files({".env": "K=1\n"})]}),
    ]


def _hidden_cases(rng):
    names = ["data.csv", "notes.md", ".meta", "ação.txt", "x.bin"]
    tree = {}
    for _ in range(int(rng.integers(3, 7))):
        folder = str(rng.choice(["", "raw/", "raw/2011/", "features/"]))
        name = str(rng.choice(names))
        text = "".join(rng.choice(list("abcçé,0123\n"), int(rng.integers(0, 60))))
        tree[folder + name] = text
    return [Case("hidden-0", {"args": [files(tree)],
                              "kwargs": {"chunk_size": int(rng.choice([5, 64, 4096]))}})]


SPEC = TaskSpec(
    lesson=LESSON,
    task="lineage.manifest",
    number=2,
    name=_about("manifesto de uma pasta", "folder manifest"),
    entry="manifest",
    points=2,
    reference="mlopskit.lineage:manifest",
    encode=encode_manifest,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Um manifesto é a foto de uma versão dos dados: TODO arquivo sob a pasta, em "
               "qualquer profundidade e também os ocultos, identificado pelo caminho relativo.",
               "A manifest is a picture of one version of the data: EVERY file under the "
               "folder, at any depth and hidden ones too, named by its relative path."),
        _about("Percorra a árvore (`os.walk` ou `Path(folder).rglob('*')`), fique só com os "
               "arquivos, e use o caminho relativo com `/`; o tamanho é o de bytes no disco.",
               "Walk the tree (`os.walk` or `Path(folder).rglob('*')`), keep only files, and "
               "use the relative path with `/`; the size is the number of bytes on disk."),
        _about("`for p in Path(folder).rglob('*'): if p.is_file(): out[p.relative_to(folder)"
               ".as_posix()] = {'digest': file_digest(p, ...), 'size': p.stat().st_size}`.",
               "`for p in Path(folder).rglob('*'): if p.is_file(): out[p.relative_to(folder)"
               ".as_posix()] = {'digest': file_digest(p, ...), 'size': p.stat().st_size}`."),
    ],
    misconceptions=[
        Misconception("manifest.top_level_only", _manifest_top_level, _about(
            "Seu manifesto só olha a própria pasta (como `os.listdir`): arquivos em subpastas "
            "ficam de fora, e uma mudança neles passaria despercebida.",
            "Your manifest only looks at the folder itself (like `os.listdir`): files in "
            "subfolders are left out, and a change to them would go unnoticed.")),
        Misconception("manifest.file_name_keys", _manifest_basenames, _about(
            "Você usou só o nome do arquivo como chave: dois arquivos com o mesmo nome em "
            "pastas diferentes se sobrescrevem. Use o caminho relativo à pasta.",
            "You keyed files by their name alone: two files with the same name in different "
            "folders overwrite each other. Use the path relative to the folder.")),
        Misconception("manifest.size_in_characters", _manifest_characters, _about(
            "Seu tamanho conta caracteres do texto, não bytes: com acentos (UTF-8) os dois "
            "diferem. Use o tamanho do arquivo no disco (`stat().st_size`).",
            "Your size counts characters of the text, not bytes: with accents (UTF-8) the two "
            "differ. Use the file's size on disk (`stat().st_size`).")),
        Misconception("manifest.skips_hidden", _manifest_no_hidden, _about(
            "Arquivos ocultos (nome começando com '.') ficaram de fora, como faz "
            "`glob('**')`. Eles também são dados (`.dvcignore`, `.env`) e mudam o retrato.",
            "Hidden files (names starting with '.') were left out, as `glob('**')` does. They "
            "are data too (`.dvcignore`, `.env`) and change the picture.")),
    ],
)
