"""Export: a graph or dataset → the bytes of one file format, always the same bytes.

RDF formats (``turtle``, ``json-ld``, ``n-triples``, ``n-quads``, ``trig``) write the RDF
itself; ``graphml`` and ``gexf`` write the projection of :func:`graphbuild.project.to_networkx`
for Gephi, yEd or Cytoscape; ``csv`` writes three tables (``entities.csv``, ``relations.csv``
with evidence, ``sources.csv``) as a dict of file name → bytes.

Every output is deterministic: sorted, no blank nodes, no dates. JSON-LD is written here (not by
rdflib's serialiser, whose order follows the store) with a ``@context`` of graphbuild's
prefixes. In GraphML and GEXF, list attributes are joined with ``"; "`` and evidence is a JSON
string, since both formats take scalar attributes only.

Not supported: reading these formats back (rdflib and networkx do that).
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import networkx as nx
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import GraphbuildError
from .vocab import CITO, DCTERMS, GB, PREFIXES, RDF, RDFS, SDO, XSD

#: Format names and their aliases.
FORMATS = {
    "turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld",
    "n-triples": "n-triples", "nt": "n-triples", "ntriples": "n-triples",
    "n-quads": "n-quads", "nq": "n-quads", "nquads": "n-quads", "trig": "trig",
    "graphml": "graphml", "gexf": "gexf", "csv": "csv",
}
#: File suffix for each format (csv gives several files).
SUFFIX = {"turtle": ".ttl", "json-ld": ".jsonld", "n-triples": ".nt", "n-quads": ".nq",
          "trig": ".trig", "graphml": ".graphml", "gexf": ".gexf", "csv": ""}
LIST_SEPARATOR = "; "


def export(data: Graph, fmt: str) -> bytes | dict[str, bytes]:
    """Serialise a graph or dataset in one format.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        A report's graph, or a build's dataset (one named graph per report).
    fmt : str
        One of :data:`FORMATS`.

    Returns
    -------
    bytes, or dict of str to bytes for ``csv``

    Raises
    ------
    GraphbuildError
        For an unknown format, or a graph with blank nodes.

    Examples
    --------
    >>> export(graph, "json-ld")[:12]          # doctest: +SKIP
    b'{\\n  "@context'
    >>> sorted(export(graph, "csv"))           # doctest: +SKIP
    ['entities.csv', 'relations.csv', 'sources.csv']
    """
    name = FORMATS.get(fmt.lower())
    if name is None:
        raise GraphbuildError(f"unknown export format {fmt!r}; use one of "
                              + ", ".join(sorted(set(FORMATS.values()))))
    from .rdf import serialize

    if name == "turtle":
        return serialize(_union(data), "turtle")
    if name == "n-triples":
        return serialize(_union(data), "nt")
    if name == "n-quads":
        return serialize(_as_dataset(data), "nquads")
    if name == "trig":
        return serialize(_as_dataset(data), "trig")
    if name == "json-ld":
        return to_jsonld(data)
    from .project import to_networkx

    projection = to_networkx(_union(data))
    if name == "graphml":
        return to_graphml(projection)
    if name == "gexf":
        return to_gexf(projection)
    return to_csv(_union(data), projection)


def _union(data: Graph) -> Graph:
    """All triples of a dataset in one plain graph (a graph is returned as it is)."""
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for prefix, namespace in data.namespaces():
        union.bind(prefix, namespace, override=True, replace=True)
    for graph in data.graphs():
        for triple in graph:
            union.add(triple)
    return union


def _as_dataset(data: Graph) -> Dataset:
    """A dataset: as given, or one named graph holding a single report's graph.

    A graph with exactly one ``gb:Report`` goes into that report's named graph; any other
    graph goes into the default graph.
    """
    if isinstance(data, Dataset):
        return data
    from .ids import Ids

    dataset = Dataset()
    for prefix, namespace in data.namespaces():
        dataset.bind(prefix, namespace, override=True, replace=True)
    reports = sorted(data.subjects(RDF.type, GB.Report))
    if isinstance(data.identifier, URIRef):
        name = data.identifier
    elif len(reports) == 1:
        name = Ids().graph(reports[0])
    else:
        name = DATASET_DEFAULT_GRAPH_ID
    target = dataset.graph(name)
    for triple in data:
        target.add(triple)
    return dataset


# -- JSON-LD ------------------------------------------------------------------------------------

_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _jsonld_context() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}


def _compact(iri: str, context: dict[str, str]) -> str:
    for prefix, namespace in sorted(context.items(), key=lambda p: (-len(p[1]), p[0])):
        if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _jsonld_nodes(graph: Graph, context: dict[str, str]) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, list[Any]]] = {}
    for subject, predicate, obj in graph:
        if isinstance(subject, BNode) or isinstance(obj, BNode):
            raise GraphbuildError("blank nodes are not exported; give every node an IRI")
        node = nodes.setdefault(str(subject), {})
        if predicate == RDF.type:
            node.setdefault("@type", []).append(_compact(str(obj), context))
            continue
        if isinstance(obj, URIRef):
            value: Any = {"@id": _compact(str(obj), context)}
        else:
            value = {"@value": str(obj)}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype is not None and obj.datatype != XSD.string:
                value["@type"] = _compact(str(obj.datatype), context)
        node.setdefault(_compact(str(predicate), context), []).append(value)
    out = []
    for subject in sorted(nodes):
        record: dict[str, Any] = {"@id": _compact(subject, context)}
        for key in sorted(nodes[subject], key=lambda k: (k != "@type", k)):
            values = nodes[subject][key]
            record[key] = sorted(values) if key == "@type" else sorted(
                values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        out.append(record)
    return out


def to_jsonld(data: Graph) -> bytes:
    """Deterministic JSON-LD with graphbuild's prefixes as ``@context``.

    A dataset gives one ``{"@id": graph, "@graph": [...]}`` entry per named graph.
    """
    context = _jsonld_context()
    if isinstance(data, Dataset):
        entries: list[dict[str, Any]] = []
        for graph in sorted((g for g in data.graphs() if len(g)), key=lambda g: str(g.identifier)):
            nodes = _jsonld_nodes(graph, context)
            if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
                entries.extend(nodes)
            else:
                entries.append({"@id": _compact(str(graph.identifier), context), "@graph": nodes})
        document = {"@context": context, "@graph": entries}
    else:
        document = {"@context": context, "@graph": _jsonld_nodes(data, context)}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# -- GraphML and GEXF ---------------------------------------------------------------------------

def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, dict) for v in value):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def flatten(nxg: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with scalar attributes only (lists joined, evidence as JSON), ``None`` dropped."""
    flat = nx.MultiDiGraph()
    for node, data in sorted(nxg.nodes(data=True)):
        flat.add_node(node, **{k: _flat(v) for k, v in sorted(data.items()) if v is not None})
    for source, target, key, data in sorted(nxg.edges(keys=True, data=True),
                                            key=lambda e: (e[0], e[1], str(e[2]))):
        flat.add_edge(source, target, key=key,
                      **{k: _flat(v) for k, v in sorted(data.items()) if v is not None})
    return flat


