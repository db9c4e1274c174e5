"""Projection: the RDF graph → a ``networkx.MultiDiGraph`` for analysis and pictures.

Entities and issues become nodes; literals become node attributes; typed relations become
edges. A graph with no entities yet (document structure only) projects its sections and
endnotes instead, with a weighted section → note edge for every note the section cites.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
from rdflib import Graph, URIRef

from .vocab import DCTERMS, GB, RDF, RDFS

_STRUCTURE_TYPES = (GB.Section, GB.Endnote)


def _short(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Project ``graph`` to a MultiDiGraph (nodes keyed by IRI string, sorted)."""
    nxg = nx.MultiDiGraph()
    for node_type in _STRUCTURE_TYPES:
        for node in sorted(graph.subjects(RDF.type, node_type)):
            nxg.add_node(str(node), label=str(graph.value(node, RDFS.label) or _short(node)),
                         type=_short(node_type))
    cites: Counter[tuple[str, str]] = Counter()
    for sentence, note in graph.subject_objects(GB.citesNote):
        paragraph = graph.value(sentence, DCTERMS.isPartOf)
        section = graph.value(paragraph, DCTERMS.isPartOf) if paragraph is not None else None
        if section is not None:
            cites[(str(section), str(note))] += 1
    for (section, note), weight in sorted(cites.items()):
        nxg.add_edge(section, note, key="cites", predicate="cites", weight=weight)
    return nxg
