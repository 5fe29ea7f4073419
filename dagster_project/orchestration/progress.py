"""What `make run` shows while it works: one line per stage, a bar on the long ones.

The whole Dagster and dbt log of the run goes to a log file (its path is printed first);
the terminal gets one line per stage (reference data, reading the submissions, dbt,
checks, publishing, reports, feedback) with a progress bar where there is something to
count (files read, dbt nodes), and every error as it comes (warnings: in the log). On a terminal a
stage's line is redrawn in place; into a pipe (tests, CI logs) each stage is one line
once it has ended, so captured output stays short and stable.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import dagster as dg

# Step keys of the graph's assets → what the line says. Any other step is a check.
STAGE_LABELS = {
    "reference_tables": "Reference data",
    "submission_tables": "Submissions read and checked",
    "warehouse_models": "dbt models and tests",
    "published_warehouse": "Published",
    "halfyear_reports": "Reports written",
    "submitter_feedback": "Feedback to units written",
}
CHECKS_LABEL = "Quality checks"
# Messages a person must see at once even though they are only INFO.
_ALWAYS_SHOWN = ("another run is writing the warehouse",)
BAR_WIDTH = 24

# Who is shown the counts of the running step (files read, dbt nodes done): the CLI's
# lines while it runs. Counts go straight to it, in this process, and not through the
# Dagster log, where each message would be one more event written to the instance.
_listeners: list[Callable[[int, int], None]] = []


def count(done: int, total: int) -> None:
    """The running step has done `done` of `total` things (no-op when nobody shows it)."""
    for listener in _listeners:
        listener(done, total)


@contextmanager
def counts_to(listener: Callable[[int, int], None]) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def bar(done: int, total: int) -> str:
    """`[#########---------------]  37%  1,200/3,240`."""
    share = done / total if total else 1.0
    filled = round(BAR_WIDTH * share)
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {share:4.0%}  {done:,}/{total:,}"


@dataclass
class Stage:
    label: str
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    total: int = 0
    steps: int = 0  # checks: how many check steps ran

    def line(self, ended: bool) -> str:
        seconds = time.monotonic() - self.started
        counted = f"  {bar(self.done, self.total)}" if self.total else ""
        if self.steps:
            counted = f"  {self.steps} check{'' if self.steps == 1 else 's'}"
        state = f"{seconds:5.1f} s" if ended else "  …    "
        return f"  {state}  {self.label}{counted}"


class ProgressLines:
    """Turns the run's log records into the stage lines on `out`."""

    def __init__(self, out: TextIO, live: bool):
        self.out = out
        self.live = live  # a terminal: redraw the current line in place
        self.stage: Stage | None = None

    def record(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        step = meta.get("step_key")
        event = meta.get("dagster_event")
        message = meta.get("orig_message", record.getMessage())
        if event is not None and event.event_type_value == "STEP_START" and step:
            self._step_started(step)
        elif record.levelno >= logging.ERROR or message.startswith(_ALWAYS_SHOWN):
            self._say(f"  {logging.getLevelName(record.levelno).lower()}: {message}")

    def counted(self, done: int, total: int) -> None:
        if self.stage is not None:
            self.stage.done, self.stage.total = done, total
            self._draw()

    def finish(self) -> None:
        if self.stage is not None:
            self._end(self.stage)
            self.stage = None

    def _step_started(self, step: str) -> None:
        label = STAGE_LABELS.get(step, CHECKS_LABEL)
        if self.stage is not None and self.stage.label == label == CHECKS_LABEL:
            self.stage.steps += 1
            self._draw()
            return
        self.finish()
        self.stage = Stage(label, steps=1 if label == CHECKS_LABEL else 0)
        self._draw()

    def _say(self, text: str) -> None:
        if self.live and self.stage is not None:
            self.out.write("\r\033[K")
        self.out.write(text + "\n")
        self.out.flush()  # a waiting run says so at once, even into a pipe
        self._draw()

    def _draw(self) -> None:
        if self.live and self.stage is not None:
            self.out.write("\r\033[K" + self.stage.line(ended=False))
            self.out.flush()

    def _end(self, stage: Stage) -> None:
        self.out.write(("\r\033[K" if self.live else "") + stage.line(ended=True) + "\n")
        self.out.flush()


class _ToProgress(logging.Handler):
    def __init__(self, lines: ProgressLines):
        super().__init__(level=logging.DEBUG)  # step starts are DEBUG events
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.record(record)


def progress_logger(log_path: Path, lines: ProgressLines) -> dg.LoggerDefinition:
    """A Dagster logger: every record to `log_path`, the stage lines to `lines`."""

    @dg.logger(description="The full log to a file; one line per stage on the terminal.")
    def progress(_init_context: dg.InitLoggerContext) -> logging.Logger:
        logger = logging.Logger("ict_progress", level=logging.DEBUG)
        to_file = logging.FileHandler(log_path, encoding="utf-8")
        to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(to_file)
        logger.addHandler(_ToProgress(lines))
        return logger

    return progress


def terminal_lines(out: TextIO = sys.stdout) -> ProgressLines:
    return ProgressLines(out, live=out.isatty())
