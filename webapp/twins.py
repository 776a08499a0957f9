"""Every data page has machine-readable twins: the same route with a suffix (`.json`; for entities,
events and briefings also the Linked Data suffixes `.ttl`, `.jsonld`, `.nt`, `.rdf`, `.cypher`),
or the same URL asked for by `Accept`. A page view returns a `Page`; `twin_route` renders it in the
format asked for, caches it by the store's generation, and names the twins in a `Link` header.
The routes registered here also make up the OpenAPI document (api.py)."""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, g, jsonify, make_response, render_template, request

from briefgraph.store.graph.keyset import Cursor

from .cache import CachedPage, PageCache, etag
from .context import get_view

JSON = "application/json"
# What a route with Linked Data twins says it describes: its arguments -> (kind, id).
Describe = Callable[..., tuple[str, str]]
HTML = "text/html"


@dataclass
class Page:
    """What a page view found: its data (the JSON twin) and how the HTML shows it."""

    template: str
    data: dict[str, Any]
    title: str
    crumbs: list[tuple[str, str | None]] = field(default_factory=list)   # (label, url or None)
    extra: dict[str, Any] = field(default_factory=dict)                  # for the template only
    status: int = 200


@dataclass(frozen=True)
class ApiRoute:
    """A JSON route, as the OpenAPI document describes it."""

    rule: str
    summary: str
    params: tuple[tuple[str, str, str], ...]   # (name, type, description) of the query string
    tag: str


ROUTES: list[ApiRoute] = []
# The parameter of the pages that can be read as of a day (context.reading_view).
AS_OF = ("as_of", "string", "a day (YYYY-MM-DD): the archive as the briefings published by then had it")
# ... and as recorded then (context.reading_view): what the archive held at a time.
RECORDED_AS_OF = ("recorded_as_of", "string", "a day (YYYY-MM-DD: its end, UTC) or a time (YYYY-MM-DDTHH:MM:SSZ): "
                  "the archive as it held its briefings then, since superseded versions included")
READING = (AS_OF, RECORDED_AS_OF)


def _as_of_arg() -> dt.date | None:
    """The request's as-of day, if its route takes one; 400 for a malformed one."""
    raw = request.args.get("as_of", "").strip()
    if not raw:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        abort(400, description=f"as_of={raw[:40]!r}: give a day as YYYY-MM-DD.")


def _recorded_arg() -> str | None:
    """The request's record time, if its route takes one, as the change sets' times are written
    (ISO 8601, UTC, to the second); a day is read as its end. 400 for a malformed one."""
    raw = request.args.get("recorded_as_of", "").strip()
    if not raw:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return dt.date.fromisoformat(raw).isoformat() + "T23:59:59Z"
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})", raw):
            raise ValueError(raw)
        return dt.datetime.fromisoformat(raw).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        abort(400, description=f"recorded_as_of={raw[:40]!r}: give a day as YYYY-MM-DD or a time as "
                               "YYYY-MM-DDTHH:MM:SSZ (or with an offset).")


def page_cache() -> PageCache:
    """The app's page cache (PAGE_CACHE_SIZE pages; 0 turns it off)."""
    cache: PageCache | None = current_app.extensions.get("briefgraph.pages")
    if cache is None:
        made = PageCache(current_app.config["PAGE_CACHE_SIZE"], current_app.config.get("PAGE_CACHE_BYTES", 64 << 20))
        cache = current_app.extensions.setdefault("briefgraph.pages", made)
    return cache


# The Linked Data twins of entity, event and briefing pages: suffix -> registry format name.
LINKED_DATA = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "rdfxml", "cypher": "cypher"}


def _suffix_format(fmt: str | None) -> str | None:
    """The registry format a suffix names ('json' for the JSON twin)."""
    return "json" if fmt == "json" else LINKED_DATA.get(fmt or "")


def wants_json() -> bool:
    """Whether the request asks for JSON: a `.json` suffix, or JSON preferred to HTML in Accept."""
    if (request.view_args or {}).get("fmt") == "json" or request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match([HTML, JSON])
    return best == JSON and request.accept_mimetypes[JSON] > request.accept_mimetypes[HTML]


def negotiated(fmt: str | None, linked_data: bool) -> str:
    """'html', 'json' or an RDF format name, from the suffix or else the Accept header."""
    if fmt:
        return _suffix_format(fmt) or "html"
    offered = [HTML, JSON]
    if linked_data:
        from briefgraph.formats import get_format
        offered += [get_format(name).media_type for name in LINKED_DATA.values()]
    best = request.accept_mimetypes.best_match(offered, default=HTML)
    if best == HTML or request.accept_mimetypes[best] <= request.accept_mimetypes[HTML]:
        return "html"
    if best == JSON:
        return "json"
    from briefgraph.formats import get_format
    return get_format(best).name


def json_twin(path: str) -> str:
    """The JSON twin's path of a page's path ('/' has '/index.json')."""
    return ("/index" if path == "/" else path) + ".json"


