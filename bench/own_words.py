"""Find passages of the repository that repeat someone else's wording.

    python bench/own_words.py DIR [--words N] [--root REPO] [--ignore GLOB ...] [--skip GLOB ...]

The project rule: what the repository contains, we write; facts and figures from elsewhere
are fine, other people's sentences are not. DIR holds outside texts (searched recursively
for ``*.txt``, e.g. the real articles of bench/real_coverage/README.md, which stay outside
the repository). Every text file git tracks in REPO (default: the repository this script
is in) is compared with them, word by word: a run of at least N consecutive words (default
7) that also appears in an outside text is printed as ``file:line: "the run"  <- outside
file``. Words are compared in lower case with punctuation dropped, so a change of quote
marks, commas or capitals does not hide a copy. Runs made mostly of numbers (dates, tallies:
facts, not wording) are not counted, and ``--ignore GLOB`` leaves out outside files that
are not someone else's text (e.g. our own eval outputs kept beside the articles). The exit
code is 1 when anything is found,
0 when nothing is, 2 on bad input, so a session can run it before committing.

Skipped by design: ``bench/real_coverage/*/gold.jsonl`` and ``*/sources.toml``, whose
quoted values and article titles are annotations of the outside texts (facts about them),
not prose of ours. ``--skip GLOB`` leaves out more tracked files, e.g. the seed articles
and their reference gold, which the project was given and keeps verbatim.

How: every N-word window of the outside texts is hashed into one index (hash -> files),
then every N-word window of each tracked file is looked up; consecutive hits that share an
outside file are merged into one reported run.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_WORDS = 7
# Annotations of the outside texts, kept by design (see the module docstring).
SKIPPED = ("bench/real_coverage/*/gold.jsonl", "bench/real_coverage/*/sources.toml")

# A word: letters or digits, with inner apostrophes, commas or points kept together so that
# "4,000", "U.S." and "don't" stay one word each on both sides.
WORD = re.compile(r"\w+(?:['.,]\w+)*")
# Curly apostrophes and the like, read as a plain one before the inner marks are dropped.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@dataclass(frozen=True)
class Hit:
    """One shared run: where it is in the repository and which outside files hold it."""

    path: str
    line: int
    words: tuple[str, ...]
    outside: tuple[str, ...]


def words_with_lines(text: str) -> list[tuple[str, int]]:
    """The normalized words of ``text``, each with the 1-based line it starts on."""
    text = unicodedata.normalize("NFKC", text).translate(APOSTROPHES)
    out: list[tuple[str, int]] = []
    line, last = 1, 0
    for match in WORD.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        word = re.sub(r"['.,]", "", match.group().lower())
        out.append((word, line))
    return out


def is_wording(window: tuple[str, ...]) -> bool:
    """Whether a window is mostly words: at least half of it holds a letter, so a string of
    dates or figures (a fact, however long) is not taken for copied wording."""
    return 2 * sum(any(c.isalpha() for c in w) for w in window) >= len(window)


def outside_index(
    folder: Path, n: int, ignore: tuple[str, ...] = ()
) -> tuple[dict[int, set[int]], list[str]]:
    """Hash every ``n``-word window of the ``*.txt`` files under ``folder`` (minus those
    whose path relative to ``folder`` matches a glob of ``ignore``).

    Returns the index (window hash -> indices of the files holding it) and the file names
    relative to ``folder``, in the order the indices refer to.
    """
    index: dict[int, set[int]] = {}
    names: list[str] = []
    for path in sorted(folder.rglob("*.txt")):
        name = str(path.relative_to(folder))
        if any(fnmatch.fnmatch(name, pattern) for pattern in ignore):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        words = [w for w, _ in words_with_lines(text)]
        number = len(names)
        names.append(name)
        for i in range(len(words) - n + 1):
            window = tuple(words[i : i + n])
            if is_wording(window):
                index.setdefault(hash(window), set()).add(number)
    return index, names


def shared_runs(path: str, text: str, index: dict[int, set[int]], names: list[str], n: int):
    """The runs of at least ``n`` words of ``text`` that the index also holds; consecutive
    windows found in a common outside file make one run."""
    words = words_with_lines(text)
    plain = [w for w, _ in words]
    start = files = None
    end = 0
    for i in range(len(plain) - n + 1):
        found = index.get(hash(tuple(plain[i : i + n])))
        common = found & files if found and files else None
        if found and start is not None and i <= end and common:
            files, end = common, i + n
            continue
        if start is not None:
            yield _hit(path, words, start, end, files, names)
        start, files, end = (i, found, i + n) if found else (None, None, 0)
    if start is not None:
        yield _hit(path, words, start, end, files, names)


def _hit(path, words, start, end, files, names) -> Hit:
    return Hit(
        path=path,
        line=words[start][1],
        words=tuple(w for w, _ in words[start:end]),
        outside=tuple(sorted(names[f] for f in files)),
    )


def tracked_files(root: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """The files git tracks under ``root``, minus the annotation files kept by design and
    those matching a glob of ``skip``."""
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.decode("utf-8", errors="replace")
    return [
        name
        for name in listed.split("\0")
        if name and not any(fnmatch.fnmatch(name, pattern) for pattern in SKIPPED + skip)
    ]


def find(
    root: Path,
    folder: Path,
    n: int = DEFAULT_WORDS,
    ignore: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
) -> list[Hit]:
    """Every shared run of at least ``n`` words between ``root``'s tracked text files and
    the outside texts under ``folder`` (see ``outside_index`` for ``ignore``,
    ``tracked_files`` for ``skip``)."""
    index, names = outside_index(folder, n, ignore)
    hits: list[Hit] = []
    for name in tracked_files(root, skip):
        raw = (root / name).read_bytes() if (root / name).is_file() else b""
        if b"\0" in raw:  # binary
            continue
        hits.extend(shared_runs(name, raw.decode("utf-8", errors="replace"), index, names, n))
    return hits


def show(hit: Hit) -> str:
    """One output line: place, the shared words, the outside file(s)."""
    more = f" (+{len(hit.outside) - 1} more)" if len(hit.outside) > 1 else ""
    return f'{hit.path}:{hit.line}: "{" ".join(hit.words)}"  <- {hit.outside[0]}{more}'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of outside texts (*.txt, recursive)")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="shortest run reported")
    parser.add_argument("--root", type=Path, default=HERE.parent, help="repository to check")
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="GLOB",
        help="outside files to leave out, relative to DIR (repeatable), e.g. '*eval*.txt'",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="GLOB",
        help="tracked files to leave out, relative to REPO (repeatable), e.g. 'seeds/*.txt'",
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"own_words: {args.folder} is not a folder", file=sys.stderr)
        return 2
    if args.words < 1:
        print("own_words: --words must be at least 1", file=sys.stderr)
        return 2
    try:
        hits = find(args.root, args.folder, args.words, tuple(args.ignore), tuple(args.skip))
    except subprocess.CalledProcessError:
        print(f"own_words: {args.root} is not a git repository", file=sys.stderr)
        return 2
    for hit in hits:
        print(show(hit))
    print(f"{len(hits)} shared run(s) of {args.words}+ words", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
