"""The print edition in one command: ``python _ext/print_book.py`` -> ``_build/latex/lossbook.pdf``.

1. **TeX and the browser**: installs from Debian what is missing (XeLaTeX, latexmk, xindy, the
   FreeSerif and Noto CJK fonts, xeCJK and its ``ctexhook.sty``, poppler's ``pdftotext`` for the
   checks, Chromium for the pictures), about 560 MB, once; elsewhere it names what to install.
2. **The web book**: ``jupyter-book build .`` (as the README's first command; incremental).
3. **Pictures of the explorers** as the web pages draw them (``_ext/print_explorers.py``):
   ``_build/print-explorers/``.
4. **The PDF**: ``jupyter-book build . --builder pdflatex`` with the print edition's changes
   (``_ext/lossbook_print.py``) into a fresh ``_build/latex/``.
5. **The checks** (``_ext/check_pdf.py``): no LaTeX error or missing glyph, every chapter of
   ``_toc.yml`` present, no widget text or maintainer markup, A4; page count and size printed.
   The command fails when a check does.

``--out DIR`` builds under ``DIR/_build`` instead of the book's own ``_build`` (the tests use a
temporary folder).  ``--no-install`` only reports what is missing; ``--tools-only`` installs it
and stops (``.ci/run``).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

#: Debian packages of the print route, and what each provides that the build checks for
DEBIAN_PACKAGES = ("texlive-latex-recommended", "texlive-latex-extra", "texlive-fonts-recommended",
                   "texlive-xetex", "latexmk", "xindy", "fonts-freefont-otf", "texlive-lang-cjk",
                   "fonts-noto-cjk", "texlive-lang-chinese", "poppler-utils", "fontconfig",
                   "chromium")
COMMANDS = {"xelatex": "texlive-xetex", "latexmk": "latexmk", "xindy": "xindy",
            "kpsewhich": "texlive-latex-recommended", "pdftotext": "poppler-utils",
            "pdfinfo": "poppler-utils", "fc-list": "fontconfig", "chromium": "chromium"}
TEX_FILES = {"xeCJK.sty": "texlive-lang-cjk", "ctexhook.sty": "texlive-lang-chinese",
             "fncychap.sty": "texlive-latex-extra", "unicode-math.sty": "texlive-latex-extra",
             "ucharclasses.sty": "texlive-xetex"}
FONTS = {"FreeSerif": "fonts-freefont-otf", "Noto Serif CJK KR": "fonts-noto-cjk",
         "Noto Sans CJK KR": "fonts-noto-cjk"}
PICTURES_ENV = "LOSSBOOK_PRINT_PICTURES"


def missing_tools() -> dict[str, str]:
    """What the print route lacks on this machine: thing -> the Debian package that has it."""
    missing = {name: pkg for name, pkg in COMMANDS.items() if shutil.which(name) is None}
    for name, pkg in TEX_FILES.items():   # without kpsewhich, none can be there
        found = "" if "kpsewhich" in missing else subprocess.run(
            ["kpsewhich", name], capture_output=True, text=True).stdout
        if not found.strip():
            missing[name] = pkg
    for family, pkg in FONTS.items():
        found = "" if "fc-list" in missing else subprocess.run(
            ["fc-list", family], capture_output=True, text=True).stdout
        if not found.strip():
            missing[f"the font {family}"] = pkg
    return missing


def ensure_tools(install: bool = True, log=print) -> None:
    missing = missing_tools()
    if not missing:
        return
    # the whole route (apt-get skips what is there): a package may need another of the list
    packages = sorted(set(DEBIAN_PACKAGES) | set(missing.values()))
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    what = ", ".join(sorted(missing))
    can = install and shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if not can:
        raise SystemExit(f"The print edition needs {what}.\nOn Debian or Ubuntu, as root:\n"
                         f"    apt-get update && {' '.join(command)}\n"
                         "(TeX Live and the fonts are about 560 MB.)")
    log(f"[1/5] installing from Debian ({what}): {' '.join(packages)} — about 560 MB, "
        "a few minutes, once")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for step in (["apt-get", "update", "-qq"], [*command[:2], "-qq", *command[2:]]):
        done = subprocess.run(step, env=env, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise SystemExit(f"`{' '.join(step)}` failed (exit {done.returncode})")
    still = missing_tools()
    if still:
        raise SystemExit(f"still missing after the install: {', '.join(sorted(still))}")


def jupyter_book(*args: str, out: Path | None, env: dict | None = None) -> None:
    command = ["jupyter-book", "build", str(ROOT), *args]
    if out is not None:
        command += ["--path-output", str(out)]
    done = subprocess.run(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-6000:]
        raise SystemExit(f"`{' '.join(command)}` failed (exit {done.returncode}):\n{tail}")


def build(out: Path | None = None, install: bool = True, log=print) -> Path:
    """Build and check the PDF; returns its path (raises SystemExit on a failure)."""
    start = time.monotonic()
    build_dir = (out if out is not None else ROOT) / "_build"
    log("[1/5] checking TeX, fonts and Chromium")
    ensure_tools(install, log)

    log("[2/5] building the web book (jupyter-book build)")
    jupyter_book(out=out)

    import print_explorers
    pictures = build_dir / "print-explorers"
    log(f"[3/5] taking pictures of the explorers -> {pictures}")
    if pictures.exists():
        shutil.rmtree(pictures)
    print_explorers.capture(build_dir / "html", pictures, log=lambda m: log("      " + m))

    latex_dir = build_dir / "latex"
    log(f"[4/5] building the PDF (jupyter-book build --builder pdflatex) -> {latex_dir}")
    if latex_dir.exists():
        shutil.rmtree(latex_dir)   # a stale .tex there would be built too
    jupyter_book("--builder", "pdflatex", out=out,
                 env=dict(os.environ, **{PICTURES_ENV: str(pictures)}))

    import check_pdf
    log("[5/5] checking the PDF")
    report = check_pdf.check(latex_dir, ROOT)
    log(report.format())
    pdf = latex_dir / "lossbook.pdf"
    if not report.ok:
        raise SystemExit(f"the PDF was built ({pdf}) but {len(report.problems)} check(s) failed")
    log(f"done in {time.monotonic() - start:.0f} s: {pdf}")
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="build under OUT/_build instead of ./_build")
    parser.add_argument("--no-install", action="store_true",
                        help="never install Debian packages; only say what is missing")
    parser.add_argument("--tools-only", action="store_true",
                        help="only install what is missing (CI), then stop")
    args = parser.parse_args(argv)
    if args.tools_only:
        ensure_tools(install=not args.no_install)
        return 0
    build(args.out.resolve() if args.out else None, install=not args.no_install)
    return 0


if __name__ == "__main__":
    sys.exit(main())
