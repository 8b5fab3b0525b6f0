"""No network, ever: importing credscore, loading a model and scoring articles with URLs, in a
fresh process whose sockets refuse to open (so nothing was imported or cached beforehand)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import SEED_PATH, SHARED_DATA

# Every way Python reaches the network goes through these: name resolution, and connecting or
# sending on a socket. Each records the attempt (a library might catch the OSError and carry
# on quietly) and refuses. Creating a socket stays allowed: urllib3, imported by tldextract,
# opens and binds one to ::1 at import to learn whether IPv6 exists, which sends nothing.
PRELUDE = r"""
import socket

attempts = []

def _refuse(name):
    def refuse(*args, **kwargs):
        attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args!r}")
        raise OSError(f"network blocked by test: {name}")
    return refuse

for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
    setattr(socket, _name, _refuse(_name))
for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, _name, _refuse(f"socket.{_name}"))
"""

SCRIPT = r"""
import json, sys

import pandas as pd

import credscore
from credscore import Scorer, extract, score_frame

model_dir, ratings, title, text = sys.argv[1:5]
urls = [
    "https://thetruedefender.com/zelensky-talks/",
    "https://www.reuters.com/world/europe/story-2024-01-01/",
    "abcnews.com.co",
    "http://[::1]:8080/x",
    "https://xn--bc-5ea.com/",
    "http://192.168.0.1/admin",
    "ftp://files.example.gov/report.pdf",
    "https://news.bbc.co.uk.evil.example/",
    "not a url at all",
    "",
]
text += " Sources: https://www.cdc.gov/flu/ and www.who.int/news and http://unknown-site.xyz/a."
scorer = Scorer(model_dir, ratings=ratings or None)
scores = [scorer.score(text, title=title, url=url).credibility for url in urls]
cues = [len(extract(text, title, url)) for url in urls]
frame = score_frame(pd.DataFrame({"text": text, "title": title, "url": urls}), scorer=scorer)
checked = len(attempts)
for attempt in (  # the guard itself must work, or this test proves nothing
    lambda: socket.create_connection(("example.com", 80), timeout=1),
    lambda: socket.socket().connect(("93.184.215.14", 80)),
    lambda: __import__("urllib.request").request.urlopen("http://example.com", timeout=1),
):
    try:
        attempt()
    except OSError:
        pass
print(json.dumps({
    "attempts": attempts[:checked],
    "guard_caught": len(attempts) - checked,
    "scores": scores,
    "cues": cues,
    "frame_errors": frame["error"].notna().sum().item(),
}))
"""

NEUTRAL_TITLE = "Council approves city budget"
NEUTRAL_TEXT = (
    "The city council approved the budget on Tuesday after a two-hour debate, officials said. "
    "The plan pays for road repairs and two new bus routes."
)


def test_import_load_and_score_with_urls_never_touch_the_network(sample_model_dir: Path) -> None:
    if SEED_PATH.exists():
        title, _, text = SEED_PATH.read_text(encoding="utf-8").partition("\n")
    else:
        title, text = NEUTRAL_TITLE, NEUTRAL_TEXT
    ratings = SHARED_DATA / "domain_quality_lin2023" / "domain_pc1.csv"
    argv = [str(sample_model_dir), str(ratings) if ratings.exists() else "", title, text]
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE + SCRIPT, *argv],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["guard_caught"] >= 3, "the socket guard missed a deliberate connection"
    assert report["attempts"] == []
    assert len(report["scores"]) == 10 and all(0.0 <= p <= 1.0 for p in report["scores"])
    assert report["frame_errors"] == 0
