"""`briefgraph ingest PATH...`: files and folders into the stores, with a progress bar and a report."""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

BRIEFING_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")
# Files in a folder that describe the folder rather than being briefings.
NOT_BRIEFINGS = ("readme", "license", "licence", "changelog", "index")


def collect(paths: Iterable[str]) -> list[Path]:
    """Files named directly, and briefing files found in folders (sorted, hidden files skipped)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (f.is_file() and f.suffix.lower() in BRIEFING_SUFFIXES and not f.name.startswith(".")
                        and f.stem.lower() not in NOT_BRIEFINGS):
                    out.append(f)
        else:
            out.append(p)
    return out


@dataclass
class Report:
    """What an ingest did, file by file."""

    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def render(self) -> str:
        """A human summary: counts, then each failure with its reason."""
        parts = [f"{self.counts[k]} {k}" for k in ("ingested", "replaced", "unchanged", "extracted", "failed")
                 if self.counts[k] or k in ("ingested", "failed")]
        lines = ["ingest: " + ", ".join(parts)]
        lines += [f"  failed: {path}: {reason}" for path, reason in self.failures]
        return "\n".join(lines)


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.stream, self.done = total, stream, 0
        self.live = stream.isatty()

    def step(self, label: str) -> None:
        """Count one file done."""
        self.done += 1
        if self.live:
            width = 30
            filled = int(width * self.done / max(1, self.total))
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label[:40]:40s}")
            self.stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        if self.live:
            self.stream.write("\n")


def ingest(paths: list[str], dry_run: bool = False) -> tuple[Report, int]:
    """Ingest the paths; return the report and the exit status (1 when any file failed)."""
    from briefgraph.ingest.errors import BriefingError
    from briefgraph.ingest.extraction import extract_file
    from briefgraph.settings import Settings

    files = collect(paths)
    report = Report()
    writer = None
    if not dry_run:
        from briefgraph.store.graph import open_graph
        from briefgraph.store.rdf_store import open_rdf
        from briefgraph.store.writer import Writer
        settings = Settings.from_env()
        writer = Writer(open_graph(settings), open_rdf(settings), settings.base_url)
    progress = Progress(len(files))
    for path in files:
        try:
            extraction = extract_file(path)
            status = writer.write(extraction).status if writer else "extracted"
            report.counts[status] += 1
        except BriefingError as exc:
            report.counts["failed"] += 1
            report.failures.append((str(path), exc.message if exc.path == str(path) else str(exc)))
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
            report.counts["failed"] += 1
            report.failures.append((str(path), f"internal error ({type(exc).__name__}: {exc}); please report it"))
        progress.step(path.name)
    progress.finish()
    return report, 1 if report.counts["failed"] else 0
