"""Query: SPARQL over built graphs, with canned questions and two engines behind one call.

:func:`load_graph` reads Turtle and TriG files (or folders of them) into an
:class:`rdflib.Dataset` whose default graph is the union of its named graphs: each Turtle
file goes into the named graph of the report it describes (``{report}/graph``, as a TriG
build writes it), so a query without ``GRAPH`` sees everything and one with ``GRAPH ?g``
can tell reports apart. :func:`run_query` evaluates a query with rdflib (the default) or
Oxigraph (``engine="oxigraph"``, through ``pyoxigraph``; much faster on a corpus) and
returns a :class:`QueryResult` of plain Python values, the same from either engine. Both
see the default graph as a set: a triple that several reports' graphs hold (an entity's
type, a work's title) matches once, not once per report (see :func:`oxigraph_store`).

The canned queries are files, ``graphbuild/data/queries/<name>.rq``; their leading ``#``
comment says what each answers and declares its parameters::

    # Actors mentioned together with a given actor, by co-mention weight.
    # param: actor — label or IRI of the actor (default: Mexico)

A parameter is bound as an RDF term — an IRI, a typed literal or a plain string, never
pasted query text — by an inline ``VALUES ?name { term }`` block placed first in the
query's ``WHERE`` group, so filters in the group see it and both engines evaluate the same
text. A query that cannot be parsed raises :class:`~graphbuild.errors.GraphbuildError`
with the parser's message. Not supported: SPARQL Update (this module only reads), and
blank-node values in parameters.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GraphbuildError, InputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from rdflib import Dataset

#: The engines :func:`run_query` knows.
ENGINES = ("rdflib", "oxigraph")
#: The output formats :func:`format_result` knows.
FORMATS = ("table", "csv", "json")
#: Graph file suffixes a folder is searched for.
GRAPH_SUFFIXES = (".ttl", ".trig")

_INTEGER_TYPES = {"integer", "int", "long", "short", "byte", "nonNegativeInteger",
                  "positiveInteger", "negativeInteger", "nonPositiveInteger",
                  "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"}
_FLOAT_TYPES = {"decimal", "double", "float"}
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class QueryParam:
    """A parameter a canned query declares: ``# param: NAME — meaning (default: VALUE)``."""

    name: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class CannedQuery:
    """A shipped query: its file stem, what it answers, its text and its parameters."""

    name: str
    description: str
    sparql: str
    params: tuple[QueryParam, ...] = ()


@dataclass
class QueryResult:
    """The answer to a query as plain Python values.

    IRIs and most literals are ``str``; integers are ``int``, decimals and doubles
    ``float``, booleans ``bool``; an unbound variable is ``None``. An ``ASK`` query has the
    one column ``ask``; ``CONSTRUCT`` and ``DESCRIBE`` have ``subject``, ``predicate``,
    ``object``.
    """

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries keyed by column."""
        return [dict(zip(self.columns, row)) for row in self.rows]


# -- loading ---------------------------------------------------------------------------------

def graph_files(paths: str | Path | Sequence[str | Path]) -> list[Path]:
    """Expand files and folders into the ``.ttl``/``.trig`` files they name, in a stable order.

    Raises
    ------
    InputError
        For a path that does not exist, or a folder without graph files.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file()
                           and p.suffix.lower() in GRAPH_SUFFIXES and not p.name.startswith("."))
            if not files:
                raise InputError(str(path), "no graph files (*.ttl, *.trig) in this folder")
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return list(dict.fromkeys(found))


def _report_graph_name(subjects: Iterable[str]) -> str | None:
    """The named graph of the one report a Turtle file holds (``None`` for none or several)."""
    reports = sorted(set(subjects))
    return f"{reports[0]}/graph" if len(reports) == 1 else None


def load_graph(paths: str | Path | Sequence[str | Path]) -> "Dataset":
    """Read graph files into one dataset whose default graph is the union of all graphs.

    Parameters
    ----------
    paths : str, Path or sequence of them
        Turtle (``.ttl``) or TriG (``.trig``) files, or folders of them.

    Returns
    -------
    rdflib.Dataset
        A Turtle file describing one report is its named graph ``{report}/graph``; TriG
        keeps its own graphs.

    Raises
    ------
    InputError
        For a missing file, or one that is not valid Turtle/TriG (with the parser's message).

    Examples
    --------
    >>> dataset = load_graph("data/graph")                     # doctest: +SKIP
    >>> run_query(dataset, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows   # doctest: +SKIP
    [(6769,)]
    """
    from rdflib import Dataset, Graph, URIRef

    from .vocab import GB, RDF, bind_prefixes

    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    for path in graph_files(paths):
        try:
            if path.suffix.lower() == ".trig":
                with _rdflib_quietly():
                    dataset.parse(path, format="trig")
                continue
            graph = Graph()
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises BadSyntax and friends
            raise InputError(str(path), f"not readable as RDF: {exc}") from None
        name = _report_graph_name(str(s) for s in graph.subjects(RDF.type, GB.Report))
        target = dataset.graph(URIRef(name)) if name else dataset.default_graph
        target.addN((s, p, o, target) for s, p, o in graph)
    return dataset