def _json_url(url: str) -> str:
    """The JSON twin of a page's URL ('/events?after=x' -> '/events.json?after=x')."""
    path, sep, query = url.partition("?")
    return json_twin(path) + sep + query


def cursor_arg(name: str = "after") -> Cursor | None:
    """A list's page cursor from the request (None for the first page); 400 for a malformed one."""
    try:
        return Cursor.parse(request.args.get(name, "").strip() or None)
    except ValueError as exc:
        abort(400, description=f"{name}: {exc}; follow a page's own links.")


def known_args() -> list[tuple[str, str]]:
    """The request's parameters that its route declares, in a fixed order: what the page depends
    on, and all that its links carry (an unknown parameter changes nothing, so it neither makes a
    page of its own in the cache nor travels on)."""
    declared = g.get("declared_params", ())
    return sorted((k, v) for k, v in request.args.items(multi=True) if k in declared)


def _alternates(path: str, linked_data: bool) -> str:
    """The Link header naming the HTML page and its twins."""
    from briefgraph.formats import get_format
    query = urlencode(known_args())
    suffix = f"?{query}" if query else ""
    links = [f'<{path}{suffix}>; rel="alternate"; type="{HTML}"',
             f'<{json_twin(path)}{suffix}>; rel="alternate"; type="{JSON}"']
    if linked_data:
        links += [f'<{path}.{ext}>; rel="alternate"; type="{get_format(name).media_type}"'
                  for ext, name in LINKED_DATA.items()]
    return ", ".join(links)


def _render(view: Callable[..., Page], describe: Describe | None, out: str, args: tuple[Any, ...],
            kwargs: dict[str, Any]) -> CachedPage:
    """The page in the format asked for."""
    if out in ("html", "json"):
        page = view(*args, **kwargs)
        if out == "json":
            # a list's next page, in the JSON twin, is the next page's JSON twin
            following = page.data.get("next")
            data = {**page.data, **({"next": _json_url(following)} if following else {}),
                    **({"as_of": g.as_of.isoformat()} if g.get("as_of") else {}),
                    **({"recorded_as_of": g.recorded_as_of} if g.get("recorded_as_of") else {})}
            rendered = jsonify(data)
        else:
            rendered = make_response(render_template(page.template, this=page, **page.data, **page.extra))
        return CachedPage(rendered.get_data(), rendered.content_type, page.status)
    from .linked_data import describe_as
    if describe is None:            # negotiated() offers RDF only to routes with twins
        raise RuntimeError(f"{request.path} has no {out} twin")
    body, media_type = describe_as(out, *describe(**kwargs))
    return CachedPage(body, media_type, 200)


def twin_route(bp: Blueprint, rule: str, summary: str, params: tuple[tuple[str, str, str], ...] = (),
               describe: Describe | None = None,
               cached: bool = True) -> Callable[[Callable[..., Page]], Callable[..., Response]]:
    """Register a page view at `rule` and at `rule.json`; with `describe` (route arguments ->
    (kind, id)), also at the Linked Data suffixes, and by content negotiation of RDF. `cached`
    pages depend on the store alone (the page cache and the ETag follow its generation)."""
    ROUTES.append(ApiRoute(rule, summary, params, bp.name))
    declared = frozenset(name for name, _, _ in params)
    linked_data = describe is not None
    suffixes = ",".join(["json", *LINKED_DATA]) if linked_data else "json"

    def decorate(view: Callable[..., Page]) -> Callable[..., Response]:
        @functools.wraps(view)
        def respond(*args: Any, fmt: str | None = None, **kwargs: Any) -> Response:
            base = request.path
            if fmt:
                base = base[: -len(fmt) - 1]
                base = "/" if base == "/index" else base
            out = negotiated(fmt, linked_data)
            g.declared_params = declared
            g.as_of = _as_of_arg() if "as_of" in declared else None
            g.recorded_as_of = _recorded_arg() if "recorded_as_of" in declared else None
            key = (base, urlencode(known_args()), out)
            page: CachedPage | None
            if not cached:
                page = _render(view, describe, out, args, kwargs)
                response = make_response(page.body, page.status)
                response.content_type = page.content_type
            else:
                generation = get_view().generation()
                tag = etag(generation, key)
                cache = page_cache()
                page = cache.get((generation, *key))
                if page is None:
                    page = _render(view, describe, out, args, kwargs)
                    cache.put((generation, *key), page)
                # 304 only for a page that exists; weak comparison, as RFC 9110 asks of If-None-Match
                if page.status == 200 and request.if_none_match.contains_weak(tag):
                    response = make_response("", 304)
                else:
                    response = make_response(page.body, page.status)
                    response.content_type = page.content_type
                if page.status == 200:
                    response.set_etag(tag)
            response.headers["Link"] = _alternates(base, linked_data)
            response.headers["Vary"] = "Accept"
            return response

        bp.add_url_rule(rule, view.__name__, respond)
        bp.add_url_rule(("/index" if rule == "/" else rule) + f".<any({suffixes}):fmt>", view.__name__ + "_twin",
                        respond)
        return respond

    return decorate
