"""Peak memory of a command: sampled with psutil and confirmed by getrusage's ru_maxrss.

The command is started by a small launcher process, not by the benchmark itself: on Linux a
child's ru_maxrss also counts the memory of the process that forked it (the kernel carries
the parent's high-water mark across fork and exec), and a benchmark holding pandas and its
generated articles would have that reported as the command's peak.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import psutil

# Runs the command and writes its ru_maxrss (kB on Linux) to argv[1]; ~10 MB itself.
LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


class Measured(NamedTuple):
    returncode: int
    seconds: float
    sampled_bytes: int
    """The largest resident set seen in the command's processes (sampled)."""
    maxrss_bytes: int
    """The command's exact peak from getrusage once it finished."""

    @property
    def peak_bytes(self) -> int:
        return max(self.sampled_bytes, self.maxrss_bytes)


def run_measured(command: list[str], interval: float = 0.05) -> Measured:
    """Run ``command`` to its end through the launcher, sampling its memory every ``interval``."""
    with tempfile.TemporaryDirectory() as folder:
        maxrss_file = Path(folder) / "maxrss"
        started = time.perf_counter()
        launcher = psutil.Popen([sys.executable, "-c", LAUNCHER, str(maxrss_file), *command])
        peak = 0
        while launcher.poll() is None:
            with contextlib.suppress(psutil.NoSuchProcess):
                for process in launcher.children(recursive=True):
                    peak = max(peak, process.memory_info().rss)
            time.sleep(interval)
        seconds = time.perf_counter() - started
        # ru_maxrss is in kilobytes on Linux.
        maxrss = int(maxrss_file.read_text()) * 1024
    return Measured(launcher.returncode, seconds, peak, maxrss)
