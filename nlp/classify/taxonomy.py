"""The taxonomy (分类体系) as data: label sets, display names and cue patterns.

The default lives in ``nlp/data/taxonomy.yaml``; a user's own file of the same shape
replaces it wholesale.

>>> tax = load_taxonomy()
>>> tax.measure.label("rule_making").name
'建章立制'
>>> [label.id for label in tax.status.labels]
['ongoing', 'unclear', 'completed']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from nlp.errors import TaxonomyError
from nlp.tables import load_table, load_yaml

AXES = ("domain", "measure", "status")



@dataclass(frozen=True)
class Cue:
    """One cue (线索词): a literal or a regular expression, with an example clause it fires on.

    >>> Cue.parse("约谈").example
    '约谈'
    """

    pattern: re.Pattern[str]
    source: str
    example: str
    requires: re.Pattern[str] | None = None
    weight: float = 1.0
    literal: bool = False

    @classmethod
    def parse(cls, raw: str | dict, where: str = "") -> Cue:
        """Build a cue from a YAML entry: a literal string or ``{re, ex, requires, w}``."""
        if isinstance(raw, str):
            return cls(re.compile(re.escape(raw)), raw, raw, literal=True)
        if not isinstance(raw, dict) or "re" not in raw or "ex" not in raw:
            raise TaxonomyError(f"{where}: a cue is a string or a mapping with 're' and 'ex': {raw!r}")
        try:
            requires = re.compile(raw["requires"]) if raw.get("requires") else None
            return cls(re.compile(raw["re"]), raw["re"], str(raw["ex"]), requires, float(raw.get("w", 1.0)))
        except re.error as exc:
            raise TaxonomyError(f"{where}: bad pattern {raw['re']!r}: {exc}") from exc

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """Matches of this cue in ``text[start:end]`` whose ``requires`` pattern occurs before them (from ``start``)."""
        end = len(text) if end is None else end
        matches = list(self.pattern.finditer(text, start, end))
        if self.requires is None:
            return matches
        return [m for m in matches if self.requires.search(text, start, m.start())]

    def first(self, text: str) -> str | None:
        """The text of the first match in ``text`` (honouring ``requires``), or None.

        >>> Cue.parse("约谈").first("专题约谈负责人")
        '约谈'
        """
        if self.literal:
            return self.source if self.source in text else None
        match = self.pattern.search(text) if self.requires is None else next(iter(self.finditer(text)), None)
        return match.group() if match else None


@dataclass(frozen=True)
class Label:
    """One label (标签) of an axis: id, Chinese display name (名称), definition, cues and anti-cues."""

    id: str
    name: str
    definition: str
    cues: tuple[Cue, ...]
    anti_cues: tuple[Cue, ...] = ()
    examples: tuple[str, ...] = ()

    @functools.cached_property
    def literals(self) -> re.Pattern[str] | None:
        """All literal cues as one alternation, longest first: one scan instead of one per cue."""
        words = sorted({c.source for c in self.cues if c.literal}, key=lambda w: (-len(w), w))
        return re.compile("|".join(map(re.escape, words))) if words else None

    @functools.cached_property
    def patterns(self) -> tuple[Cue, ...]:
        """The non-literal cues."""
        return tuple(c for c in self.cues if not c.literal)

    def fires(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """Could any cue match in ``text[start:end]``? (``requires`` is not checked: no false negatives.)

        The literals' alternation and each pattern are tried apart: the regex engine skips ahead to
        a pattern's first characters only when they are known, which one alternation of all would hide.
        """
        end = len(text) if end is None else end
        if self.literals is not None and self.literals.search(text, start, end):
            return True
        return any(cue.pattern.search(text, start, end) for cue in self.patterns)

    def scan(self, text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """Matches of all cues in ``text[start:end]`` (``requires`` honoured), in no particular order.

        >>> load_taxonomy().measure.label("inspection").scan("开展专项排查和实地调研")[0].group()
        '排查'
        """
        end = len(text) if end is None else end
        found = list(self.literals.finditer(text, start, end)) if self.literals else []
        for cue in self.patterns:
            found.extend(cue.finditer(text, start, end))
        return found


@dataclass(frozen=True)
class Axis:
    """One axis (维度): domain, measure or status, with its labels and axis-wide anti-cues."""

    name: str
    labels: tuple[Label, ...]
    anti_cues: tuple[Cue, ...] = ()
    ignore: tuple[str, ...] = ()
    default: dict = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        """Label ids in file order."""
        return [label.id for label in self.labels]

    def label(self, label_id: str) -> Label:
        """The label with this id (KeyError when unknown)."""
        for label in self.labels:
            if label.id == label_id:
                return label
        raise KeyError(label_id)

    def name_of(self, label_id: str) -> str:
        """Chinese display name of a label id, or the id itself when unknown."""
        try:
            return self.label(label_id).name
        except KeyError:
            return label_id


@dataclass(frozen=True)
class Taxonomy:
    """The three axes (分类体系): ``domain`` (监督领域), ``measure`` (整改措施), ``status`` (整改状态)."""

    domain: Axis
    measure: Axis
    status: Axis
    version: int = 1
    name: str = ""

    def axis(self, name: str) -> Axis:
        """The axis called ``name`` (one of :data:`AXES`)."""
        return getattr(self, name)


def _cues(raw: list | None, where: str) -> tuple[Cue, ...]:
    return tuple(Cue.parse(item, f"{where}[{i}]") for i, item in enumerate(raw or []))


def _label(raw: dict, where: str) -> Label:
    missing = [key for key in ("id", "name", "cues") if key not in raw]
    if missing:
        raise TaxonomyError(f"{where}: missing {', '.join(missing)}")
    return Label(
        id=str(raw["id"]),
        name=str(raw["name"]),
        definition=str(raw.get("definition", "")),
        cues=_cues(raw["cues"], f"{where}.cues"),
        anti_cues=_cues(raw.get("anti_cues"), f"{where}.anti_cues"),
        examples=tuple(str(x) for x in raw.get("examples", [])),
    )


def _axis(name: str, raw: dict | None) -> Axis:
    if not isinstance(raw, dict) or not raw.get("labels"):
        raise TaxonomyError(f"{name}: an axis needs a non-empty 'labels' list")
    labels = tuple(_label(item, f"{name}.labels[{i}]") for i, item in enumerate(raw["labels"]))
    ids = [label.id for label in labels]
    if len(set(ids)) != len(ids):
        raise TaxonomyError(f"{name}: duplicate label ids")
    return Axis(
        name=name,
        labels=labels,
        anti_cues=_cues(raw.get("anti_cues"), f"{name}.anti_cues"),
        ignore=tuple(str(x) for x in raw.get("ignore", [])),
        default=dict(raw.get("default") or {}),
    )


def parse_taxonomy(data: dict) -> Taxonomy:
    """Validate a parsed YAML mapping and build a :class:`Taxonomy`.

    >>> parse_taxonomy({"domain": {}})  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    nlp.classify.taxonomy.TaxonomyError: domain: an axis needs a non-empty 'labels' list
    """
    if not isinstance(data, dict):
        raise TaxonomyError("a taxonomy file is a mapping with domain, measure and status")
    axes = {name: _axis(name, data.get(name)) for name in AXES}
    status = axes["status"]
    for key in ("finished", "otherwise"):
        if key in status.default and status.default[key] not in status.ids:
            raise TaxonomyError(f"status.default.{key}: unknown label {status.default[key]!r}")
    return Taxonomy(**axes, version=int(data.get("version", 1)), name=str(data.get("name", "")))


@functools.cache
def _default() -> Taxonomy:
    return parse_taxonomy(load_table("taxonomy"))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load the default taxonomy, or a user's file of the same shape when ``path`` is given."""
    if path is None:
        return _default()
    import yaml

    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"cannot read the taxonomy file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise TaxonomyError("the taxonomy file is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"the taxonomy file is not valid YAML ({' '.join(str(exc).split())})") from exc
    return parse_taxonomy(data)
