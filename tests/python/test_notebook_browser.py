"""The notebooks as a person sees them: a real Jupyter Notebook server, each notebook run in headless Chromium.

The server listens on a free 127.0.0.1 port with temporary config, data and runtime folders; its only
`duikou` kernel is the one tools/jupyter-kernel.py registers for this interpreter and PYTHONPATH, so the
browser runs the package under test. Selenium drives Debian's Chromium (chromium-driver): open a notebook,
Cell > Run All, wait for the kernel to be idle, then read the page. A screenshot of each rendered notebook
goes to build/notebook-screenshots/. Where Chromium or the server cannot start, the tests fail.

Run with ``pytest -m jupyter`` (make test: ctest pytest-jupyter).
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import duikou

pytestmark = pytest.mark.jupyter

ROOT = Path(__file__).parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = ROOT / "build" / "notebook-screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1280,1000"]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CJK = re.compile(r"[\u4e00-\u9fff]")
RUN_TIMEOUT = 240  # seconds for one notebook's cells
CHART_CALL = re.compile(r"\.plot(\.\w+)?\(")  # a cell drawing a chart: plan.plot.bipartite(), result.plot()

# Everything the page shows of each cell, read in one call: its source, prompt, error and stderr
# outputs, the text of its HTML outputs and their widths, its tables (cell texts by row) and images.
READ_CELLS = """
return Jupyter.notebook.get_cells().map(function (cell) {
  var r = {type: cell.cell_type, source: cell.get_text(), prompt: cell.input_prompt_number,
           errors: [], html: [], tables: [], images: [], text: ""};
  var out = cell.element[0].querySelector(".output");
  if (!out) return r;
  r.text = out.innerText;
  out.querySelectorAll(".output_error, .output_stderr").forEach(function (e) { r.errors.push(e.innerText); });
  out.querySelectorAll(".output_html").forEach(function (e) {
    r.html.push({text: e.innerText, scroll: e.scrollWidth, width: e.clientWidth,
                 svg: e.querySelectorAll("svg").length});
  });
  out.querySelectorAll("table").forEach(function (t) {
    r.tables.push({head: t.tHead ? t.tHead.rows.length : 0, rows: Array.from(t.rows).map(function (row) {
      return Array.from(row.cells).map(function (c) { return c.innerText.trim(); });
    })});
  });
  out.querySelectorAll("img, svg").forEach(function (e) {
    if (e.parentElement.closest("svg")) return;
    var box = e.getBoundingClientRect();
    r.images.push({tag: e.tagName.toLowerCase(), width: box.width, height: box.height,
                   loaded: e.tagName.toLowerCase() !== "img" || (e.complete && e.naturalWidth > 0)});
  });
  return r;
});
"""

# Where the kernel is busy, a cell waits ('*'), or cells are left without a prompt.
RUN_STATE = """
var icon = document.getElementById("kernel_indicator_icon");
var prompts = Jupyter.notebook.get_cells().filter(function (c) { return c.cell_type === "code"; })
                                          .map(function (c) { return c.input_prompt_number; });
return {idle: icon.classList.contains("kernel_idle_icon") && !Jupyter.notebook.kernel_busy, prompts: prompts,
        errors: document.querySelectorAll(".output_error").length};
