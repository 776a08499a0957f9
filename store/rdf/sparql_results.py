"""A query's answer (SparqlResult, store/rdf/sparql.py) in the formats of the SPARQL 1.1 Query Results
specifications: JSON, XML, CSV and TSV for SELECT and ASK, and the RDF formats for CONSTRUCT and
DESCRIBE. The query workers write it, so that bytes rather than terms go back to the web server. A
result the row cap cut carries a flag in the body where the format has room for one (JSON, XML)."""
from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, serialize

from briefgraph.formats import Format
from briefgraph.store.rdf.sparql import SparqlResult

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TRUNCATED_LINK = "https://w3id.org/briefgraph/ontology#truncated"


def _json_term(term: object) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def to_json(result: SparqlResult) -> bytes:
    head: dict[str, Any] = {} if result.kind == "boolean" else {"vars": result.variables}
    if result.truncated:
        head["link"] = [TRUNCATED_LINK]
    body: dict[str, Any] = {"head": head}
    if result.kind == "boolean":
        body["boolean"] = bool(result.boolean)
    else:
        body["results"] = {"bindings": [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                                        for row in result.rows]}
    if result.truncated:
        body["truncated"] = True
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _xml_term(term: object) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def to_xml(result: SparqlResult) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    if result.truncated:
        out.append(f"<link href={quoteattr(TRUNCATED_LINK)}/>")
    out.append("</head>")
    if result.kind == "boolean":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                            for v, t in zip(result.variables, row) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out).encode("utf-8")


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (NamedNode, Literal)) else str(term)


def to_csv(result: SparqlResult) -> bytes:
    """CSV (RFC 4180, CRLF): values only; an ASK gives one cell, true or false."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "boolean":
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        writer.writerows([[_csv_value(t) for t in row] for row in result.rows])
    return buffer.getvalue().encode("utf-8")


def to_tsv(result: SparqlResult) -> bytes:
    """TSV: terms in their Turtle/N-Triples form, variables with their '?'."""
    if result.kind == "boolean":
        return ("true" if result.boolean else "false").encode() + b"\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS = {"sparql-json": to_json, "sparql-xml": to_xml, "csv": to_csv, "tsv": to_tsv}


def render(result: SparqlResult, fmt: Format) -> bytes:
    """A result in a format of its kind (results formats for SELECT/ASK, RDF for graphs)."""
    if result.kind == "graph":
        # Imported for graphs only: the ontology's module loads rdflib, which a worker that
        # answers SELECT and ASK queries need not load.
        from briefgraph.ontology.model import PREFIXES
        out = io.BytesIO()
        serialize(result.triples, out, fmt.rdf, prefixes=PREFIXES if fmt.prefixed else None)
        return out.getvalue()
    return WRITERS[fmt.name](result)