@contextmanager
def _rdflib_quietly():
    """Silence the DeprecationWarnings rdflib's own code raises (its evaluator and TriG
    parser call its deprecated ``default_context``/``ConjunctiveGraph`` on every lookup):
    they are rdflib's, not the user's, and cost time by the thousand."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def oxigraph_store(graphs: "str | Path | Sequence[str | Path] | Dataset"):
    """A pyoxigraph in-memory store of the graphs :func:`load_graph` would read, with the
    union of the named graphs written out as its default graph.

    Every quad is stored twice: in its named graph, for ``GRAPH ?g`` patterns, and as a
    triple in the store's default graph, which (a graph being a set) holds each triple once
    however many reports share it. Oxigraph's own union-default-graph option is not used:
    it matches a triple once per graph that holds it (bag semantics), so entities, works
    and issues that several reports share would come back once per report, unlike rdflib.

    Parameters
    ----------
    graphs : path(s) or rdflib.Dataset
        Turtle/TriG files or folders, or a loaded dataset.

    Returns
    -------
    pyoxigraph.Store
        Queried by :func:`run_query` (``engine="oxigraph"``) and by :mod:`graphbuild.serve`
        without the union option: its default graph already is the union.

    Raises
    ------
    InputError
        For a missing or unreadable graph file.
    """
    import pyoxigraph as ox
    from rdflib import Dataset

    from .vocab import GB, RDF

    store = ox.Store()
    if isinstance(graphs, Dataset):
        with _rdflib_quietly():
            data = graphs.serialize(format="nquads", encoding="utf-8")
        store.bulk_extend(_and_in_default_graph(ox.parse(data, format=ox.RdfFormat.N_QUADS)))
        return store
    rdf_type, report_class = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(GB.Report))
    for path in graph_files(graphs):
        try:
            if path.suffix.lower() == ".trig":
                quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
            else:
                triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
                name = _report_graph_name(t.subject.value for t in triples
                                          if t.predicate == rdf_type and t.object == report_class)
                graph = ox.NamedNode(name) if name else ox.DefaultGraph()
                quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(str(path), f"not readable as RDF: {exc}") from None
        store.bulk_extend(_and_in_default_graph(quads))
    return store


def _and_in_default_graph(quads):
    """Each quad, and for one in a named graph its triple in the default graph as well."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in quads:
        yield quad
        if quad.graph_name != default:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


# -- canned queries --------------------------------------------------------------------------

_PARAM_LINE = re.compile(r"#\s*param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*[—–-]+\s*"
                         r"(?P<text>.*?)\s*(?:\(default:\s*(?P<default>[^)]*)\))?\s*$")


def parse_canned(name: str, sparql: str) -> CannedQuery:
    """Read a query file's leading comment into a :class:`CannedQuery`.

    The comment lines before the first line of SPARQL are the description, except lines
    ``# param: NAME — meaning (default: VALUE)``, which declare parameters.
    """
    description: list[str] = []
    params: list[QueryParam] = []
    for line in sparql.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _PARAM_LINE.fullmatch(stripped)
        if match:
            params.append(QueryParam(match["name"], match["text"], match["default"]))
        else:
            description.append(stripped.lstrip("#").strip())
    return CannedQuery(name, " ".join(d for d in description if d), sparql, tuple(params))


@lru_cache(maxsize=1)
def _load_canned() -> tuple[CannedQuery, ...]:
    folder = resources.files("graphbuild") / "data" / "queries"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return tuple(parse_canned(f.name[:-3], f.read_text(encoding="utf-8")) for f in files)


def canned_queries() -> dict[str, CannedQuery]:
    """The shipped queries by name (the file stem), sorted by name."""
    return {query.name: query for query in _load_canned()}


def get_canned(name: str) -> CannedQuery:
    """One shipped query by name; an unknown name raises with the names there are."""
    queries = canned_queries()
    if name not in queries:
        raise GraphbuildError(f"no canned query named {name!r}; there are: "
                              + ", ".join(queries))
    return queries[name]


