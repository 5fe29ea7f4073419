"""The Dagster UI in a real browser: the webserver from `workspace.yaml`, Debian's Chromium.

One webserver (a temporary DAGSTER_HOME, loopback only) and one headless Chromium, driven by
Playwright through `executable_path` (never a browser Playwright downloads), serve both
tests. Screenshots are kept in `test-artifacts/ui/`, and every assertion names them.

Without Chromium the tests are skipped with the reason, except under CI (`CI=true`), where
they fail instead: there they must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NoReturn

import pytest

from dagster_project.transform.check_names import with_short_check_names

# Generous: the first test also waits for one real pipeline run (the run the UI lists).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "ui"
MANIFEST = ROOT / "dbt" / "target" / "manifest.json"
BIN = Path(sys.executable).parent

# A closed network: without the background-networking flags Chromium's own connections
# (updates, sync, QUIC probes) get refused and the browser misbehaves.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1920, "height": 1600}  # tall: the checks list is virtualized
GRAPH_VIEWPORT = {"width": 1920, "height": 1080}  # the lineage is wide

# Asset names (the last part of the key) the lineage must show, one or more per layer, and
# its groups: sources, the Python ingest, the dbt schemas, the publish step.
GRAPH_ASSETS = (
    "submission_values",  # raw/submission_values, ingest
    "stg_plans",  # staging
    "int_period_values",  # intermediate
    "halfyear_vs_plan",  # marts
    "submission_status",  # marts
    "rejected_rows",  # quality (and raw)
    "halfyear_reports",  # publish
)
GRAPH_GROUPS = ("sources", "ingest", "staging", "intermediate", "marts", "quality", "publish")

# The asset whose checks page is opened: its checks are the dbt tests attached to it.
CHECKED_MODEL = "halfyear_vs_plan"
CHECKED_PATH = "/assets/marts/halfyear_vs_plan?view=checks"
# One of its checks and the sentence the translator makes for it (backticks render as code).
DESCRIBED_CHECK = "accepted_range_completeness_pct"
DESCRIBED_AS = "completeness_pct is between 0 and 100."
RAW_DIR = ROOT / "raw"

CHROMIUM_MISSING = (
    "Chromium not installed (looked for $CHROMIUM, `chromium`, `chromium-browser` on PATH): "
    "run `make test` as root so `make browser` can apt-get install chromium, or install "
    "Debian's `chromium` package yourself. Playwright's own browser download is never used."
)


def _unavailable(reason: str) -> NoReturn:
    """Skip, with the reason, unless under CI, where the browser test must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, so the browser test must run, not skip: {reason}")
    pytest.skip(reason)


def _find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


LOCATIONS_QUERY = """
{ workspaceOrError {
    __typename
    ... on Workspace { locationEntries {
      name loadStatus
      locationOrLoadError { __typename ... on PythonError { message } }
    } }
    ... on PythonError { message }
} }
"""


def _location_status(url: str) -> tuple[bool, str | None]:
    """(loaded, load error) of the workspace's code locations, by the webserver's GraphQL."""
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": LOCATIONS_QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        workspace = json.load(response)["data"]["workspaceOrError"]
    if workspace["__typename"] != "Workspace":
        return False, workspace.get("message")
    entries = workspace["locationEntries"]
    for entry in entries:
        loaded = entry["locationOrLoadError"] or {}
        if loaded.get("__typename") == "PythonError":
            return False, f"{entry['name']}: {loaded['message']}"
    return bool(entries) and all(e["loadStatus"] == "LOADED" for e in entries), None


def _wait_until_loaded(url: str, proc: subprocess.Popen, log: Path) -> None:
    """Until the code location is loaded, or the webserver ends or reports an error. No
    deadline of its own: loading dagster_dbt and the manifest takes minutes on a loaded
    machine, and the module's pytest timeout guards a hang."""
    while True:
        if proc.poll() is not None:
            pytest.fail(f"dagster-webserver exited ({proc.returncode}):\n{_log_tail(log)}")
        try:
            loaded, error = _location_status(url)
        except (OSError, urllib.error.URLError, KeyError, ValueError):
            loaded, error = False, None  # not serving yet
        if error:
            pytest.fail(f"the code location failed to load in the webserver: {error}")
        if loaded:
            return
        time.sleep(0.5)


def _stop(proc: subprocess.Popen) -> None:
    """The webserver and its code server: the whole process group it leads."""
    for sig, wait_s in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait_s)
            break
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = _find_chromium()
    if path is None:
        _unavailable(CHROMIUM_MISSING)
    return path


