"""Author-year labels for the book's bibliography.

Loaded by ``_config.yml`` (``sphinx.local_extensions``); ``bibtex_default_style: authoryear``
selects the style registered here.

The pages cite author-year ("Li et al., 2017", from ``bibtex_reference_style: author_year``), but
sphinxcontrib-bibtex's default bibliography style labels each entry alpha-style ("[LJYK17]"), so a
reader could not find a citation in the list by its text.  This module registers two pybtex
plugins:

* the label style ``authoryear``: the last name of the only author, "A and B" for two, "A et al."
  for three or more (or for a list ending in ``others``), then ", year": the same text as the
  citations.  Two entries with the same label get "a", "b", ... after the year.
* the formatting style ``authoryear``: pybtex's ``alpha`` style (entries sorted by author, year and
  title) with that label style, and "A et al." for an author list ending in ``others`` (pybtex
  writes "A and others").

and one sphinxcontrib-bibtex referencing style, ``author_year_etal``: the ``author_year`` style of
the citations in the text, also with "A et al." for a list ending in ``others``, so that the text
and the bibliography's label agree ("Pedregosa et al., 2011").
"""
from __future__ import annotations

import string
from collections import Counter

from dataclasses import dataclass, field

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field as entry_field
from pybtex.style.template import first_of, join, names, node, optional, sentence, tag
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import names as citation_names

STYLE_NAME = "authoryear"
REFERENCE_STYLE_NAME = "author_year_etal"


def _ends_in_others(persons) -> bool:
    return len(persons) > 1 and str(persons[-1]) == "others"


def _plain(latex: str) -> str:
    """A BibTeX name part as plain text: ``Cand{\\`e}s`` -> ``Candès``."""
    return Text.from_latex(latex).render_as("text")


def _surname(person) -> str:
    return _plain(" ".join(person.prelast_names + person.last_names))


def _authors(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(p) for p in people]
    if names and names[-1] == "others":
        return f"{names[0]} et al."
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    if names:
        return f"{names[0]} et al."
    return _plain(entry.fields.get("title", entry.key))


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels such as "Bishop, 2006", "Hoerl and Kennard, 1970", "Li et al., 2017"."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [f"{_authors(e)}, {e.fields.get('year', 'n.d.')}" for e in entries]
        repeated = {label for label, n in Counter(labels).items() if n > 1}
        seen: Counter = Counter()
        for label in labels:
            if label in repeated:
                yield label + string.ascii_lowercase[seen[label]]
                seen[label] += 1
            else:
                yield label


@node
def _bibliography_names(children, data, role, **kwargs):
    """pybtex's ``names``, but "A et al." for a list ending in ``others``."""
    persons = data["entry"].persons.get(role, [])
    if _ends_in_others(persons):
        style = data["style"]
        first = style.format_name(persons[0], style.abbreviate_names)
        return join(sep=" ")[first, "et al."].format_data(data)
    return names(role, **kwargs).format_data(data)


class AuthorYearStyle(AlphaStyle):
    """pybtex's alpha style with author-year labels."""

    default_label_style = STYLE_NAME

    def format_names(self, role, as_sentence=True):
        formatted = _bibliography_names(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


@node
def _citation_names(children, data, role, **kwargs):
    """sphinxcontrib-bibtex's ``names``, but "A et al." for a list ending in ``others``."""
    persons = data["entry"].persons.get(role, [])
    if _ends_in_others(persons) and kwargs.get("other") is not None:
        person = data["style"].person
        first = person.style_plugin.format(persons[0], person.abbreviate)
        return Text(first.format_data(data), kwargs["other"])
    return citation_names(role, **kwargs).format_data(data)


@node
def _author_or_editor_or_title(children, data, **kwargs):
    return first_of[
        optional[_citation_names("author", **kwargs)],
        optional[_citation_names("editor", **kwargs)],
        tag("em")[entry_field("title")],
    ].format_data(data)


@dataclass
class EtAlPersonStyle(PersonStyle):
    """Names in citations, with "A et al." for an author list ending in ``others``."""

    def names(self, role: str, full: bool):
        return _citation_names(role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                               other=None if full else self.other)

    def author_or_editor_or_title(self, full: bool):
        return _author_or_editor_or_title(sep=self.sep, sep2=self.sep2,
                                          last_sep=self.last_sep,
                                          other=None if full else self.other)


@dataclass
class AuthorYearEtAlReferenceStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author-year citations with :class:`EtAlPersonStyle`."""

    person: PersonStyle = field(default_factory=EtAlPersonStyle)


def setup(app):
    # force: a second build in the same process registers the same names again
    register_plugin("pybtex.style.labels", STYLE_NAME, AuthorYearLabelStyle, force=True)
    register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYearStyle, force=True)
    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE_NAME,
                           AuthorYearEtAlReferenceStyle, force=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