def with_prefixes(sparql: str) -> str:
    """``sparql`` with a ``PREFIX`` line for each graphbuild prefix it does not declare.

    :func:`run_query` predeclares them; an endpoint (:mod:`graphbuild.serve`) or another
    SPARQL store needs them written out.
    """
    from .vocab import PREFIXES

    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", sparql)}
    lines = [f"PREFIX {name}: <{namespace}>" for name, namespace in PREFIXES.items()
             if name.lower() not in declared]
    return "\n".join(lines + [sparql])


def read_query_file(path: str | Path) -> str:
    """The text of a ``.rq`` file (``--file``); a missing or undecodable file is an InputError."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the query: {exc}") from None


def describe_canned(queries: Mapping[str, CannedQuery] | None = None) -> str:
    """The list ``graphbuild query --list`` prints: each name, what it answers, its parameters."""
    queries = canned_queries() if queries is None else queries
    lines = []
    for canned in queries.values():
        lines.append(canned.name)
        lines.append(f"    {canned.description}")
        for param in canned.params:
            default = f" (default: {param.default})" if param.default is not None else ""
            lines.append(f"    --param {param.name}=…  {param.description}{default}")
    return "\n".join(lines) + "\n"


# -- parameters ------------------------------------------------------------------------------

def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["actor=Mexico", "note=12"]`` → ``{"actor": "Mexico", "note": "12"}`` (from ``--param``)."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name.strip()):
            raise GraphbuildError(f"--param {pair!r}: expected NAME=VALUE")
        params[name.strip()] = value
    return params


def param_term(value: str):
    """The RDF term a parameter value stands for.

    ``<iri>``, ``http(s)://…`` and a prefixed name with one of graphbuild's prefixes
    (``gb:Country``, ``issue:trade``) are IRIs; ``12`` an ``xsd:integer``, ``0.5`` an
    ``xsd:decimal``, ``2021-01-20`` an ``xsd:date``, ``true``/``false`` booleans; a value in
    double quotes, and anything else, a plain string.
    """
    from rdflib import Literal
    from rdflib.namespace import XSD

    from .vocab import PREFIXES

    text = value.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return Literal(text[1:-1])
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1], value)
    if re.match(r"https?://\S+$", text):
        return _iri(text, value)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", local):
        return _iri(str(PREFIXES[prefix]) + local, value)
    if re.fullmatch(r"[+-]?\d+", text):
        return Literal(text, datatype=XSD.integer)
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return Literal(text, datatype=XSD.decimal)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Literal(text, datatype=XSD.date)
    if text in ("true", "false"):
        return Literal(text, datatype=XSD.boolean)
    return Literal(value)


def _iri(text: str, value: str):
    from rdflib import URIRef

    if re.search(r'[\s<>"{}|\\^`]', text):
        raise GraphbuildError(f"parameter value {value!r} is not a valid IRI")
    return URIRef(text)


_TOKENS = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<word>[A-Za-z_]+)
  | (?P<brace>\{)
""", re.VERBOSE | re.DOTALL)


def _where_brace(sparql: str) -> int:
    """Offset just after the ``{`` that opens the query's outer ``WHERE`` group."""
    seen_form = False
    after_where = False
    for match in _TOKENS.finditer(sparql):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                seen_form = True
                if word == "ASK":
                    after_where = True
            elif word == "WHERE":
                after_where = True
        elif kind == "brace" and seen_form:
            if after_where or not re.search(r"\bCONSTRUCT\b", sparql[:match.start()], re.I):
                return match.end()
    raise GraphbuildError("cannot bind parameters: the query has no WHERE group")


def bind_params(sparql: str, params: Mapping[str, str] | None,
                declared: Sequence[QueryParam] = ()) -> str:
    """The query with each parameter bound by an inline ``VALUES`` block.

    Parameters
    ----------
    sparql : str
        The query text.
    params : mapping of str to str
        Values as typed on the command line (see :func:`param_term`).
    declared : sequence of QueryParam
        A canned query's parameters: their defaults apply, and no others are accepted.

    Raises
    ------
    GraphbuildError
        For a parameter the query neither declares nor uses as a variable.
    """
    values = {p.name: p.default for p in declared if p.default is not None}
    names = {p.name for p in declared}
    for name, value in (params or {}).items():
        if declared and name not in names:
            raise GraphbuildError(f"unknown parameter {name!r}; this query takes: "
                                  + (", ".join(sorted(names)) or "none"))
        if not declared and not re.search(rf"[?$]{re.escape(name)}\b", sparql):
            raise GraphbuildError(f"unknown parameter {name!r}: the query has no ?{name}")
        values[name] = value
    if not values:
        return sparql
    at = _where_brace(sparql)
    block = "".join(f"\n  VALUES ?{name} {{ {param_term(value).n3()} }}"
                    for name, value in sorted(values.items()))
    return sparql[:at] + block + sparql[at:]


