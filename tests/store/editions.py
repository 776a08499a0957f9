"""The test editions of tests/data: their files, when each weekly ingest ran, and the ids of the
events the tests name."""
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
WEEK10, WEEK11, WEEK12 = (f"editions/border-watch-2025-{n}.md" for n in (10, 11, 12))
EASTERN, MINSK = "editions/eastern-flank-2025-03-11.md", "editions/minsk-review-2025-03-18.md"
CORRECTED = "editions-corrected/border-watch-2025-11.md"
TRANSFER = "event/3025f88e41557996"           # Russia to Baranovichi, 4 March (both publishers)
MEETING = "event/d48bf50398db5f9d"            # Lukashenko and Khrenin, 6 March, in Minsk (Border Watch)
MEETING_BREST = "event/b31a36779587f8e1"      # the same meeting in Brest (Eastern Flank Monitor)
VIOLATION = "event/7b47ab694a7cf55d"          # the drone over Lithuania, 12 March (reported, then denied)
KHRENIN_MOSCOW = "event/bd76dcf91e3f4c83"     # the meeting of 13 March in Moscow, as first published
KHRENIN_MINSK = "event/c4b97222ada44b12"      # the same meeting as corrected: 14 March, in Minsk


WEEKS = [("2025-03-10T18:00:00+00:00", [WEEK10, EASTERN]), ("2025-03-17T18:00:00+00:00", [WEEK11]),
         ("2025-03-24T18:00:00+00:00", [WEEK12, MINSK])]


