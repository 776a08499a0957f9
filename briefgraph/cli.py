"""The `briefgraph` command line: one sub-command per job."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from .settings import Settings, SettingsError, documented

Command = Callable[[argparse.Namespace], int]


def cmd_check(args: argparse.Namespace) -> int:
    """Load the ontology and the gazetteer, report their sizes and problems; optionally reason."""
    from briefgraph.ontology.gazetteer import GazetteerError, load_gazetteer
    from briefgraph.ontology.model import load_model

    model = load_model()
    problems: list[str] = []
    try:
        gazetteer = load_gazetteer()
    except GazetteerError as exc:
        print(f"briefgraph check: ontology/gazetteer.ttl: {exc}", file=sys.stderr)
        return 1
    for key, ids in gazetteer.conflicts():
        problems.append(f"ambiguous name {key!r}: {', '.join(ids)}")
    report: dict[str, object] = {
        "classes": len(model.classes),
        "entity_classes": len(model.entity_classes),
        "event_classes": len(model.event_classes),
        "properties": len(model.properties),
        "gazetteer_entities": len(gazetteer),
        "gazetteer_posts": len(gazetteer.posts),
        "gazetteer_by_class": dict(sorted(Counter(e.cls for e in gazetteer.entries.values()).items())),
    }
    if args.reason:
        from briefgraph.ontology.reasoning import ReasonerUnavailable, check_consistency
        try:
            verdict = check_consistency()
        except ReasonerUnavailable as exc:
            problems.append(str(exc))
        else:
            report["consistent"] = verdict.consistent
            if not verdict.consistent:
                problems.append("the reasoner finds the ontology inconsistent: " + verdict.detail[:500])
    report["problems"] = problems
    if args.format == "json":
        print(json.dumps(report, indent=1, sort_keys=True))
    else:
        for key, value in report.items():
            if key != "problems":
                print(f"{key:20s} {value}")
        for p in problems:
            print(f"problem: {p}")
        print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract briefing files, with no store, and print the result."""
    from briefgraph.ingest.errors import BriefingError
    from briefgraph.ingest.extraction import default_pipeline, extract_file

    if args.format == "json" and len(args.files) > 1:
        print("briefgraph extract: --format json takes one file; use --format summary for several",
              file=sys.stderr)
        return 2
    failed = 0
    for path in args.files:
        try:
            extraction = extract_file(path, default_pipeline(args.settings.ner_model))
        except BriefingError as exc:
            print(f"briefgraph extract: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.format == "json":
            print(json.dumps(extraction.to_json(), ensure_ascii=False, indent=1))
        elif args.format == "summary":
            print(f"{extraction.briefing.id:45s} {len(extraction.entities):4d} entities "
                  f"{len(extraction.events):4d} events {len(extraction.relations):4d} relations")
        else:
            from briefgraph.ingest.table import render_table
            print(render_table(extraction))
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest briefing files and folders into the stores."""
    from briefgraph.ingest_command import ingest
    from briefgraph.store.graph.base import GraphError
    from briefgraph.store.rdf.open_store import RdfError

    try:
        report, status = ingest(args.paths, args.settings, dry_run=args.dry_run, jobs=args.jobs, batch=args.batch)
    except (GraphError, RdfError) as exc:
        print(f"briefgraph ingest: {exc}", file=sys.stderr)
        return 2
    print(report.render())
    return status


def cmd_stats(args: argparse.Namespace) -> int:
    """Print what the stores hold."""
    from briefgraph.store.graph.base import open_graph
    from briefgraph.store.rdf.open_store import open_rdf
    from briefgraph.store.stats import stats

    settings = args.settings
    data = stats(open_graph(settings), open_rdf(settings, read_only=True))
    if args.format == "json":
        print(json.dumps(data, indent=1, sort_keys=True))
    else:
        for key, value in data.items():
            if isinstance(value, dict):
                print(f"{key}:")
                for k, v in value.items():
                    print(f"  {k:28s} {v}")
            else:
                print(f"{key:30s} {value}")
    return 0


def _day(text: str) -> dt.date:
    """A YYYY-MM-DD argument."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day (YYYY-MM-DD)") from None