# -- running ---------------------------------------------------------------------------------

def _python_value(term) -> Any:
    """An rdflib or pyoxigraph term as a plain Python value (see :class:`QueryResult`)."""
    if term is None:
        return None
    from_rdflib = type(term).__module__.startswith("rdflib")
    # the lexical form: rdflib's Literal.value is a converted Python object, not the text
    text = str(term) if from_rdflib else term.value
    datatype = getattr(term, "datatype", None)
    if datatype is not None:
        datatype = str(datatype) if from_rdflib else datatype.value
        local = datatype[len(_XSD):] if datatype.startswith(_XSD) else None
        try:
            if local in _INTEGER_TYPES:
                return int(text)
            if local in _FLOAT_TYPES:
                return float(text)
        except ValueError:
            return text
        if local == "boolean":
            return text.strip() in ("true", "1")
    return str(text)


def _syntax_error(exc: Exception) -> GraphbuildError:
    message = str(exc).strip() or type(exc).__name__
    return GraphbuildError(f"SPARQL syntax error: {message}")


def _run_rdflib(dataset: "Dataset", sparql: str) -> QueryResult:
    from rdflib.plugins.sparql import prepareQuery

    from .vocab import PREFIXES

    try:
        prepared = prepareQuery(sparql, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing's ParseException, or an algebra error
        raise _syntax_error(exc) from None
    try:
        with _rdflib_quietly():
            return _rdflib_rows(dataset.query(prepared))
    except GraphbuildError:
        raise
    except Exception as exc:
        raise GraphbuildError(f"query failed: {type(exc).__name__}: {exc}") from None


def _rdflib_rows(result) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(["ask"], [(bool(result.askAnswer),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = sorted(tuple(_python_value(t) for t in triple) for triple in result.graph)
        return QueryResult(["subject", "predicate", "object"], rows)
    columns = [str(v) for v in result.vars]
    rows = [tuple(_python_value(row[i]) for i in range(len(columns))) for row in result]
    return QueryResult(columns, rows)


def _run_oxigraph(store, sparql: str) -> QueryResult:
    import pyoxigraph as ox

    from .vocab import PREFIXES

    try:
        # no use_default_graph_as_union: the store's default graph is the union (see
        # oxigraph_store), and Oxigraph's option would count shared triples once per graph
        result = store.query(sparql, prefixes={k: str(v) for k, v in PREFIXES.items()})
    except SyntaxError as exc:
        raise _syntax_error(exc) from None
    except Exception as exc:
        raise GraphbuildError(f"query failed: {type(exc).__name__}: {exc}") from None
    try:
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(["ask"], [(bool(result),)])
        if isinstance(result, ox.QueryTriples):
            rows = sorted(tuple(_python_value(t) for t in (triple.subject, triple.predicate,
                                                           triple.object)) for triple in result)
            return QueryResult(["subject", "predicate", "object"], rows)
        columns = [v.value for v in result.variables]
        rows = [tuple(_python_value(solution[i]) for i in range(len(columns)))
                for solution in result]
    except Exception as exc:  # evaluation is lazy: errors surface while iterating
        raise GraphbuildError(f"query failed: {type(exc).__name__}: {exc}") from None
    return QueryResult(columns, rows)


def run_query(graphs: "Sequence[str | Path] | str | Path | Dataset", sparql: str, *,
              engine: str = "rdflib", params: Mapping[str, str] | None = None,
              declared: Sequence[QueryParam] = ()) -> QueryResult:
    """Run a SPARQL query over graph files or a loaded dataset.

    Parameters
    ----------
    graphs : path(s), rdflib.Dataset or pyoxigraph.Store
        Turtle/TriG files or folders (see :func:`load_graph`), or a loaded dataset (for
        either engine), or a pyoxigraph store made by :func:`oxigraph_store` (for
        ``engine="oxigraph"``; another store is queried as it is, its own default graph
        without the named ones).
    sparql : str
        A SELECT, ASK, CONSTRUCT or DESCRIBE query. graphbuild's prefixes (``gb:``,
        ``schema:``, ``skos:`` …) are predeclared.
    engine : {"rdflib", "oxigraph"}
        rdflib is pure Python; Oxigraph (``pyoxigraph``) is faster on large graphs.
        Both query the union of the named graphs (a set of triples) as the default graph.
    params : mapping of str to str, optional
        Values bound to variables of the query (see :func:`bind_params`).
    declared : sequence of QueryParam, optional
        The parameters a canned query declares (defaults, and a check on names).

    Returns
    -------
    QueryResult

    Raises
    ------
    GraphbuildError
        For an unknown engine, a query that does not parse (with the parser's message) or
        fails, an unknown parameter; :class:`InputError` for unreadable graph files.

    Examples
    --------
    >>> result = run_query(["data/graph"], "SELECT ?s { ?s a gb:Report }")   # doctest: +SKIP
    >>> result.columns                                                      # doctest: +SKIP
    ['s']
    """
    from rdflib import Dataset

    if engine not in ENGINES:
        raise GraphbuildError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    sparql = bind_params(sparql, params, declared)
    is_store = type(graphs).__module__.startswith("pyoxigraph")
    if engine == "oxigraph":
        store = graphs if is_store else oxigraph_store(graphs)
        return _run_oxigraph(store, sparql)
    if is_store:
        raise GraphbuildError("a pyoxigraph store is queried with engine='oxigraph'")
    dataset = graphs if isinstance(graphs, Dataset) else load_graph(graphs)
    return _run_rdflib(dataset, sparql)


def run_canned(graphs: "Sequence[str | Path] | str | Path | Dataset", name: str, *,
               engine: str = "rdflib", params: Mapping[str, str] | None = None) -> QueryResult:
    """Run the shipped query ``name`` (see :func:`canned_queries`) with its parameters."""
    canned = get_canned(name)
    return run_query(graphs, canned.sparql, engine=engine, params=params,
                     declared=canned.params)


# -- formatting ------------------------------------------------------------------------------

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_result(result: QueryResult, fmt: str = "table", *, max_width: int = 60) -> str:
    """Render a result as an aligned text table, CSV (RFC 4180) or JSON (a list of objects).

    In a table, cells longer than ``max_width`` are cut with ``…`` and line breaks shown
    as spaces; CSV and JSON keep every value whole.
    """
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps(result.records(), indent=2, ensure_ascii=False) + "\n"
    if fmt != "table":
        raise GraphbuildError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")

    def fit(value: Any) -> str:
        text = " ".join(_cell(value).split())
        return text if len(text) <= max_width else text[:max_width - 1] + "…"

    cells = [[fit(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells])
              for i, c in enumerate(result.columns)]
    numeric = [all(isinstance(row[i], (int, float)) and not isinstance(row[i], bool)
                   for row in result.rows if row[i] is not None) and bool(result.rows)
               for i in range(len(result.columns))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if n else v.ljust(w)
                         for v, w, n in zip(values, widths, numeric)).rstrip()

    lines = [line(list(result.columns)), line(["-" * w for w in widths])]
    lines.extend(line(row) for row in cells)
    plural = "" if len(result.rows) == 1 else "s"
    lines.append(f"({len(result.rows)} row{plural})")
    return "\n".join(lines) + "\n"


# -- notebooks -------------------------------------------------------------------------------

def query(sparql_or_name: str, graph: "Dataset | str | Path | Sequence[str | Path] | None" = None,
          *, engine: str = "oxigraph", **params: Any) -> "pandas.DataFrame":
    """Ask the graph from a notebook: a canned query's name or SPARQL text → a DataFrame.

    Parameters
    ----------
    sparql_or_name : str
        The name of a shipped query (``"actors-by-mentions"``) or a SPARQL query.
    graph : rdflib.Dataset, path(s), optional
        What to query; by default the graph files in ``data/graph/`` under the current
        folder (or its parent, for a notebook in ``notebooks/``).
    engine : {"rdflib", "oxigraph"}
    **params
        Query parameters, e.g. ``query("co-mentioned-with", actor="Mexico")``.

    Returns
    -------
    pandas.DataFrame
        One column per variable; an empty frame (with the columns) when nothing matches.
    """
    import pandas as pd

    if graph is None:
        graph = _default_graph_folder()
    values = {name: str(value) for name, value in params.items()}
    if sparql_or_name in canned_queries():
        result = run_canned(graph, sparql_or_name, engine=engine, params=values)
    else:
        result = run_query(graph, sparql_or_name, engine=engine, params=values)
    return pd.DataFrame.from_records(result.rows, columns=result.columns)


def _default_graph_folder() -> Path:
    for folder in (Path.cwd() / "data" / "graph", Path.cwd().parent / "data" / "graph"):
        if folder.is_dir() and any(folder.glob("*.ttl")):
            return folder
    raise GraphbuildError("no graph given and no data/graph/*.ttl here; run 'graphbuild build'")
