"""Validation: check a graph against graphbuild's shipped SHACL shapes (``data/shapes.ttl``).

:func:`validate` runs pySHACL (imported inside, since it is slow to import) and turns its
results graph into a short, sorted list of problems — focus node, property path, message —
that a reader can act on, instead of pySHACL's raw report. Warnings (a marker whose number
matches no note) are listed but do not make a graph fail.

Not supported: inference (the shapes rely on the types graphbuild writes explicitly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .vocab import PREFIXES

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, order=True)
class Problem:
    """One shape a node does not meet."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {self.focus} {self.path}: {self.message}{value}"


@dataclass
class ValidationResult:
    """The outcome of :func:`validate`: ``conforms`` and the problems found, sorted."""

    conforms: bool
    problems: list[Problem] = field(default_factory=list)

    @property
    def text(self) -> str:
        """A readable report: a summary line, then one line per problem."""
        violations = sum(1 for p in self.problems if p.severity == "Violation")
        warnings = len(self.problems) - violations
        head = ("The graph conforms to graphbuild's shapes" if self.conforms
                else "The graph does not conform to graphbuild's shapes")
        head += f": {violations} violation(s), {warnings} warning(s)."
        return "\n".join([head, *(str(p) for p in self.problems)]) + "\n"

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The shipped SHACL shapes."""
    data = resources.files("graphbuild").joinpath("data", "shapes.ttl").read_bytes()
    return Graph().parse(data=data, format="turtle")


def _compact(term: Node | None) -> str:
    if term is None:
        return "(node)"
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
            if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)):]}"
        return f"<{text}>"
    return term.n3() if hasattr(term, "n3") else str(term)


def _as_written(term: Node) -> Node:
    """A typed literal as it reads back from a file: its value parsed from its lexical form.

    rdflib keeps the Python value a literal was made from, so ``Literal(0.8, datatype=
    xsd:decimal)`` holds a float, which pySHACL takes for an ``xsd:double`` and rejects as a
    decimal; the graph written to disk says ``0.8``, a valid decimal. Checking the lexical
    forms checks what a reader of the file gets.
    """
    if isinstance(term, Literal) and term.datatype is not None:
        return Literal(str(term), datatype=term.datatype)
    return term


def validate(data: Graph) -> ValidationResult:
    """Validate a graph (or every graph of a dataset) against graphbuild's shapes.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        A report's graph; a dataset is validated graph by graph, since an entity named in
        two reports rightly has a mention count in each.

    Returns
    -------
    ValidationResult
        ``conforms`` is False when there is any violation; ``text`` lists every problem.

    Examples
    --------
    >>> result = validate(graph)            # doctest: +SKIP
    >>> print(result.text)                  # doctest: +SKIP
    The graph conforms to graphbuild's shapes: 0 violation(s), 0 warning(s).
    """
    from pyshacl import validate as shacl_validate

    graphs = ([g for g in data.graphs() if len(g)] if isinstance(data, Dataset) else [data])
    shapes = load_shapes()
    problems: set[Problem] = set()
    for graph in graphs:
        plain = Graph()
        for subject, predicate, obj in graph.triples((None, None, None)):
            plain.add((subject, predicate, _as_written(obj)))
        _, results, _ = shacl_validate(plain, shacl_graph=shapes, inference="none",
                                       advanced=True, allow_warnings=True)
        sh = lambda name: URIRef(_SH + name)  # noqa: E731
        for result in results.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                       sh("ValidationResult")):
            severity = results.value(result, sh("resultSeverity"))
            value = results.value(result, sh("value"))
            path = results.value(result, sh("resultPath"))
            messages = sorted(str(m) for m in results.objects(result, sh("resultMessage")))
            problems.add(Problem(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=_compact(results.value(result, sh("focusNode"))),
                path=_compact(path) if isinstance(path, URIRef) else "",
                message=messages[0] if messages else "does not meet its shape",
                value=_compact(value) if value is not None else None))
    ordered = sorted(problems, key=lambda p: (p.severity != "Violation", p.focus, p.path,
                                              p.message, p.value or ""))
    return ValidationResult(not any(p.severity == "Violation" for p in ordered), ordered)