def cmd_export(args: argparse.Namespace) -> int:
    """Export the archive, a briefing or an entity in one of the registry's formats."""
    from briefgraph.exports import UnknownFormat, export, get_format
    from briefgraph.store.graph.base import open_graph
    from briefgraph.store.rdf.open_store import open_rdf

    try:
        fmt = get_format(args.format, ("graph", "dataset", "property-graph"))
    except UnknownFormat as exc:
        print(f"briefgraph export: {exc}", file=sys.stderr)
        return 2
    settings = args.settings
    graph = open_graph(settings) if fmt.kind == "property-graph" else None
    rdf = open_rdf(settings, read_only=True) if fmt.kind != "property-graph" else None
    out = open(args.output, "wb") if args.output != "-" else sys.stdout.buffer
    try:
        export(fmt, out, graph=graph, rdf=rdf, base_url=settings.base_url, briefing=args.briefing, entity=args.entity,
               as_of=args.as_of)
    except ValueError as exc:
        print(f"briefgraph export: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:             # the reader (a pager, `head`) stopped reading: not an error
        return 0
    finally:
        if out is not sys.stdout.buffer:
            out.close()
        if graph is not None:
            graph.close()
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    """Print every setting, its variable and its current value."""
    settings = args.settings
    for env, default, doc in documented():
        name = env.removeprefix("BRIEFGRAPH_").lower()
        secret = "password" in name or name == "secret_key"
        value = "***" if secret and getattr(settings, name) else getattr(settings, name)
        print(f"{env}={value}\n    {doc} (default: {default or 'empty'})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the web app for local use (threaded; gunicorn serves it in production). SIGTERM, what
    process managers send, stops it as Ctrl-C does: the stores are closed and the embedded graph
    server stopped on the way out, not left running."""
    import signal

    from werkzeug.serving import run_simple

    from briefgraph.webapp import create_app

    signal.signal(signal.SIGTERM, _interrupt)
    print(f"briefgraph: serving on http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        run_simple(args.host, args.port, create_app(), threaded=True, use_reloader=False)
    except KeyboardInterrupt:
        pass
    return 0


def _password(prog: str) -> str | None:
    """A password from the terminal (asked twice, without echo), or else the first line of standard
    input, so that a script can pipe it in; never from the command line, where `ps` and the shell's
    history would show it. None if the two typed differ."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            print(f"{prog}: the two passwords differ; nothing was changed", file=sys.stderr)
            return None
        return first
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")    # spaces are part of a password


def cmd_users(args: argparse.Namespace) -> int:
    """Add, list, remove the reviewers and admins of the curation database, or set a password."""
    import sqlite3

    from briefgraph.store.curation.database import Database, curation_path
    from briefgraph.store.curation.users import UnknownUser, UserError, UserExists, Users, check_name

    prog = f"briefgraph users {args.action}"
    path = curation_path(args.settings.data_dir)
    try:
        users = Users(Database(path))
        if args.action == "list":
            for user in users.list():
                print(f"{user.name:32s} {user.role:8s} {'disabled' if user.disabled else ''}".rstrip())
            return 0
        if args.action == "remove":
            users.remove(args.name)
            print(f"removed {args.name}")
            return 0
        # what would refuse the change anyway, said before the password is typed for nothing
        known = users.get(args.name)
        if args.action == "add":
            check_name(args.name)
        if args.action == "add" and known is not None:
            raise UserExists(f"a user named {known.name!r} exists already")
        if args.action == "passwd" and known is None:
            raise UnknownUser(f"no user is named {args.name[:80]!r}")
        password = _password(prog)
        if password is None:
            return 1
        if args.action == "add":
            user = users.add(args.name, args.role, password)
            print(f"added {user.name} ({user.role})")
        else:
            users.set_password(args.name, password)
            print(f"changed the password of {args.name}; their open sessions are signed out")
        return 0
    except UserError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"{prog}: the curation database {path} cannot be used: {exc}", file=sys.stderr)
        return 2


def cmd_review_stats(args: argparse.Namespace) -> int:
    """Print the precision by kind of fact that the reviewers' verdicts give."""
    from briefgraph.store.curation.database import Database, curation_path
    from briefgraph.store.curation.decisions import Decisions
    from briefgraph.store.curation.review_stats import render, review_stats

    path = curation_path(args.settings.data_dir)
    if not path.exists():
        print(f"briefgraph review-stats: no curation database at {path}: no verdict was recorded yet", file=sys.stderr)
        return 1
    stats = review_stats(Decisions(Database(path)))
    if args.format == "json":
        print(json.dumps([s.to_json() for s in stats], indent=2))
    else:
        print(render(stats))
    return 0


def _interrupt(*_: object) -> None:
    """A signal handler that stops the main thread as Ctrl-C does."""
    raise KeyboardInterrupt


def cmd_engine(args: argparse.Namespace) -> int:
    """Run a JVM engine of the project (Neo4j, Fuseki) until interrupted, or around one command
    that gets its URL in BRIEFGRAPH_GRAPH_URL or BRIEFGRAPH_RDF_URL."""
    import signal
    import subprocess

    from .engines import ENGINES, EngineError, EngineUnavailable

    settings = args.settings
    folder = args.data or settings.data_dir / args.name
    engine = ENGINES[args.name](folder, port=args.port, engines_dir=settings.engines_dir)
    variable = "BRIEFGRAPH_GRAPH_URL" if args.name == "neo4j" else "BRIEFGRAPH_RDF_URL"
    command = args.run
    try:
        engine.start()
    except (EngineError, EngineUnavailable) as exc:
        print(f"briefgraph engine: {exc}", file=sys.stderr)
        return 2
    print(f"briefgraph: {args.name} answers at {engine.url} (files in {engine.folder})", file=sys.stderr)
    # SIGTERM (a process manager's stop) ends the engine in order, as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if not command:
            print("briefgraph: Ctrl-C stops it", file=sys.stderr)
            while engine.process is not None and engine.process.poll() is None:
                time.sleep(1)
            return 1
        return subprocess.run(command, env=dict(os.environ, **{variable: engine.url})).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        engine.stop()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="briefgraph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="check the ontology and the gazetteer")
    check.add_argument("--reason", action="store_true", help="also run the HermiT reasoner (needs Java)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(func=cmd_check)
    extract = sub.add_parser("extract", help="extract briefing files and print the result (no store)")
    extract.add_argument("files", nargs="+", metavar="FILE",
                         help="a briefing: .txt (digest or plain), .md with front matter, or .html")
    extract.add_argument("--format", choices=("json", "table", "summary"), default="table")
    extract.set_defaults(func=cmd_extract)
    ingest = sub.add_parser("ingest", help="ingest briefing files and folders into the stores")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--dry-run", action="store_true", help="extract only, write nothing")
    ingest.add_argument("--jobs", type=int, default=min(4, (os.cpu_count() or 1) + 1),
                        help="processes that read and extract in parallel (default: one more than the cores, "
                             "at most 4: the writing process mostly waits on the stores)")
    ingest.add_argument("--batch", type=int, default=32, help="briefings written per transaction (default 32)")
    ingest.set_defaults(func=cmd_ingest)
    stats_ = sub.add_parser("stats", help="counts of what the stores hold")
    stats_.add_argument("--format", choices=("text", "json"), default="text")
    stats_.set_defaults(func=cmd_stats)
    export = sub.add_parser("export", help="export the archive, a briefing or an entity (RDF, Cypher, CSV)")
    export.add_argument("--format", default="nquads",
                        help="turtle (ttl), ntriples (nt), nquads (nq), trig, jsonld, rdfxml (rdf), cypher, neo4j-csv")
    export.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    export.add_argument("--briefing", metavar="ID", help="only this briefing's named graph")
    export.add_argument("--entity", metavar="ID", help="only this entity's description, e.g. person/alexander-lukashenko")
    export.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day,
                        help="the archive as the briefings published by that day had it (RDF formats)")
    export.set_defaults(func=cmd_export)
    serve = sub.add_parser("serve", help="serve the web app (for local use)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    serve.set_defaults(func=cmd_serve)
    engine = sub.add_parser("engine", help="run Neo4j or Fuseki (from `make engines`) on loopback, alone or around a command")
    engine.add_argument("name", choices=("neo4j", "fuseki"))
    engine.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    engine.add_argument("--data", type=Path, default=None, help="its files (default: BRIEFGRAPH_DATA_DIR/NAME)")
    engine.set_defaults(func=cmd_engine, run=[])
    engine.epilog = ("After `--`, a command to run with BRIEFGRAPH_GRAPH_URL (neo4j) or BRIEFGRAPH_RDF_URL (fuseki) "
                     "set to the engine; the engine stops when it ends.")
    users = sub.add_parser("users", help="the reviewers and admins who may sign in (the password is asked for, "
                                         "or read from the first line of standard input)")
    users_sub = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    users_add = users_sub.add_parser("add", help="add a user")
    users_add.add_argument("name", metavar="NAME", help="1 to 64 letters, digits, '.', '_' or '-'")
    users_add.add_argument("--role", choices=("reviewer", "admin"), default="reviewer", help="(default: reviewer)")
    users_sub.add_parser("list", help="list the users")
    users_remove = users_sub.add_parser("remove", help="remove a user")
    users_remove.add_argument("name", metavar="NAME")
    users_passwd = users_sub.add_parser("passwd", help="set a user's password (their open sessions end)")
    users_passwd.add_argument("name", metavar="NAME")
    users.set_defaults(func=cmd_users)
    review_stats = sub.add_parser("review-stats", help="the extraction's precision by kind of fact, from the "
                                                       "reviewers' verdicts")
    review_stats.add_argument("--format", choices=("text", "json"), default="text")
    review_stats.set_defaults(func=cmd_review_stats)
    settings = sub.add_parser("settings", help="print the settings read from BRIEFGRAPH_* variables")
    settings.set_defaults(func=cmd_settings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    from briefgraph.store.graph.base import GraphError
    from briefgraph.store.rdf.open_store import RdfError

    argv = list(sys.argv[1:] if argv is None else argv)
    # `briefgraph engine NAME [options] -- COMMAND...`: what follows `--` is the command, untouched
    command = argv[argv.index("--") + 1:] if "--" in argv else []
    args = build_parser().parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    if command:
        if args.command != "engine":
            build_parser().error("a command after `--` is for `briefgraph engine` only")
        args.run = command
    try:
        args.settings = Settings.from_env()       # read once, here, and passed down
        return args.func(args)
    except (SettingsError, GraphError, RdfError) as exc:
        # A store that cannot be opened or reached: the message says what to do; no stack trace.
        print(f"briefgraph {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