"""

# What the kernel runs: its interpreter and the duikou it imports (asked after the notebook ran).
ASK_KERNEL = """
var done = arguments[arguments.length - 1];
var text = "";
Jupyter.notebook.kernel.execute("import sys, duikou; print(sys.executable); print(duikou.__file__)", {
  iopub: {output: function (msg) { if (msg.content.text) text += msg.content.text; }},
  shell: {reply: function () { setTimeout(function () { done(text); }, 200); }}
}, {silent: false, store_history: false});
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Jupyter Notebook on 127.0.0.1 serving a copy of notebooks/ (running them must not write into the tree)."""
    root = tmp_path_factory.mktemp("jupyter-server")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    prefix = root / "prefix"
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "JUPYTER_PATH")}
    register = [sys.executable, "-Xfrozen_modules=off", str(ROOT / "tools" / "jupyter-kernel.py"),
                "--prefix", str(prefix)]
    if os.environ.get("PYTHONPATH"):
        register += ["--env", f"PYTHONPATH={os.environ['PYTHONPATH']}"]
    subprocess.run(register, check=True, env=env, capture_output=True, timeout=120)
    env.update(JUPYTER_PATH=str(prefix / "share" / "jupyter"), JUPYTER_CONFIG_DIR=str(root / "config"),
               JUPYTER_DATA_DIR=str(root / "data"), JUPYTER_RUNTIME_DIR=str(root / "runtime"),
               IPYTHONDIR=str(root / "ipython"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    port, token = free_port(), secrets.token_hex(24)
    command = [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--port-retries=0", f"--notebook-dir={root / 'notebooks'}", f"--NotebookApp.token={token}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log_path = root / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, f"Jupyter Notebook exited:\n{log_path.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"Jupyter Notebook did not answer:\n{log_path.read_text()[-3000:]}"
            time.sleep(0.5)
        yield {"base": base, "token": token, "log": log_path, "port": port, "pid": process.pid}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}  # a sanitizer runtime is not Chromium's
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=options)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(server, what, condition, timeout):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}; the server's log ends:\n"
                        f"{server['log'].read_text()[-3000:]}")
        time.sleep(0.3)


def run_in_browser(driver, server, path):
    """Open the notebook, Cell > Run All, wait until the kernel is idle; the cells as the page shows them."""
    from selenium.webdriver.common.by import By

    driver.set_window_size(1280, 1000)
    driver.get(f"{server['base']}/notebooks/{path.name}?token={server['token']}")
    wait_for(server, "the kernel to connect", lambda: driver.execute_script(
        "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
        " && Jupyter.notebook.kernel.is_connected()"
        " && document.getElementById('kernel_indicator_icon').classList.contains('kernel_idle_icon'))"), 120)
    kernel = driver.execute_script("return [Jupyter.notebook.kernel.name,"
                                   " document.querySelector('.kernel_indicator_name').textContent]")
    driver.find_element(By.ID, "celllink").click()
    driver.find_element(By.CSS_SELECTOR, "#run_all_cells > a").click()

    def finished():
        state = driver.execute_script(RUN_STATE)
        waiting = any(p == "*" for p in state["prompts"])
        complete = all(isinstance(p, int) for p in state["prompts"]) or state["errors"]
        return state if state["idle"] and not waiting and complete else None

    try:
        wait_for(server, f"{path.name} to run", finished, RUN_TIMEOUT)
    finally:  # also when it timed out: the page shows where it stopped
        screenshot(driver, path)
    ran_with = driver.execute_async_script(ASK_KERNEL).split()
    cells = driver.execute_script(READ_CELLS)
    driver.execute_script("Jupyter.notebook.session.delete()")  # stop its kernel before the next notebook
    return {"kernel": kernel, "ran_with": ran_with, "cells": cells}


def screenshot(driver, path):
    """The whole rendered notebook in one image: the window as tall as the page, scrolled to the top."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.getElementById('header').offsetHeight"
                                   " + document.getElementById('notebook-container').scrollHeight + 60")
    driver.set_window_size(1280, min(height, 16000))
    driver.execute_script("document.getElementById('site').scrollTop = 0")
    time.sleep(0.5)
    driver.save_screenshot(str(SCREENSHOTS / f"{path.stem}.png"))


PAGES = {}


@pytest.fixture(scope="module")
def page(server, browser):
    """Each notebook run once in the browser; its page as read by READ_CELLS."""
    def get(path):
        if path.name not in PAGES:
            PAGES[path.name] = run_in_browser(browser, server, path)
        return PAGES[path.name]
    return get


def code_cells(result):
    return [c for c in result["cells"] if c["type"] == "code"]


def cell_showing(result, last_line):
    """The code cell whose last source line is ``last_line`` (the expression it displays)."""
    found = [c for c in code_cells(result) if c["source"].strip().splitlines()[-1].strip() == last_line]
    assert len(found) == 1, f"expected one cell ending in {last_line!r}, found {len(found)}"
    return found[0]


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_clean_in_the_browser(path, page):
    result = page(path)
    assert result["kernel"] == ["duikou", "Python 3 (duikou)"]
    duikou_file = str(Path(duikou.__file__).resolve())
    assert [result["ran_with"][0], str(Path(result["ran_with"][1]).resolve())] == [sys.executable, duikou_file]
    cells = code_cells(result)
    problems = [(c["source"][:60], e) for c in cells for e in c["errors"]]
    assert not problems, f"{path.name}: error or stderr output: {problems}"
    unrun = [c["source"][:60] for c in cells if not isinstance(c["prompt"], int)]
    assert not unrun, f"{path.name}: cells that did not run: {unrun}"
    assert (SCREENSHOTS / f"{path.stem}.png").stat().st_size > 10_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chart_cell_shows_an_image(path, page):
    charts = [c for c in code_cells(page(path)) if CHART_CALL.search(c["source"])]
    for cell in charts:
        shown = [i for i in cell["images"] if i["loaded"] and i["width"] > 200 and i["height"] > 100]
        assert shown, f"{path.name}: no image under {cell['source'][:80]!r}: {cell['images']}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_tables_show_chinese_names(path, page):
    """Every cell of a name column (recipient, partner, region, ...) in the rendered tables reads in Chinese."""
    checked = 0
    for cell in code_cells(page(path)):
        for table in cell["tables"]:
            header, body = table["rows"][0], table["rows"][max(table["head"], 1):]
            for j, column in enumerate(header):
                if column not in NAME_COLUMNS:
                    continue
                for row in body:
                    if len(row) == len(header) and row[j] not in ("", "...", "None", "NaN", "nan", "<NA>"):
                        assert CJK.search(row[j]), f"{path.name}: {column} {row[j]!r} under {cell['source'][:60]!r}"
                        checked += 1
    if path.name == "01_quickstart.ipynb":  # the plan's table, its frequency, coverage and reach tables
        assert checked > 40, checked


