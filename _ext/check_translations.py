"""Checks of the Korean catalogs (``locale/ko/LC_MESSAGES/**.po``) that the Korean edition is made
from: every message translated and none fuzzy, and what must not be translated kept exactly.

    python _ext/check_translations.py [--stale] [PO_FILE ...]      (default: every catalog)

A message's translation must keep, character for character, the source's

* inline code (```svm_loss```) and inline or display math (``$...$``, ``$$...$$``, a message
  that is all math is copied whole);
* MyST roles and their targets (``{cite}`cs231n```, ``{term}`...```), link targets
  (``[text](02_linear_classifier.ipynb)``: the text is translated, the target kept), and HTML tags
  with their attributes (``<span class="lossbook-screen-only">``);
* numbers written with digits (a Korean sentence keeps 2.9, 0.95, 10 %).

It also checks that the catalogs use the book's terms (``chapters/glossary.md``: the first Korean
form of a row is the book's term, the row's other forms are rejected in a message whose source has
the English term, unless written as the gloss ``규제(regularization, 정규화)``; plus a short hand
list, ``HAND_TERMS``), and, with ``--stale``, that no catalog is stale: the messages of the current
sources (Sphinx's gettext builder, into a temporary directory) merged as sphinx-intl would merge
them add, fuzz or drop nothing (the real catalogs are only read).

It exits non-zero and lists each problem with its file and message.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "locale" / "ko" / "LC_MESSAGES"
GLOSSARY = ROOT / "chapters" / "glossary.md"

_KEPT = [
    ("display math", re.compile(r"\$\$.*?\$\$", re.S)),
    ("inline code", re.compile(r"(`+)(?!\s)(.+?)(?<!\s)\1", re.S)),
    ("math", re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])+?\$")),
    ("role", re.compile(r"\{[a-z:-]+\}")),
    ("link target", re.compile(r"\]\(([^)\s]+)\)")),
    ("HTML tag", re.compile(r"</?[a-zA-Z][^<>]*>")),
]
# a Korean particle or counter may follow a number directly ("2장", "10개"): digits and points
# delimit it, letters after it do not
_NUMBER = re.compile(r"(?<![\d.A-Za-z_])\d+(?:\.\d+)?(?![\d.]*\d)")


def kept_pieces(text: str) -> Counter:
    """What a translation of ``text`` must contain unchanged, with multiplicity."""
    pieces: Counter = Counter()
    rest = text
    for name, pattern in _KEPT:
        for m in pattern.finditer(rest):
            pieces[(name, m.group(0))] += 1
        rest = pattern.sub(" ", rest)
    for m in _NUMBER.finditer(rest):
        pieces[("number", m.group(0))] += 1
    return pieces


# ---- the book's terms ----------------------------------------------------------------------------
#: English term (a regular expression, matched in the message's source) -> rejected Korean forms
#: (regular expressions), for what the glossary's rows do not say
HAND_TERMS: dict[str, tuple[str, list[str]]] = {
    "regularization": (r"regulari[sz]", ["정규화", "정칙화"]),
    "gradient": (r"gradient", ["그래디언트", "그레이디언트", "경사"]),
    "softmax": (r"softmax", ["소프트 맥스", "소프트멕스"]),
    "cross-entropy": (r"cross-entropy", ["크로스 ?엔트로피", "교차엔트로피"]),
    "penalty": (r"penalt", ["벌점"]),
    "target": (r"target", ["타깃", "타겟"]),
    "readout": (r"readout", ["결과 창"]),
    "challenge": (r"challenge", ["난관"]),
    "knob": (r"knob", ["다이얼", "손잡이"]),
    "erratum": (r"errat(?:um|a)", [r"오류 \d+번", r"정오표 \d+번 항목"]),
    "Part": (r"\bParts? (?:I|II|III|IV)\b", [r"(?<![제·\w])[IV]+부"]),
    "exercise": (r"exercise", ["연습 문제"]),
    "data set": (r"data ?set", ["데이터 ?세트", "데이터 집합"]),
    "explorer": (r"explorer", ["익스플로러"]),
    "label": (r"\blabel", ["라벨"]),
    "lecture notes": (r"lecture notes", ["강의노트", "강의록"]),
}
#: the Korean of another term that contains a rejected form ("경사" of 경사 하강법)
ALLOWED = ["서브그래디언트", "경사 하강"]
_ROW = re.compile(r"^\|(?P<en>[^|]+)\|(?P<ko>[^|]+)\|")


def glossary_terms(path: Path = GLOSSARY) -> tuple[list[tuple[str, str, list[str]]], list[str]]:
    """``(english, term, rejected forms)`` for each glossary row whose Korean gives alternatives
    (``규제 / 정규화 / 정칙화``; a row whose English has a slash too pairs forms, it does not
    offer alternatives), and every row's first Korean forms (the book's terms)."""
    rows, book_terms = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if not m or set(m["en"].strip()) <= set("-") or m["en"].strip() == "English":
            continue
        english, forms = m["en"].strip(), [f.strip() for f in m["ko"].split(" / ")]
        book_terms += [re.sub(r"\s*\(.*?\)", "", f) for f in forms] if "/" in english else \
            [re.sub(r"\s*\(.*?\)", "", forms[0])]
        if "/" not in english and len(forms) > 1:
            rows.append((re.sub(r"\s*\(.*?\)", "", english), forms[0], forms[1:]))
    return rows, book_terms


def term_table(path: Path = GLOSSARY) -> tuple[list[tuple[str, str, str]], list[str]]:
    """``(name, English pattern, rejected Korean pattern)`` for the glossary's rows and the hand
    list, and the Korean to leave alone (the book's terms, which may contain a rejected form)."""
    rows, book_terms = glossary_terms(path) if path.exists() else ([], [])
    table = [(english, r"(?i)\b" + re.escape(english), re.escape(form))
             for english, _, forms in rows for form in forms]
    table += [(name, "(?i)" + english, form)
              for name, (english, forms) in HAND_TERMS.items() for form in forms]
    return table, sorted(set(book_terms + ALLOWED), key=len, reverse=True)


_TABLE: tuple | None = None


def check_terms(msgid: str, msgstr: str, table=None) -> list[str]:
    """The rejected variants of a term that ``msgstr`` uses where its source has the term: not
    the gloss ``(regularization, 정규화)``, not a book term containing the form, and not a form
    the source itself writes (the glossary's rows)."""
    global _TABLE
    if table is None:
        _TABLE = _TABLE or term_table()
        table = _TABLE
    entries, keep = table
    text = re.sub(r"\([A-Za-z][\w\s-]*,\s*[^\s,()]+", " ", msgstr)  # the gloss (English, 정규화
    problems = []
    for name, english, form in entries:
        if not re.search(english, msgid):
            continue
        rest = text
        for term in keep:
            if re.search(form, term):
                rest = rest.replace(term, " ")
        found = len(re.findall(form, rest))
        if found > len(re.findall(form, msgid)):
            problem = (f"term {name!r}: {re.search(form, rest).group(0)!r} is not the book's "
                       f"term")
            if problem not in problems:
                problems.append(problem)
    return problems


def check_message(msgid: str, msgstr: str) -> list[str]:
    if not msgstr:
        return ["not translated"]
    problems = []
    source = kept_pieces(msgid)
    target = kept_pieces(msgstr)
    for (name, piece), count in source.items():
        if target[(name, piece)] < count:
            problems.append(f"{name} {piece!r} changed or missing")
    for (name, piece), count in target.items():
        if name != "number" and source[(name, piece)] < count:
            problems.append(f"{name} {piece!r} is not in the source")
    return problems


def check_file(path: Path) -> list[str]:
    with path.open("rb") as f:
        catalog = read_po(f, abort_invalid=True)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else message.string[0]
        where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {msgid[:60]!r}"
        if message.fuzzy:
            problems.append(f"{where}: fuzzy")
        problems += [f"{where}: {p}" for p in check_message(msgid, msgstr)]
        if msgstr:
            problems += [f"{where}: {p}" for p in check_terms(msgid, msgstr)]
    return problems


# ---- stale catalogs ------------------------------------------------------------------------------
def gettext_templates(src: Path, out: Path) -> Path:
    """The message templates (``.pot``) of the sources in ``src``, built into ``out`` (Sphinx's
    gettext builder as ``lossbook_i18n.update_catalogs`` runs it, in a process of its own)."""
    code = ("import sys; from pathlib import Path; from jupyter_book.sphinx import build_sphinx\n"
            "src, out = Path(sys.argv[1]), Path(sys.argv[2])\n"
            "r = build_sphinx(src, out / 'gettext', noconfig=True, "
            "path_config=str(src / '_config.yml'), confoverrides={'external_toc_path': "
            "str(src / '_toc.yml'), 'latex_individualpages': False, 'gettext_compact': False}, "
            "doctreedir=out / 'doctrees', builder='gettext')\n"
            "sys.exit(1 if isinstance(r, Exception) or r else 0)\n")
    done = subprocess.run([sys.executable, "-c", code, str(src), str(out)], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL,
                          env={**__import__("os").environ, "LOSSBOOK_ONE_EDITION": "1"})
    if done.returncode:
        raise RuntimeError(f"the gettext build failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return out / "gettext"


def stale_messages(po: Path, pot: Path) -> list[str]:
    """What sphinx-intl's update of ``po`` from ``pot`` would change, merged in memory."""
    from sphinx_intl import catalog

    with pot.open("rb") as f:
        template = read_po(f)
    if not po.exists():
        return ["no catalog (sphinx-intl would create it)"]
    with po.open("rb") as f:
        merged = read_po(f)
    before = {m.id: m.fuzzy for m in merged if m.id}
    catalog.update_with_fuzzy(merged, template)
    after = {m.id: m.fuzzy for m in merged if m.id}
    problems = [f"new message {i[:60]!r}" for i in after if i not in before]
    problems += [f"message no longer in the source {i[:60]!r}" for i in before if i not in after]
    problems += [f"message would be fuzzy {i[:60]!r}" for i in after
                 if i in before and after[i] and not before[i]]
    return problems


def stale_catalogs(src: Path = ROOT, templates: Path | None = None) -> list[str]:
    """Each catalog of ``src`` that does not match the current sources, with what sphinx-intl
    would add, fuzz or drop.  Builds the templates into a temporary directory (unless
    ``templates`` are given) and never writes a catalog."""
    src = Path(src)
    locale = src / "locale" / "ko" / "LC_MESSAGES"
    with tempfile.TemporaryDirectory(prefix="lossbook-pot-") as tmp:
        pots = Path(templates) if templates else gettext_templates(src, Path(tmp))
        problems = []
        for pot in sorted(pots.rglob("*.pot")):
            po = locale / pot.relative_to(pots).with_suffix(".po")
            where = po.relative_to(src) if po.is_relative_to(src) else po
            problems += [f"{where}: stale: {p}" for p in stale_messages(po, pot)]
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    stale = "--stale" in args
    files = [Path(a) for a in args if a != "--stale"] or sorted(CATALOGS.rglob("*.po"))
    problems = [p for f in files for p in check_file(f)]
    if stale:
        problems += stale_catalogs(ROOT)
    total = sum(1 for f in files for m in read_po(f.open("rb")) if m.id)
    for problem in problems:
        print(problem)
    print(f"{len(files)} catalog(s), {total} message(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