@pytest.fixture(scope="module")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed: run `make setup`")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _run_the_pipeline(home: Path, env: dict[str, str]) -> None:
    """`make run`'s command, in the webserver's instance, on tmp paths: a run to list."""
    out = home / "out"
    run_env = {
        **env,
        "ICT_RAW_DIR": str(RAW_DIR),
        "ICT_WAREHOUSE": str(out / "data" / "warehouse.duckdb"),
        "ICT_REPORTS_DIR": str(out / "reports"),
    }
    done = subprocess.run(
        [str(BIN / "python"), "-m", "dagster_project.cli", "run"],
        cwd=ROOT,
        env=run_env,
        capture_output=True,
        text=True,
    )  # the module's pytest timeout guards a hang
    if done.returncode != 0:
        pytest.fail(f"the pipeline run for the UI failed:\n{done.stderr[-3000:]}")


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    """`dagster-webserver -w workspace.yaml` on a free loopback port; its base URL."""
    if not MANIFEST.exists():
        pytest.fail(f"{MANIFEST.relative_to(ROOT)} is missing: run `make setup` first")
    home = tmp_path_factory.mktemp("dagster_home")
    config = (ROOT / "dagster_home.yaml").read_text(encoding="utf-8")
    # No first-visit "join the community" dialog over the pages under test.
    (home / "dagster.yaml").write_text(config + "\nnux:\n  enabled: false\n", encoding="utf-8")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    _run_the_pipeline(home, env)
    port = _free_loopback_port()
    log = home / "webserver.log"
    command = [BIN / "dagster-webserver", "-w", "workspace.yaml", "-h", "127.0.0.1"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*map(str, command), "-p", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown reaches the code server
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_loaded(url, proc, log)
        yield url
    finally:
        _stop(proc)


@pytest.fixture
def page(browser, webserver):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=2)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def _ready_or_fail(page, locator, what: str, shot: str) -> None:
    """Wait for `locator`; if it never shows, fail with a screenshot of what the page showed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        locator.wait_for(state="visible")
    except PlaywrightTimeout:
        path = _screenshot(page, shot)
        pytest.fail(f"{what} not shown within {PAGE_TIMEOUT_MS // 1000} s; screenshot: {path}")


def _wait_until_still(page) -> None:
    """Until the graph viewport stops moving (its zoom-to-fit animation is over)."""
    page.wait_for_function(
        """() => {
            const el = document.querySelector('[data-svg-viewport] > div');
            const now = el && el.style.transform;
            const still = Boolean(now) && now === window.__lastGraphTransform;
            window.__lastGraphTransform = now;
            return still;
        }""",
        polling=300,
    )


def _dbt_tests_on(model: str) -> list[str]:
    """The names Dagster lists for the model's dbt tests (shortened from dbt's)."""
    manifest = with_short_check_names(json.loads(MANIFEST.read_text(encoding="utf-8")))
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and (node.get("attached_node") or "").split(".")[-1] == model
    )


ASSET_NODES_QUERY = "{ assetNodes { assetKey { path } groupName } }"


def _asset_groups(url: str) -> dict[str, str]:
    """Asset name (last part of the key) → group, as the webserver serves the graph."""
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": ASSET_NODES_QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        nodes = json.load(response)["data"]["assetNodes"]
    return {node["assetKey"]["path"][-1]: node["groupName"] for node in nodes}


def test_asset_graph_shows_every_layer(page, webserver):
    """Global asset lineage: every group from the raw files to the reports on one screen,
    and the graph it draws holds the assets of every layer. (Expanded, the 60-odd assets
    are drawn too small for their labels, so the assets are read from the graph's data.)"""
    from playwright.sync_api import expect

    page.set_viewport_size(GRAPH_VIEWPORT)
    page.goto(f"{webserver}/asset-groups", wait_until="networkidle")
    _ready_or_fail(
        page, page.get_by_text("Global asset lineage"), "the lineage page", "asset_graph.png"
    )
    graph = page.locator("[data-svg-viewport]")
    _ready_or_fail(page, graph, "the asset graph", "asset_graph.png")
    _ready_or_fail(
        page, graph.get_by_text(GRAPH_GROUPS[-1], exact=True).first, "the groups", "asset_graph.png"
    )
    _wait_until_still(page)
    shot = _screenshot(page, "asset_graph.png")
    for group in GRAPH_GROUPS:
        expect(
            graph.get_by_text(group, exact=True).first, f"group {group!r} not in the graph: {shot}"
        ).to_be_visible()
    expect(
        page.get_by_role("button", name="Materialize all"), f"no 'Materialize all': {shot}"
    ).to_be_visible()
    groups = _asset_groups(webserver)
    for name in GRAPH_ASSETS:
        assert groups.get(name) in GRAPH_GROUPS, f"asset {name!r} not in the graph: {groups}"


def test_asset_checks_page_lists_dbt_tests(page, webserver):
    """marts/halfyear_vs_plan's checks page lists every dbt test on the model, by name."""
    from playwright.sync_api import expect

    tests = _dbt_tests_on(CHECKED_MODEL)
    assert tests, f"no dbt test attached to {CHECKED_MODEL} in {MANIFEST}"

    page.goto(f"{webserver}{CHECKED_PATH}", wait_until="networkidle")
    heading = page.get_by_text(re.compile(r"^Checks \((\d+)\)$"))
    _ready_or_fail(page, heading, "the 'Checks (n)' list", "asset_checks.png")
    _ready_or_fail(page, page.get_by_title(tests[0], exact=True), tests[0], "asset_checks.png")
    shot = _screenshot(page, "asset_checks.png")

    expect(
        page.get_by_text(CHECKED_MODEL, exact=True).first, f"asset name not shown: {shot}"
    ).to_be_visible()
    # dbt's tests and any checks defined in Python: at least one check per dbt test.
    shown = int(re.search(r"\d+", heading.inner_text()).group())
    assert shown >= len(tests), (
        f"{shown} checks shown, {len(tests)} dbt tests on {CHECKED_MODEL}: {shot}"
    )
    # The run made before the webserver started evaluated them all.
    expect(
        page.get_by_text("Succeeded").first, f"no evaluation status on the page: {shot}"
    ).to_be_visible()
    expect(page.get_by_text("Not evaluated"), f"a check not evaluated: {shot}").to_have_count(0)
    # Each by the page's own filter (the list is virtualized: rows off screen don't exist).
    check_filter = page.get_by_placeholder("Filter checks")
    for name in tests:
        check_filter.fill(name)
        expect(
            page.get_by_title(name, exact=True).first,
            f"dbt test {name!r} not listed as a check of {CHECKED_MODEL}: {shot}",
        ).to_be_visible()
        # Readable: written out whole, not cut in the middle with an ellipsis.
        expect(
            page.get_by_text(name, exact=True).first, f"{name!r} shown cut short: {shot}"
        ).to_be_visible()


RUNS_QUERY = "{ runsOrError { ... on Runs { results { runId tags { key value } } } } }"


def _run_ids(url: str) -> list[str]:
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": RUNS_QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return [r["runId"] for r in json.load(response)["data"]["runsOrError"]["results"]]


def test_a_check_says_what_it_guards(page, webserver):
    """The dbt test's check, selected in the checks list, shows its one-sentence description."""
    from playwright.sync_api import expect

    page.goto(f"{webserver}{CHECKED_PATH}", wait_until="networkidle")
    check_filter = page.get_by_placeholder("Filter checks")
    _ready_or_fail(page, check_filter, "the checks filter", "check_description.png")
    check_filter.fill(DESCRIBED_CHECK)
    page.get_by_title(DESCRIBED_CHECK, exact=True).first.click()
    description = page.get_by_text(DESCRIBED_AS, exact=True).first
    _ready_or_fail(
        page, description, f"the description of {DESCRIBED_CHECK}", "check_description.png"
    )
    shot = _screenshot(page, "check_description.png")
    expect(description, f"no description for {DESCRIBED_CHECK}: {shot}").to_be_visible()
    expect(page.get_by_text("No description provided")).to_have_count(0)


def test_a_run_shows_the_raw_folder_it_read(page, webserver):
    """The run `make run` made lists the tag `ict/raw_dir` with the folder it read."""
    from playwright.sync_api import expect

    run_ids = _run_ids(webserver)
    assert len(run_ids) == 1, run_ids
    page.goto(f"{webserver}/runs/{run_ids[0]}", wait_until="networkidle")
    tags_button = page.get_by_role("button", name="View tags and config")
    _ready_or_fail(page, tags_button, "the run page's 'View tags and config'", "run_tags.png")
    tags_button.click()
    dialog = page.get_by_role("dialog")
    key = dialog.get_by_text("ict/raw_dir").first
    _ready_or_fail(page, key, "the run's ict/raw_dir tag", "run_tags.png")
    shot = _screenshot(page, "run_tags.png")
    expect(key, f"the run's raw-folder tag not shown: {shot}").to_be_visible()
    expect(
        dialog.get_by_text(str(RAW_DIR)).first, f"the raw folder not shown: {shot}"
    ).to_be_visible()