NAME_COLUMNS = {"recipient", "partner", "region", "recipient_province", "partner_province",
                "partner_names", "region_names", "nearest_partner"}


def test_partner_frequency_table(page, plan):
    freq = cell_showing(page(ROOT / "notebooks" / "01_quickstart.ipynb"), "freq")
    assert len(freq["tables"]) == 1
    rows = freq["tables"][0]["rows"]
    expected = plan.to_frame()["partner"].value_counts()  # pandas, not duikou's kernel
    shown = {row[1]: int(row[2]) for row in rows[1:]}  # index, partner, pairs, ...
    assert shown == expected.to_dict()
    assert ["深圳市", "3"] == rows[1][1:3]


def test_concentration_table(page, plan):
    conc = cell_showing(page(ROOT / "notebooks" / "01_quickstart.ipynb"), "plan.concentration()")
    assert len(conc["tables"]) == 1
    shown = dict(row[:2] for row in conc["tables"][0]["rows"])
    counts = plan.to_frame()["partner"].value_counts()
    shares = counts / counts.sum()
    assert shown["pairs"] == str(counts.sum()) and shown["entities (n)"] == str(len(counts))
    assert float(shown["HHI"]) == pytest.approx((shares ** 2).sum(), abs=5e-6)


def test_region_coverage_table_names_regions(page, plan):
    cov = cell_showing(page(ROOT / "notebooks" / "01_quickstart.ipynb"), "coverage")
    regions = {row[1] for row in cov["tables"][0]["rows"][1:]}
    assert regions == set(plan.to_frame()["region"]) and "赣闽粤原中央苏区" in regions


# Each rich display once, in the notebook that shows it: the notebook, the expression its cell ends in,
# the text the display starts with, and texts it must show (names from its first rows or changes).
DISPLAYS = {
    "Pairings": ("01_quickstart.ipynb", "plan", "Pairings", ["20 pairs", "赣州市", "深圳市", "赣闽粤原中央苏区"]),
    "Concentration": ("01_quickstart.ipynb", "plan.concentration()", "Concentration", ["HHI", "Gini"]),
    "Nestedness": ("02_plan_2022_in_depth.ipynb", 'plan.nodf(rows="region")', "Nestedness", ["NODF"]),
    "Diff": ("02_plan_2022_in_depth.ipynb", "changes", "Diff", ["示例市", "赣州市", "丽水市"]),
    "Extraction": ("03_from_document_to_statistics.ipynb", "extraction", "Extraction", ["陇南市", "青岛市"]),
    "NullModelResult": ("04_significance.ipynb", "busiest", "max_frequency under fixed_recipients", ["p-value"]),
}
CHARTS = {"NullModelResult"}  # displays that draw their chart inline (SVG)


@pytest.mark.parametrize("kind", DISPLAYS)
def test_rich_display(kind, page):
    """Shown as HTML (not as text), titled, showing its content, no wider than the notebook's output area."""
    notebook, expression, title, texts = DISPLAYS[kind]
    cell = cell_showing(page(ROOT / "notebooks" / notebook), expression)
    assert len(cell["html"]) == 1, f"{kind}: {len(cell['html'])} HTML outputs; the cell shows {cell['text'][:200]!r}"
    shown = cell["html"][0]
    assert shown["text"].strip().startswith(title), shown["text"][:200]
    missing = [t for t in texts if t not in shown["text"]]
    assert not missing, f"{kind} does not show {missing}: {shown['text'][:500]!r}"
    assert shown["scroll"] <= shown["width"] + 1, f"{kind} is {shown['scroll']} px wide in {shown['width']} px"
    charts = [i for i in cell["images"] if i["tag"] == "svg" and i["width"] > 100 and i["height"] > 50]
    assert len(charts) == (kind in CHARTS), f"{kind}: inline charts {cell['images']}"
