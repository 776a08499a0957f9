"""A per-process cache of rendered pages, keyed by the store's generation: a page is computed
once per change of the data (every write sets a new generation token), and conditional requests
get 304 by its ETag. Pages of hubs (a state in every briefing) are the costly ones and the most
read."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

# What tells two rendered pages apart: the store generation, the path, the query string and the format.
CacheKey = tuple[str | None, ...]


@dataclass(frozen=True)
class CachedPage:
    """A rendered response: body, content type and status."""

    body: bytes
    content_type: str
    status: int


class PageCache:
    """A thread-safe LRU of rendered pages, bounded by count and by bytes; size 0 turns it off.
    A page larger than an eighth of the bytes is not kept: a few huge pages (a briefing with a
    hundred thousand mentions) would otherwise push out every other."""

    def __init__(self, size: int, max_bytes: int = 64 << 20):
        self.size = size
        self.max_bytes = max_bytes
        self.bytes = 0
        self._pages: OrderedDict[CacheKey, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> CachedPage | None:
        if not self.size:
            return None
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: CacheKey, page: CachedPage) -> None:
        if not self.size or len(page.body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.bytes -= len(old.body)
            self._pages[key] = page
            self.bytes += len(page.body)
            while len(self._pages) > self.size or self.bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self.bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._pages)


def etag(generation: str | None, key: CacheKey) -> str:
    """A strong validator of a page at a generation of the store."""
    return hashlib.sha1(repr((generation, key)).encode("utf-8")).hexdigest()[:20]