def _uniform(flat: nx.MultiDiGraph) -> None:
    """Give each attribute one type on all nodes (edges), so the formats declare it once.

    An attribute whose values differ in type is written as text everywhere. A value that is
    missing stays missing: an edge with no confidence is not one with confidence 0.
    """
    for items in (list(flat.nodes(data=True)),
                  [(None, d) for _, _, d in flat.edges(data=True)]):
        kinds: dict[str, type] = {}
        for _, data in items:
            for key, value in data.items():
                kind = type(value)
                kinds[key] = kind if kinds.get(key, kind) == kind else str
        for _, data in items:
            for key, value in data.items():
                if type(value) is not kinds[key]:
                    data[key] = str(value)


_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def to_graphml(nxg: nx.MultiDiGraph) -> bytes:
    """GraphML of a projection, with types, labels, weights and evidence as attributes.

    Written here rather than by networkx's writer, which builds an element tree of the
    whole graph first: the same document (``networkx.read_graphml`` reads it back the same),
    in a fraction of the time.
    """
    from xml.sax.saxutils import escape, quoteattr

    flat = flatten(nxg)
    _uniform(flat)

    def value(item: Any) -> str:
        return ("true" if item else "false") if isinstance(item, bool) else escape(str(item))

    def data_lines(attributes: dict[str, Any], indent: str) -> list[str]:
        lines = []
        for key, item in attributes.items():
            text = value(item)
            lines.append(f'{indent}<data key={quoteattr(key)}>{text}</data>\n' if text
                         else f'{indent}<data key={quoteattr(key)} />\n')
        return lines

    keys: list[str] = []
    for kind, items in (("edge", [d for _, _, d in flat.edges(data=True)]),
                        ("node", [d for _, d in flat.nodes(data=True)])):
        types: dict[str, type] = {}
        for attributes in items:
            for key, item in attributes.items():
                types.setdefault(key, type(item))
        for key in reversed(list(types)):  # the latest-seen attribute first, as networkx does
            keys.append(f'  <key id={quoteattr(key)} for="{kind}" attr.name={quoteattr(key)} '
                        f'attr.type="{_GRAPHML_TYPES.get(types[key], "string")}" />\n')
    parts = [_GRAPHML_HEAD, *keys, '  <graph edgedefault="directed">\n']
    for node, attributes in flat.nodes(data=True):
        parts.append(f"    <node id={quoteattr(str(node))}>\n")
        parts.extend(data_lines(attributes, "      "))
        parts.append("    </node>\n")
    for source, target, key, attributes in flat.edges(keys=True, data=True):
        parts.append(f"    <edge source={quoteattr(str(source))} target={quoteattr(str(target))} "
                     f"id={quoteattr(str(key))}>\n")
        parts.extend(data_lines(attributes, "      "))
        parts.append("    </edge>\n")
    parts.append("  </graph>\n</graphml>\n")
    return "".join(parts).encode("utf-8")


