"""Vocabulary: every IRI of graphbuild's ontology and every prefix it binds, spelled once.

``GB`` is a :class:`rdflib.namespace.DefinedNamespace` with ``_fail = True``, so a typo
(``GB.Setion``) raises instead of minting a new IRI. The standard vocabularies are taken
from rdflib where it ships them (schema.org, SKOS, DCTERMS, PROV, OWL, RDFS, XSD) and
declared here where it does not (NIF, CiTO, BIBO, FaBiO). No other module writes an IRI
string; the data IRIs are made by :mod:`graphbuild.ids`.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD,
                              DefinedNamespace)

#: The ontology's own namespace. Fixed: it names the shipped ``ontology.ttl``.
GB_NAMESPACE = "https://w3id.org/graphbuild/ontology#"
#: Namespace of the shipped issue scheme's concepts.
ISSUE_NAMESPACE = "https://w3id.org/graphbuild/issue/"


class GB(DefinedNamespace):
    """graphbuild's own classes and properties."""

    _fail = True
    _NS = Namespace(GB_NAMESPACE)

    # -- document structure
    Report: URIRef
    Section: URIRef
    Paragraph: URIRef
    Sentence: URIRef
    Endnote: URIRef
    Marker: URIRef
    TextSpan: URIRef
    ParagraphKind: URIRef
    Body: URIRef
    Bullet: URIRef
    PullQuote: URIRef
    AuthorBio: URIRef
    paragraphKind: URIRef
    index: URIRef
    sourceFileName: URIRef
    sha256: URIRef
    seriesName: URIRef
    span: URIRef
    inReport: URIRef
    inSentence: URIRef
    citesNote: URIRef
    refersToNote: URIRef
    noteNumber: URIRef
    rawText: URIRef
    reportDate: URIRef
    reportDateInferred: URIRef

    # -- sources
    Work: URIRef
    BibliographicAgent: URIRef
    Container: URIRef
    workType: URIRef
    etAl: URIRef
    container: URIRef
    sameWorkAs: URIRef
    urlIdentity: URIRef

    # -- actors
    Actor: URIRef
    Person: URIRef
    Country: URIRef
    SubnationalRegion: URIRef
    Region: URIRef
    Organization: URIRef
    GovernmentAgency: URIRef
    Administration: URIRef
    Legislature: URIRef
    InternationalOrganization: URIRef
    ThinkTank: URIRef
    NGO: URIRef
    University: URIRef
    Company: URIRef
    Group: URIRef

    # -- agreements, mechanisms, events
    Agreement: URIRef
    TradeAgreement: URIRef
    Treaty: URIRef
    ActionPlan: URIRef
    Initiative: URIRef
    Partnership: URIRef
    Program: URIRef
    DialogueMechanism: URIRef
    Law: URIRef
    Policy: URIRef
    Event: URIRef
    Summit: URIRef

    # -- issues and mentions
    Issue: URIRef
    Mention: URIRef
    mentions: URIRef
    mentionedIn: URIRef
    mentionCount: URIRef
    discusses: URIRef
    surfaceForm: URIRef
    entity: URIRef

    # -- relations and their evidence
    Statement: URIRef
    Recommendation: URIRef
    Horizon: URIRef
    ShortTerm: URIRef
    MediumTerm: URIRef
    LongTerm: URIRef
    Unspecified: URIRef
    leaderOf: URIRef
    partyTo: URIRef
    memberOf: URIRef
    partOf: URIRef
    established: URIRef
    replaced: URIRef
    concerns: URIRef
    cooperatesWith: URIRef
    tensionWith: URIRef
    coMentionedWith: URIRef
    addressedTo: URIRef
    horizon: URIRef
    evidence: URIRef
    rule: URIRef
    confidence: URIRef
    weight: URIRef
    subject: URIRef
    predicate: URIRef
    object: URIRef

    # -- the build
    Build: URIRef
    toolVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef


# A DefinedNamespace looks every attribute up through its metaclass (a cache, but behind a
# few calls); building a graph does that tens of thousands of times. The declared terms
# become plain class attributes, so ``GB.index`` is an ordinary lookup; an undeclared name
# still reaches the metaclass and raises.
for _name in GB.__annotations__:
    type.__setattr__(GB, _name, GB._NS[_name])
del _name


class _Namespace(Namespace):
    """An open namespace that makes each attribute's IRI once, on first use."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


NIF = _Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
CITO = _Namespace("http://purl.org/spar/cito/")
BIBO = _Namespace("http://purl.org/ontology/bibo/")
FABIO = _Namespace("http://purl.org/spar/fabio/")
ISSUE = _Namespace(ISSUE_NAMESPACE)

#: Prefixes bound on every graph graphbuild writes.
PREFIXES: dict[str, Namespace] = {
    "gb": Namespace(GB_NAMESPACE),
    "schema": Namespace(str(SDO)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "owl": Namespace(str(OWL)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "nif": NIF,
    "cito": CITO,
    "bibo": BIBO,
    "fabio": FABIO,
    "issue": ISSUE,
}

__all__ = ["GB", "NIF", "CITO", "BIBO", "FABIO", "ISSUE", "SDO", "SKOS", "DCTERMS", "PROV",
           "OWL", "RDF", "RDFS", "XSD", "PREFIXES", "bind_prefixes", "GB_NAMESPACE"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind graphbuild's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
