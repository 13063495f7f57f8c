#!/usr/bin/env python3
"""The dashboard in a real headless browser (Debian's chromium, driven over the DevTools protocol on a pipe).

Builds the site from the sandbox (examples applied, 40 days of consumption pulled), then for every page at 1280 and
390 pixels wide: loads it from file:// with no console error and no network request, checks that no element is wider
than the viewport, and keeps a screenshot in ARTIFACTS. The figures in the DOM must equal `status` and `consumption
report` JSON for the same data; sorting works with scripts on; the tenants table is whole with scripts off. Every
page names the project in its title and heading, and every chart spans the same days.

Usage: check_dashboard.py FLEXFORM_BINARY CHROMIUM EXAMPLES_DIR ARTIFACTS_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


class Browser:
    """Chromium with --remote-debugging-pipe: NUL-terminated JSON messages on fds 3 (to it) and 4 (from it)."""

    def __init__(self, chromium, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        os.set_inheritable(to_browser_r, True)
        os.set_inheritable(from_browser_w, True)

        def wire_fds():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
             "--remote-debugging-pipe", "--user-data-dir=" + profile, "--disable-extensions",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--metrics-recording-only", "--no-default-browser-check", "about:blank"],
            preexec_fn=wire_fds, close_fds=False, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(domain + ".enable", session=True)

    def _read(self, timeout=30):
        deadline = time.time() + timeout
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed its pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    del self.events[i]
                    return event
            self.events.append(self._read(deadline - time.time()))
        raise TimeoutError(method)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluation failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def load(self, url, width):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500}, session=True)
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_for("Page.loadEventFired")
        time.sleep(0.1)  # late console messages
        while True:  # drain what is already there
            try:
                os.set_blocking(self.from_browser, False)
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    break
                self.buffer += chunk
            except BlockingIOError:
                break
            finally:
                os.set_blocking(self.from_browser, True)
        while b"\0" in self.buffer:
            self.events.append(self._read())
        problems = []
        for event in self.events:
            method = event.get("method")
            params = event.get("params", {})
            if method == "Runtime.exceptionThrown":
                problems.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:300])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                problems.append("console " + params["type"] + ": " + json.dumps(params.get("args"))[:300])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                problems.append("log: " + params["entry"].get("text", "")[:300])
            elif method == "Network.requestWillBeSent":
                requested = params.get("request", {}).get("url", "")
                if not requested.startswith(("file://", "data:", "about:")):
                    problems.append("network request: " + requested)
        return problems

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=True)
        import base64
        with open(path, "wb") as f:
            f.write(base64.b64decode(data["data"]))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        self.process.wait(timeout=30)


OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    if (e.closest('thead') && getComputedStyle(e.closest('thead')).position === 'absolute') return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (r.right > width + 1 || r.left < -1);
  }).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));
  return {width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
})()"""


def run(binary, args, cwd):
    result = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True,
                            env=dict(os.environ, NO_COLOR="1", FORTIFLEX_ACCESS_PASSWORD=""))
    if result.returncode not in (0, 2):
        raise RuntimeError(f"flexform {' '.join(args)}: {result.returncode}\n{result.stderr}")
    return result.stdout


def build_site(binary, examples, work):
    shutil.copytree(os.path.join(examples, "customers"), os.path.join(work, "customers"))
    shutil.copy(os.path.join(examples, "flexform.yaml"), work)
    # The seed's pending changes, saved before they are applied: the site with --plan shows them.
    run(binary, ["plan", "customers", "--sandbox", "--out", "plan.json"], work)
    run(binary, ["dashboard", "--sandbox", "--out", "site-plan", "--plan", "plan.json", "customers"], work)
    run(binary, ["apply", "customers", "--sandbox", "--auto-approve"], work)
    run(binary, ["consumption", "pull", "--sandbox", "--days", "40"], work)
    started = time.time()
    run(binary, ["dashboard", "--sandbox", "--out", "site", "customers"], work)
    print(f"dashboard built in {time.time() - started:.2f} s (sandbox, 8 accounts)")
    status = json.loads(run(binary, ["status", "--sandbox", "--format", "json", "customers"], work))
    report = json.loads(run(binary, ["consumption", "report", "--sandbox", "--days", "30", "--format", "json",
                                     "customers"], work))
    program = json.loads(run(binary, ["program", "--sandbox", "--format", "json", "customers"], work))
    return status, report, program


