"""Task 1 of lesson 04_lineage: content digest of a file (``lineage.file_digest``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.lineage:file_digest``; the notebook cells are ``file_digest-*``.
"""

from __future__ import annotations

import hashlib

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.lineage import LESSON
from mlopskit.checks.lineage._common import encode_hex, files
from mlopskit.languages import bilingual as _about
from mlopskit.lineage import DEFAULT_CHUNK_SIZE


def _digest_text_mode(path, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Opens the file in text mode: Windows line endings come back as '\\n'."""
    with open(path, encoding="utf-8") as fh:
        return hashlib.new(algorithm, fh.read().encode("utf-8")).hexdigest()


def _digest_always_sha256(path, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Ignores `algorithm`: always SHA-256."""
    hasher = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _digest_first_chunk(path, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Reads one chunk only: the rest of a larger file is never hashed."""
    with open(path, "rb") as fh:
        return hashlib.new(algorithm, fh.read(chunk_size)).hexdigest()


def _digest_stripped(path, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Strips leading and trailing whitespace (the final newline) before hashing."""
    with open(path, "rb") as fh:
        return hashlib.new(algorithm, fh.read().strip()).hexdigest()


def _public_cases():
    return [
        Case("small-csv", {"args": [files({"data.csv": "city,temp\nrecife,31\n"}, "data.csv")]},
             about=_about("um CSV pequeno, terminado em nova linha",
                          "a small CSV ending with a newline")),
        Case("windows-lines", {"args": [files({"data.csv": "city,temp\r\nrecife,31\r\n"},
                                              "data.csv")]},
             about=_about("linhas terminadas em \\r\\n (Windows)",
                          "lines ending in \\r\\n (Windows)"),
             covers=("Windows line endings",)),
        Case("empty-file", {"args": [files({"empty.csv": ""}, "empty.csv")]},
             about=_about("um arquivo vazio", "an empty file"), covers=("an empty file",)),
        Case("exactly-one-chunk", {"args": [files({"eight.bin": "abcdefgh"}, "eight.bin")],
                                   "kwargs": {"chunk_size": 8}},
             about=_about("arquivo com exatamente chunk_size bytes",
                          "a file exactly chunk_size bytes long"),
             covers=("a file exactly chunk_size long",)),
        Case("several-chunks", {"args": [files({"log.txt": {"text": "0123456789\n",
                                                            "repeat": 7}}, "log.txt")],
                                "kwargs": {"chunk_size": 16}},
             about=_about("77 bytes lidos de 16 em 16", "77 bytes read 16 at a time"),
             covers=("several chunks, the last one partial",)),
        Case("md5", {"args": [files({"model.txt": "weights: 0.5, 1.5\n"}, "model.txt")],
                     "kwargs": {"algorithm": "md5"}},
             about=_about("algorithm='md5'", "algorithm='md5'"),
             covers=("an algorithm other than the default",)),
    ]


def _probes():
    return [
        Case("probe-no-newline", {"args": [files({"a.txt": "  padded  "}, "a.txt")]},
             about=_about("espaços nas pontas, sem nova linha", "spaces at the ends, no newline")),
        Case("probe-sha1-two-chunks", {"args": [files({"b.txt": "xyxyxyxy"}, "b.txt")],
                                       "kwargs": {"algorithm": "sha1", "chunk_size": 4}}),
    ]


def _hidden_cases(rng):
    cases = []
    alphabet = list("abcdefghij,;.0123456789 ")
    for i in range(3):
        n = int(rng.integers(20, 300))
        text = "".join(rng.choice(alphabet, n))
        end = "\r\n" if rng.random() < 0.5 else "\n"
        text = end.join(text[j:j + 17] for j in range(0, n, 17)) + end
        kwargs = {"chunk_size": int(rng.choice([7, 32, 64, 4096]))}
        if rng.random() < 0.5:
            kwargs["algorithm"] = str(rng.choice(["md5", "sha1", "sha512"]))
        cases.append(Case(f"hidden-{i}", {"args": [files({"part.csv": text}, "part.csv")],
                                          "kwargs": kwargs}))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="lineage.file_digest",
    number=1,
    name=_about("digest de um arquivo", "file digest"),
    entry="file_digest",
    points=2,
    reference="mlopskit.lineage:file_digest",
    encode=encode_hex,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Um digest resume os BYTES do arquivo: qualquer byte diferente muda o resultado, "
               "e nome ou data não contam. Por isso o arquivo é lido em modo binário.",
               "A digest sums up the file's BYTES: any different byte changes it, while the "
               "name or date do not count. That is why the file is read in binary mode."),
        _about("Crie o objeto com `hashlib.new(algorithm)`, leia pedaços de `chunk_size` bytes "
               "até a leitura vir vazia e passe cada pedaço a `.update()`; no fim, "
               "`.hexdigest()`.",
               "Create the object with `hashlib.new(algorithm)`, read pieces of `chunk_size` "
               "bytes until a read comes back empty and feed each one to `.update()`; at the "
               "end, `.hexdigest()`."),
        _about("`with open(path, 'rb') as fh:` e `while chunk := fh.read(chunk_size): "
               "h.update(chunk)`.",
               "`with open(path, 'rb') as fh:` and `while chunk := fh.read(chunk_size): "
               "h.update(chunk)`."),
    ],
    misconceptions=[
        Misconception("digest.text_mode", _digest_text_mode, _about(
            "Você abriu o arquivo em modo texto: o Python troca `\\r\\n` por `\\n` (e decodifica "
            "os bytes), então o digest não é o dos bytes do arquivo e difere do `sha256sum`. "
            "Abra com `'rb'`.",
            "You opened the file in text mode: Python turns `\\r\\n` into `\\n` (and decodes "
            "the bytes), so the digest is not that of the file's bytes and differs from "
            "`sha256sum`. Open it with `'rb'`.")),
        Misconception("digest.ignores_algorithm", _digest_always_sha256, _about(
            "Seu código usa sempre SHA-256 e ignora o argumento `algorithm`. Use "
            "`hashlib.new(algorithm)`.",
            "Your code always uses SHA-256 and ignores the `algorithm` argument. Use "
            "`hashlib.new(algorithm)`.")),
        Misconception("digest.first_chunk_only", _digest_first_chunk, _about(
            "Seu código lê um único pedaço de `chunk_size` bytes: o resto de um arquivo maior "
            "nunca entra no digest. Leia em laço até `read` devolver `b''`.",
            "Your code reads a single piece of `chunk_size` bytes: the rest of a larger file "
            "never enters the digest. Read in a loop until `read` returns `b''`.")),
        Misconception("digest.strips_content", _digest_stripped, _about(
            "Você tirou espaços ou a quebra de linha final (`strip`) antes de calcular o "
            "digest. Um digest de conteúdo usa os bytes exatamente como estão.",
            "You stripped spaces or the final newline (`strip`) before computing the digest. "
            "A content digest uses the bytes exactly as they are.")),
    ],
)
