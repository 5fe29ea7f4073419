"""Named points where a test can stop the pipeline, to kill it there (tests/faults/).

With `ICT_HOLD_AT=<point>` and `ICT_HOLD_FILE=<path>` in the environment, the process
that reaches that point writes its pid to the file and waits until it is killed. Unset
(always, outside the fault tests), `hold_at` does nothing. The points:

- `reading`: the submission files are being read (some read, some not);
- `dbt`: the dbt process has started (the pid is dbt's, a child of the pipeline);
- `publishing`: the published file's replacement is written but not yet renamed in.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

HOLD_AT_ENV = "ICT_HOLD_AT"
HOLD_FILE_ENV = "ICT_HOLD_FILE"
POINTS = ("reading", "dbt", "publishing")


def hold_at(point: str) -> None:
    if os.environ.get(HOLD_AT_ENV) != point:
        return
    marker = Path(os.environ[HOLD_FILE_ENV])
    partial = marker.with_name(marker.name + ".partial")
    partial.write_text(str(os.getpid()))
    partial.replace(marker)  # the test never reads half a pid
    while True:
        time.sleep(3600)