def check_figures(browser, site, status, report, program):
    problems = browser.load("file://" + os.path.join(site, "tenants.html"), 1280)
    for p in problems:
        fail("tenants.html: " + p)
    rows = browser.evaluate("""[...document.querySelectorAll('#tenants tbody tr')].map(r => ({
        account: +r.dataset.account, perDay: +r.cells[5].dataset.value, last30: +r.cells[6].dataset.value}))""")
    by_status = {a["account_id"]: a["points_per_day"] for a in status["accounts"]}
    by_report = {}
    for row in report["rows"]:
        by_report[row["account_id"]] = by_report.get(row["account_id"], 0) + row["points"]
    if len(rows) != len(by_status):
        fail(f"tenants.html lists {len(rows)} accounts, status {len(by_status)}")
    for r in rows:
        if abs(r["perDay"] - by_status.get(r["account"], -1)) > 0.005:
            fail(f"account {r['account']}: points/day {r['perDay']} in the page, {by_status.get(r['account'])} in status")
        if abs(r["last30"] - by_report.get(r["account"], 0)) > 0.005:
            fail(f"account {r['account']}: last 30 days {r['last30']} in the page, {by_report.get(r['account'], 0)} "
                 f"in consumption report")
    # Sorting by points/day, both ways.
    order = "[...document.querySelectorAll('#tenants tbody tr')].map(r => +r.cells[5].dataset.value)"
    browser.evaluate("document.querySelectorAll('#tenants th button')[5].click()")
    ascending = browser.evaluate(order)
    browser.evaluate("document.querySelectorAll('#tenants th button')[5].click()")
    descending = browser.evaluate(order)
    if ascending != sorted(ascending) or descending != sorted(descending, reverse=True) or ascending == descending:
        fail(f"sorting by points/day: ascending {ascending}, descending {descending}")
    # Filtering hides the other rows.
    shown = browser.evaluate("""(() => { const f = document.getElementById('filter'); f.value = 'globex';
        f.dispatchEvent(new Event('input')); return [...document.querySelectorAll('#tenants tbody tr')]
        .filter(r => !r.hidden).length; })()""")
    if shown != 1:
        fail(f"filtering for globex shows {shown} rows")
    problems = browser.load("file://" + os.path.join(site, "index.html"), 1280)
    for p in problems:
        fail("index.html: " + p)
    per_day = browser.evaluate("+document.querySelector('[data-figure=current-per-day]').dataset.value")
    last30 = browser.evaluate("+document.querySelector('[data-figure=last30-total]').dataset.value")
    if abs(per_day - sum(by_status.values())) > 0.01:
        fail(f"program points/day {per_day}, status says {sum(by_status.values())}")
    if abs(last30 - report["total"]) > 0.005:
        fail(f"program last 30 days {last30}, consumption report says {report['total']}")
    projected = browser.evaluate("+document.querySelector('[data-figure=projection]').dataset.value")
    if abs(projected - program["projection"]["total"]) > 0.005:
        fail(f"projected year {projected}, flexform program says {program['projection']['total']}")
    # Without scripts the tenants table is all there, the filter (which needs them) stays hidden.
    browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, session=True)
    browser.load("file://" + os.path.join(site, "tenants.html"), 1280)
    plain = browser.evaluate("[document.querySelectorAll('#tenants tbody tr').length, "
                             "document.getElementById('filter').hidden]")
    browser.call("Emulation.setScriptExecutionDisabled", {"value": False}, session=True)
    if plain != [len(by_status), True]:
        fail(f"with scripts off: {plain[0]} rows, filter hidden {plain[1]}")
    # Printed: no navigation or filter box, every row still there.
    browser.call("Emulation.setEmulatedMedia", {"media": "print"}, session=True)
    printed = browser.evaluate("[getComputedStyle(document.querySelector('nav')).display, "
                               "getComputedStyle(document.getElementById('filter')).display, "
                               "[...document.querySelectorAll('#tenants tbody tr')]"
                               ".filter(r => r.offsetParent !== null).length]")
    browser.call("Emulation.setEmulatedMedia", {"media": ""}, session=True)
    if printed != ["none", "none", len(by_status)]:
        fail(f"printed: nav {printed[0]}, filter {printed[1]}, {printed[2]} rows visible")


ACCESSIBILITY = """[...[...document.querySelectorAll('svg')].filter(svg => svg.getAttribute('role') !== 'img' ||
        !(svg.getAttribute('aria-label') || '').trim() || !svg.querySelector('title'))
        .map(() => 'a chart without role=img, aria-label and title'),
    ...[...document.querySelectorAll('table')].filter(t => !t.caption || !t.caption.textContent.trim() ||
        !t.querySelector('thead th[scope=col]')).map(t => 'a table without caption or column headers: ' +
        (t.id || t.outerHTML.slice(0, 80)))]"""