_GEXF_DATE = re.compile(rb'\s+lastmodifieddate="[^"]*"')


def to_gexf(nxg: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 of a projection, without the writer's date stamp."""
    flat = flatten(nxg)
    _uniform(flat)
    flat.graph.clear()
    # GEXF keeps an edge's key in ``id``; ours are predicate names, unique only per pair
    for number, (_, _, data) in enumerate(flat.edges(data=True)):
        data["id"] = f"e{number}"
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer, encoding="utf-8", prettyprint=True)
    return _GEXF_DATE.sub(b"", buffer.getvalue())


# -- CSV ----------------------------------------------------------------------------------------

def _table(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8")


def _evidence_text(evidence: list[dict[str, Any]]) -> tuple[str, str, str]:
    sentences = LIST_SEPARATOR.join(e["sentence"] for e in evidence)
    texts = " | ".join(e["text"] for e in evidence)
    notes = LIST_SEPARATOR.join(sorted({str(n["number"]) for e in evidence for n in e["notes"]},
                                       key=lambda n: (len(n), n)))
    return sentences, texts, notes


def to_csv(graph: Graph, projection: nx.MultiDiGraph | None = None) -> dict[str, bytes]:
    """Three tables: ``entities.csv``, ``relations.csv`` (with evidence) and ``sources.csv``."""
    from .project import to_networkx

    nxg = projection if projection is not None else to_networkx(graph)
    entity_rows = []
    for node, data in sorted(nxg.nodes(data=True)):
        entity_rows.append([node, data.get("label"), data.get("type"),
                            LIST_SEPARATOR.join(data.get("types", [])),
                            LIST_SEPARATOR.join(data.get("aliases", [])), data.get("wikidata"),
                            data.get("mentions"), LIST_SEPARATOR.join(data.get("issues", [])),
                            len(data.get("evidence", []))])
    relation_rows = []
    for source, target, key, data in sorted(nxg.edges(keys=True, data=True),
                                            key=lambda e: (e[0], e[1], str(e[2]))):
        sentences, texts, notes = _evidence_text(data.get("evidence", []))
        relation_rows.append([source, nxg.nodes[source].get("label"), data.get("predicate", key),
                              target, nxg.nodes[target].get("label"), data.get("weight"),
                              data.get("confidence"), LIST_SEPARATOR.join(data.get("rules", [])),
                              sentences, texts, notes])
    source_rows = []
    for work in sorted(graph.subjects(RDF.type, GB.Work)):
        notes = sorted(graph.subjects(CITO.cites, work), key=str)
        numbers = sorted(int(graph.value(n, GB.noteNumber)) for n in notes
                         if graph.value(n, GB.noteNumber) is not None)
        creators = sorted(str(graph.value(c, RDFS.label) or c)
                          for c in graph.objects(work, DCTERMS.creator))
        container = graph.value(work, SDO.isPartOf)
        source_rows.append([
            str(work), graph.value(work, DCTERMS.title), LIST_SEPARATOR.join(creators),
            graph.value(work, DCTERMS.date), graph.value(container, RDFS.label) if container else None,
            graph.value(work, DCTERMS.identifier), graph.value(work, SDO.url),
            graph.value(work, GB.workType), LIST_SEPARATOR.join(str(n) for n in numbers),
            len(set(graph.subjects(CITO.citesAsEvidence, work)))])
    return {
        "entities.csv": _table(["id", "label", "type", "types", "aliases", "wikidata",
                                "mentions", "issues", "evidence_sentences"], entity_rows),
        "relations.csv": _table(["source", "source_label", "predicate", "target", "target_label",
                                 "weight", "confidence", "rules", "evidence_sentences",
                                 "evidence_text", "notes"], relation_rows),
        "sources.csv": _table(["id", "title", "creators", "date", "container", "identifier",
                               "url", "type", "notes", "citing_sentences"], source_rows),
    }


__all__ = ["export", "to_jsonld", "to_graphml", "to_gexf", "to_csv", "flatten", "FORMATS",
           "SUFFIX"]