# The first and last day on each chart's x axis, as drawn.
CHART_DAYS = """[...document.querySelectorAll('svg.chart')].map(svg => {
    const days = [...svg.querySelectorAll('text')].map(t => t.textContent).filter(t => /^\\d{4}-\\d\\d-\\d\\d$/.test(t));
    return days.length ? days[0] + ' to ' + days[days.length - 1] : 'no days';
})"""

# The project file's metadata.name, in every page's title and heading.
PROJECT = "flexform — northwind-mssp"


def check_project_named(browser, page):
    named = browser.evaluate("[document.title, document.querySelector('h1').innerText]")
    if not named[0].startswith(PROJECT + ": ") or not named[1].startswith(PROJECT):
        fail(f"{page} does not name the project: title {named[0]!r}, heading {named[1]!r}")


RAW_KINDS = """[...document.body.innerText.matchAll(/\\b(config_(missing|changed|disabled|enabled|unmanaged)|
    entitlement_(missing|moved|changed|stopped|running|undeclared)|device_moved_account|over_budget)\\b/g)]
    .map(m => m[0])""".replace("\n    ", "")


def check_plan_site(browser, site, artifacts):
    """The dashboard with --plan: the pending plan and its digest fit 390 px, and no page shows a raw drift kind."""
    pages = ["index.html", "tenants.html"] + ["customers/" + f for f in sorted(os.listdir(os.path.join(site, "customers")))]
    digest = False
    for page in pages:
        for width in (1280, 390):
            for p in browser.load("file://" + os.path.join(site, page), width):
                fail(f"with --plan, {page} at {width}px: {p}")
            layout = browser.evaluate(OVERFLOW)
            if layout["scroll"] > layout["width"] or layout["wide"]:
                fail(f"with --plan, {page} at {width}px is wider than the viewport: scroll width {layout['scroll']} "
                     f"of {layout['width']}, {layout['wide']}")
            browser.screenshot(os.path.join(artifacts, "plan-" + page.replace("/", "_").replace(".html", f"-{width}.png")))
        check_project_named(browser, page)
        digest = digest or browser.evaluate("document.body.innerText.includes('Plan digest')")
        for kind in browser.evaluate(RAW_KINDS):
            fail(f"with --plan, {page} shows the raw kind {kind}")
    if not digest:
        fail("with --plan, no page shows the pending plan's digest")
    return len(pages)


def check_pages(browser, site, artifacts):
    pages = ["index.html", "tenants.html"] + ["customers/" + f for f in sorted(os.listdir(os.path.join(site, "customers")))]
    spans = {}
    for page in pages:
        size = os.path.getsize(os.path.join(site, page))
        if size > 1024 * 1024:
            fail(f"{page} is {size} bytes, above 1 MB")
        for width in (1280, 390):
            for p in browser.load("file://" + os.path.join(site, page), width):
                fail(f"{page} at {width}px: {p}")
            layout = browser.evaluate(OVERFLOW)
            if layout["scroll"] > layout["width"] or layout["wide"]:
                fail(f"{page} at {width}px is wider than the viewport: scroll width {layout['scroll']} of "
                     f"{layout['width']}, {layout['wide']}")
            browser.screenshot(os.path.join(artifacts, page.replace("/", "_").replace(".html", f"-{width}.png")))
        # Text alternatives: every chart is an image with a name and a title, every table has a caption and
        # column headers.
        missing = browser.evaluate(ACCESSIBILITY)
        for m in missing:
            fail(f"{page}: {m}")
        check_project_named(browser, page)
        for span in browser.evaluate(CHART_DAYS):
            spans.setdefault(span, []).append(page)
    # Every chart over the same days, so the program's and the customers' line up.
    if len(spans) != 1 or len(spans[next(iter(spans))]) != len(pages) - 1:
        fail(f"the charts do not all span the same days (every page but tenants.html has one): {spans}")
    else:
        print(f"every chart spans {next(iter(spans))}")
    return len(pages)


def main():
    binary, chromium, examples, artifacts = sys.argv[1:5]
    os.makedirs(artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="flexform-dashboard-")
    profile = tempfile.mkdtemp(prefix="flexform-chromium-")
    browser = None
    try:
        status, report, program = build_site(binary, examples, work)
        site = os.path.join(work, "site")
        browser = Browser(chromium, profile)
        check_figures(browser, site, status, report, program)
        pages = check_pages(browser, site, artifacts)
        print(f"{pages} pages checked at 1280 and 390 px; screenshots in {artifacts}")
        pages = check_plan_site(browser, os.path.join(work, "site-plan"), artifacts)
        print(f"{pages} pages of the dashboard with --plan checked at 1280 and 390 px")
    finally:
        if browser:
            browser.close()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
    print(f"{len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
