#!/usr/bin/env python3
"""Runs the example pipelines (examples/ci/) as GitHub Actions and GitLab CI would, against the FortiFlex emulator.

No GitHub or GitLab is reachable here, so this is the part of each that can be run: every job's shell, step by step
and in order, in a scratch clone of a scratch "origin" repository, with the variables the CI system sets for a pull
(merge) request, a merge to main and a nightly run. What only the CI system does is played by small local
equivalents defined below:

- GitHub: `uses:` steps. actions/checkout clones origin (a pull request checks out its merge into the base, as
  GitHub does); actions/github-script steps are replaced per step id with what the script does (post or update the
  comment found by its marker, find the merged pull request and its last plan run); upload/download-artifact copy
  files into a per-run store. `${{ }}` expressions and `if:` conditions are evaluated. flexform is installed by the
  workflow's own install step: its `curl` of the release asset gets the .deb that cpack builds from this tree, and
  `sudo apt-get install ./x.deb` unpacks it (shims on PATH), so the jobs run the packaged binary.
- GitLab: `rules:` are evaluated, variables are expanded (protected ones only on the protected branch), the
  image's flexform is on PATH, and the GitLab REST API the scripts call with curl is a small local HTTP server
  (notes of merge requests, merge requests of a commit, pipelines, jobs, artifacts). The push of the applied ref
  goes to the scratch origin through git's url.insteadOf.

Scenarios, for both systems: a pull request with a change; its merge (applied; the applied commit recorded; the
outcome commented); a change blocked by a budget; the same with a waiver; a merge whose apply is refused (the
reviewed plan went stale: an entitlement was stopped in the portal after the review), the nightly run that reports
the change as merged but not applied (exit 2), the recovery pull request (an empty commit) whose plan shows it in
its own section, its merge that applies it; a last nightly run with nothing pending. Each asserts the comment
bodies, the exit codes, the artifacts and the emulator's state.

Usage: run_pipelines.py FLEXFORM_BINARY BUILD_DIR SOURCE_DIR
"""
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request

import yaml

PROGRAM = "ELAVMS0000004711"
RW = ("5D1B7E2A-3C4F-4A8B-9E6D-0F1A2B3C4D5E", "flexform-demo-password")
RO = ("0A1B2C3D-READ-ONLY-0000-000000000001", "flexform-demo-readonly")
PLAN_KEY = "pipeline-test-plan-key"  # FLEXFORM_PLAN_KEY: the plan jobs sign plan.json, the apply jobs verify it
RELEASES = "https://github.com/flexform-dev/flexform/releases/download"

failures = []


def check(condition, message, context=""):
    if not condition:
        failures.append(message + (("\n--- context ---\n" + context[-4000:]) if context else ""))
        print("FAIL:", message)
    return condition


def sh(args, cwd=None, env=None, check_rc=True):
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check_rc and r.returncode != 0:
        raise RuntimeError(f"{args}: {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r.stdout.strip()


class Emulator:
    def __init__(self, binary, directory, seed):
        self.proc = subprocess.Popen([binary, "emulator", "--listen", "127.0.0.1:0", "--state",
                                      os.path.join(directory, "emulator.db"), "--seed", seed, "--test-hooks"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        self.base = line[line.index("http://"):].strip().split()[0].rstrip(".,")

    def call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read())

    def entitled(self, serial):
        for e in self.call("/__emulator/state")["entitlements"]:
            if e.get("serialNumber") == serial:
                return e.get("status")
        return None

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Repository:
    """The scratch origin and a working clone where "people" commit, branch and merge."""

    def __init__(self, directory, source):
        self.origin = os.path.join(directory, "origin.git")
        self.work = os.path.join(directory, "people")
        sh(["git", "init", "-q", "--bare", "-b", "main", self.origin])
        sh(["git", "clone", "-q", self.origin, self.work])
        shutil.copytree(os.path.join(source, "examples", "customers"), os.path.join(self.work, "customers"))
        # The example project as shipped, but for its request budget: this test plays a month of pull requests,
        # merges and nights in a minute, which the budget (rightly) would pace to real time.
        with open(os.path.join(source, "examples", "flexform.yaml")) as f:
            project = f.read()
        project = re.sub(r"(requestsPerMinute|requestsPerHour): *\d+", r"\1: 0", project)
        with open(os.path.join(self.work, "flexform.yaml"), "w") as f:
            f.write(project)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "the customers")
        self.git("push", "-q", "origin", "HEAD:main")

    def git(self, *args):
        return sh(["git", *args], cwd=self.work)

    def path(self, relative):
        return os.path.join(self.work, relative)

    def edit(self, relative, old, new):
        text = open(self.path(relative)).read()
        assert old in text, f"{relative} lacks {old!r}"
        open(self.path(relative), "w").write(text.replace(old, new, 1))

    def branch(self, name, message, change=None):
        """A pull request's branch from main with one commit (empty when `change` is None); returns its head."""
        self.git("checkout", "-q", "-B", name, "origin/main")
        if change:
            change()
            self.git("commit", "-q", "-am", message)
        else:
            self.git("commit", "-q", "--allow-empty", "-m", message)
        self.git("push", "-q", "-f", "origin", name)
        return self.git("rev-parse", "HEAD")

    def merge(self, name):
        """Merges the branch into main with a merge commit, as a pull request's merge button; returns it."""
        self.git("fetch", "-q", "origin")
        self.git("checkout", "-q", "-B", "main", "origin/main")
        self.git("merge", "-q", "--no-ff", "-m", f"Merge {name}", f"origin/{name}")
        self.git("push", "-q", "origin", "main")
        return self.git("rev-parse", "HEAD")

    def applied(self):
        r = subprocess.run(["git", "--git-dir", self.origin, "rev-parse", "-q", "--verify",
                            f"refs/flexform/applied/{PROGRAM}"], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else None


class Machine:
    """What every job's machine has: a HOME, a git identity, the emulator's address in place of FortiFlex's."""

    def __init__(self, directory, emulator, extra_path):
        self.directory = directory
        self.home = os.path.join(directory, "home")
        os.makedirs(self.home, exist_ok=True)
        self.gitconfig = os.path.join(self.home, ".gitconfig")
        with open(self.gitconfig, "w") as f:
            f.write("[user]\n\tname = ci\n\temail = ci@example.com\n[advice]\n\tdetachedHead = false\n")
        self.env = {
            "PATH": os.pathsep.join(extra_path + ["/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": self.home,
            "GIT_CONFIG_GLOBAL": self.gitconfig,
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "TMPDIR": directory,
            # The runner host's lock directory: the apply lock, the request budget and the records of unknown creates.
            "FLEXFORM_LOCK_DIR": os.path.join(directory, "locks"),
            "FORTIFLEX_API_URL": emulator.base + "/ES/api/fortiflex/v2/",
            "FORTIFLEX_AUTH_URL": emulator.base + "/api/v1/oauth/token/",
        }

    def redirect(self, url, origin):
        with open(self.gitconfig, "a") as f:
            f.write(f'[url "{origin}"]\n\tinsteadOf = {url}\n')


# ---------------------------------------------------------------------------------------------------------------
# GitHub Actions


class Expressions:
    """`${{ }}` and `if:` of GitHub Actions: contexts, ==, !=, &&, ||, !, parentheses, always/success/failure."""

    def __init__(self, contexts, job_failed):
        self.contexts = contexts
        self.job_failed = job_failed

    def lookup(self, dotted):
        value = self.contexts
        for part in dotted.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return ""
        return "" if value is None else value

    def evaluate(self, expression):
        tokens = re.findall(r"'[^']*'|&&|\|\||==|!=|!|\(|\)|[A-Za-z_][A-Za-z0-9_.\-]*\(\)|[A-Za-z_][A-Za-z0-9_.\-]*|\S",
                            expression)
        python = []
        values = {}
        for t in tokens:
            if t.startswith("'"):
                key = f"v{len(values)}"
                values[key] = t[1:-1]
                python.append(key)
            elif t == "&&":
                python.append(" and ")
            elif t == "||":
                python.append(" or ")
            elif t == "!":
                python.append(" not ")
            elif t in ("==", "!=", "(", ")"):
                python.append(f" {t} ")
            elif t == "always()" or t == "!cancelled()":
                python.append("True")
            elif t == "cancelled()":
                python.append("False")
            elif t == "success()":
                python.append(str(not self.job_failed()))
            elif t == "failure()":
                python.append(str(self.job_failed()))
            elif t in ("true", "false"):
                python.append("True" if t == "true" else "False")
            else:
                key = f"v{len(values)}"
                values[key] = self.lookup(t)
                python.append(key)
        return eval("".join(python), {"__builtins__": {}}, values)  # noqa: S307 - test-only, our own workflow

    def substitute(self, text):
        return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: str(self.evaluate(m.group(1))), str(text))

    def condition(self, text):
        if text is None:
            return not self.job_failed()
        text = str(text).strip()
        if text.startswith("${{"):
            text = text[3:-2]
        uses_status = re.search(r"always\(\)|failure\(\)|success\(\)|cancelled\(\)", text)
        result = bool(self.evaluate(text))
        return result if uses_status else (result and not self.job_failed())


class GitHub:
    """The pull requests, comments and artifacts GitHub would hold, and the runner that runs a workflow's job."""

    def __init__(self, workflow_path, repo, machine, directory):
        self.workflow = yaml.safe_load(open(workflow_path))
        self.repo = repo
        self.machine = machine
        self.directory = directory
        self.comments = {}  # pr -> [body]
        self.prs = {}  # pr -> {"head": sha, "merged": sha}
        self.runs = []  # {"id", "event", "head_sha", "success"}
        self.artifacts = {}  # (run id, name) -> directory

    def job(self, name, event, sha, pr=None, head_sha=None):
        """Runs one job of the workflow for `event` at `sha`; returns (ok, step results by id or index, summary)."""
        run_id = str(1000 + len(self.runs))
        workflow, job = self.workflow, self.workflow["jobs"][name]
        github = {"event_name": event, "sha": sha, "run_id": run_id, "server_url": "https://github.com",
                  "repository": "northwind/customers", "token": "ghs_test", "base_ref": "main" if pr else "",
                  "event": {"pull_request": {"number": pr, "head": {"sha": head_sha}}} if pr else {}}
        secrets = {"FORTIFLEX_READONLY_USERNAME": RO[0], "FORTIFLEX_READONLY_PASSWORD": RO[1],
                   "FLEXFORM_DB": os.path.join(self.directory, "store.db"), "FLEXFORM_PLAN_KEY": PLAN_KEY}
        if job.get("environment") == "fortiflex-production":  # environment secrets: only this job sees them
            secrets.update({"FORTIFLEX_ACCESS_USERNAME": RW[0], "FORTIFLEX_ACCESS_PASSWORD": RW[1]})
        steps = {}
        state = {"failed": False}
        x = Expressions({"github": github, "secrets": secrets, "steps": steps, "env": {}}, lambda: state["failed"])
        if not x.condition(job.get("if")):
            return None
        workspace = tempfile.mkdtemp(prefix=f"gh-{name}-", dir=self.directory)
        runner_temp = tempfile.mkdtemp(prefix="runner-temp-", dir=self.directory)
        summary = os.path.join(runner_temp, "summary.md")
        open(summary, "w").close()
        env = dict(self.machine.env)
        env.update({"GITHUB_WORKSPACE": workspace, "GITHUB_SHA": sha, "GITHUB_EVENT_NAME": event,
                    "GITHUB_RUN_ID": run_id, "GITHUB_REPOSITORY": github["repository"],
                    "GITHUB_SERVER_URL": github["server_url"], "GITHUB_STEP_SUMMARY": summary,
                    "GITHUB_BASE_REF": github["base_ref"], "RUNNER_TEMP": runner_temp, "CI": "true"})
        for scope in (workflow.get("env", {}), job.get("env", {})):
            for key, value in scope.items():
                env[key] = x.substitute(value)
        x.contexts["env"] = env
        log = []
        results = {}
        for index, step in enumerate(job["steps"]):
            key = step.get("id", str(index))
            steps[key] = {"outputs": {}, "outcome": "skipped"}
            if not x.condition(step.get("if")):
                continue
            step_env = dict(env)
            for k, v in (step.get("env") or {}).items():
                step_env[k] = x.substitute(v)
            if "run" in step:
                output_file = os.path.join(runner_temp, f"output-{index}")
                open(output_file, "w").close()
                step_env["GITHUB_OUTPUT"] = output_file
                script = os.path.join(runner_temp, f"step-{index}.sh")
                with open(script, "w") as f:
                    f.write(x.substitute(step["run"]))
                r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workspace,
                                   env=step_env, capture_output=True, text=True)
                for line in open(output_file):
                    if "=" in line:
                        k, v = line.rstrip("\n").split("=", 1)
                        steps[key]["outputs"][k] = v
                code, out, err = r.returncode, r.stdout, r.stderr
            else:
                code, out, err = self.uses(step, x, step_env, workspace, steps[key]["outputs"], run_id, github)
            steps[key]["outcome"] = "success" if code == 0 else "failure"
            results[key] = {"code": code, "out": out, "err": err}
            log.append(f"--- {name} step {key} ({step.get('name', step.get('uses'))}): exit {code}\n{out}{err}")
            if code != 0:
                state["failed"] = True
        self.runs.append({"id": run_id, "event": event, "head_sha": head_sha or sha, "success": not state["failed"],
                          "name": name})
        return {"ok": not state["failed"], "steps": results, "summary": open(summary).read(), "run_id": run_id,
                "log": "\n".join(log), "workspace": workspace}

    def uses(self, step, x, env, workspace, outputs, run_id, github):
        action = step["uses"].split("@")[0]
        inputs = {k: x.substitute(v) for k, v in (step.get("with") or {}).items()}
        if action == "actions/checkout":
            sh(["git", "clone", "-q", self.repo.origin, workspace], env=env)
            if github["event_name"] == "pull_request":  # refs/pull/N/merge: the head merged into the base
                sh(["git", "checkout", "-q", "--detach", "origin/main"], cwd=workspace, env=env)
                sh(["git", "merge", "-q", "--no-ff", "-m", "merge", github["event"]["pull_request"]["head"]["sha"]],
                   cwd=workspace, env=env)
            else:
                sh(["git", "checkout", "-q", "--detach", github["sha"]], cwd=workspace, env=env)
            return 0, "", ""
        if action == "actions/upload-artifact" or action == "actions/upload-pages-artifact":
            name = inputs.get("name", "github-pages")
            source = os.path.join(workspace, inputs["path"])
            if not os.path.exists(source):
                return (0, "", "no files\n") if inputs.get("if-no-files-found") == "ignore" else (1, "", "no files\n")
            target = os.path.join(self.directory, "artifacts", run_id, name)
            os.makedirs(target, exist_ok=True)
            if os.path.isdir(source):
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy(source, target)
            self.artifacts[(run_id, name)] = target
            return 0, "", ""
        if action == "actions/download-artifact":
            source = self.artifacts.get((inputs.get("run-id"), inputs["name"]))
            if not source:
                return 1, "", f"artifact {inputs['name']} of run {inputs.get('run-id')} not found\n"
            shutil.copytree(source, workspace, dirs_exist_ok=True)
            return 0, "", ""
        if action == "actions/github-script":
            return self.github_script(step, env, workspace, outputs, github)
        return 1, "", f"no local equivalent of {action}\n"

    # What each github-script step of the workflow does, against the pull requests and comments held here.
    def github_script(self, step, env, workspace, outputs, github):
        key = step.get("id")
        if key == "comment":  # post or update the comment found by its marker
            body = open(os.path.join(workspace, "comment.md")).read()
            pr = github["event"]["pull_request"]["number"]
            comments = self.comments.setdefault(pr, [])
            old = [i for i, c in enumerate(comments) if c.startswith("<!-- flexform-plan -->")]
            if old:
                comments[old[0]] = body
            else:
                comments.append(body)
            return 0, "", ""
        if key == "reviewed":  # the merged pull request of the push, and its last successful plan run
            pr = next((n for n, p in self.prs.items() if p.get("merged") == github["sha"]), None)
            if pr is None:
                return 1, "", "this push was not the merge of a reviewed pull request: nothing is applied\n"
            outputs["pr"] = str(pr)
            runs = [r for r in self.runs if r["event"] == "pull_request" and r["head_sha"] == self.prs[pr]["head"]
                    and r["success"]]
            if not runs:
                return 1, "", f"no successful plan run for #{pr}\n"
            outputs["run_id"] = runs[-1]["id"]
            return 0, "", ""
        if step.get("name", "").startswith("Comment the outcome"):
            pr = int(env["PR"])
            self.comments.setdefault(pr, []).append(open(os.path.join(workspace, "outcome.md")).read())
            return 0, "", ""
        return 1, "", f"no local equivalent of the github-script step {step.get('name')}\n"

    # The pipeline events.
    def pull_request(self, number, head):
        self.prs[number] = {"head": head}
        return self.job("plan", "pull_request", head, pr=number, head_sha=head)

    def merged(self, number, merge_sha):
        self.prs[number]["merged"] = merge_sha
        return self.job("apply", "push", merge_sha)

    def nightly(self, sha):
        return self.job("nightly", "schedule", sha)

    def plan_comment(self, number):
        return next((c for c in self.comments.get(number, []) if c.startswith("<!-- flexform-plan -->")), "")

    def outcome_comment(self, number):
        found = [c for c in self.comments.get(number, []) if c.startswith("<!-- flexform-apply -->")]
        return found[-1] if found else ""

    def artifact(self, run, name):
        return self.artifacts.get((run["run_id"], name))


def install_shims(directory, deb):
    """sudo, apt-get and curl as a fresh hosted runner has them, except that the release asset is the local .deb."""
    shims = os.path.join(directory, "shims")
    root = os.path.join(directory, "installed")
    os.makedirs(shims, exist_ok=True)
    scripts = {
        "sudo": '#!/bin/bash\nexec "$@"\n',
        "apt-get": f'''#!/bin/bash
# apt-get install [-y] [--no-install-recommends] ./x.deb: unpack the package and put its binary on PATH.
[ "$1" = install ] || {{ echo "apt-get shim: only install" >&2; exit 1; }}
for a in "$@"; do case "$a" in *.deb) deb=$a;; esac; done
[ -n "${{deb:-}}" ] || {{ echo "apt-get shim: no .deb given" >&2; exit 100; }}
dpkg-deb -x "$deb" {root} && ln -sf {root}/usr/bin/flexform {shims}/flexform
''',
        "curl": f'''#!/bin/bash
# The release asset is the .deb built from this tree; anything else is real curl.
out=""; url=""; prev=""
for a in "$@"; do [ "$prev" = -o ] && out=$a; case "$a" in {RELEASES}/*) url=$a;; esac; prev=$a; done
if [ -n "$url" ]; then
  case "$url" in */flexform_*_ubuntu-24.04_amd64.deb) cp {deb} "$out"; exit 0;; esac
  echo "curl: (22) The requested URL returned error: 404" >&2; exit 22
fi
exec /usr/bin/curl "$@"
''',
    }
    for name, text in scripts.items():
        path = os.path.join(shims, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)
    return shims


# ---------------------------------------------------------------------------------------------------------------
# GitLab CI


class GitLabApi(http.server.BaseHTTPRequestHandler):
    """The part of the GitLab REST API the pipeline calls; state lives on the server object (the GitLab below)."""

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def route(self, method):
        gitlab = self.server.gitlab
        if self.headers.get("PRIVATE-TOKEN") != gitlab.token:
            return self.reply(401, {"message": "401 Unauthorized"})
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        path = url.path.removeprefix("/api/v4/projects/42")
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode()) if length else {}
        m = re.fullmatch(r"/merge_requests/(\d+)/notes(?:/(\d+))?", path)
        if m:
            notes = gitlab.comments.setdefault(int(m.group(1)), [])
            if method == "GET":
                page, per_page = int(query.get("page", ["1"])[0]), int(query.get("per_page", ["20"])[0])
                chosen = notes[(page - 1) * per_page:page * per_page]
                return self.reply(200, [{"id": i + 1, "body": b} for i, b in enumerate(notes) if b in chosen])
            if method == "POST":
                notes.append(form["body"][0])
                return self.reply(201, {"id": len(notes)})
            if method == "PUT":
                notes[int(m.group(2)) - 1] = form["body"][0]
                return self.reply(200, {"id": int(m.group(2))})
        m = re.fullmatch(r"/repository/commits/(\w+)/merge_requests", path)
        if m:
            return self.reply(200, [{"iid": iid, "state": "merged"} for iid, mr in gitlab.mrs.items()
                                    if mr.get("merged") == m.group(1)])
        m = re.fullmatch(r"/merge_requests/(\d+)/pipelines", path)
        if m:
            pipelines = [p for p in reversed(gitlab.pipelines) if p["mr"] == int(m.group(1))]
            return self.reply(200, [{"id": p["id"]} for p in pipelines])
        m = re.fullmatch(r"/pipelines/(\d+)/jobs", path)
        if m:
            jobs = [j for p in gitlab.pipelines if p["id"] == int(m.group(1)) for j in p["jobs"]]
            wanted = query.get("scope[]", [])
            return self.reply(200, [{"id": j["id"], "name": j["name"]} for j in jobs
                                    if not wanted or j["status"] in wanted])
        m = re.fullmatch(r"/jobs/(\d+)/artifacts/(.+)", path)
        if m:
            file = os.path.join(gitlab.directory, "artifacts", m.group(1), m.group(2))
            if os.path.isfile(file):
                return self.reply(200, open(file, "rb").read())
            return self.reply(404, {"message": "404 Not found"})
        return self.reply(404, {"message": f"no route {method} {path}"})

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")


class GitLab:
    def __init__(self, pipeline_path, repo, machine, directory, flexform_dir):
        self.pipeline = yaml.safe_load(open(pipeline_path))
        self.repo = repo
        self.machine = machine
        self.directory = directory
        self.flexform_dir = flexform_dir  # the image's flexform
        self.token = "glpat-test-token"
        self.comments, self.mrs, self.pipelines = {}, {}, []  # comments: the notes of each merge request
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GitLabApi)
        self.server.gitlab = self
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.api = f"http://127.0.0.1:{self.server.server_address[1]}/api/v4"
        machine.redirect(f"https://flexform:{self.token}@gitlab.test/northwind/customers.git", repo.origin)

    def expand(self, text, variables):
        return re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: variables.get(m.group(1), ""), str(text))

    def rule_matches(self, job, variables):
        for rule in job.get("rules", [{}]):
            condition = rule.get("if")
            if condition is None:
                return True
            python = re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", lambda m: repr(variables.get(m.group(1), "")), condition)
            python = python.replace("&&", " and ").replace("||", " or ")
            if eval(python, {"__builtins__": {}}, {}):  # noqa: S307 - test-only, our own pipeline
                return True
        return False

    def run_pipeline(self, source, sha, mr=None, branch=None):
        """Runs every job whose rules match, stage by stage; returns {job name: result}."""
        pipeline_id = 500 + len(self.pipelines)
        record = {"id": pipeline_id, "mr": mr, "jobs": []}
        self.pipelines.append(record)
        ci = {"CI": "true", "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": source, "CI_COMMIT_SHA": sha,
              "CI_DEFAULT_BRANCH": "main", "CI_API_V4_URL": self.api, "CI_PROJECT_ID": "42",
              "CI_PROJECT_PATH": "northwind/customers", "CI_SERVER_HOST": "gitlab.test",
              "CI_PIPELINE_ID": str(pipeline_id),
              "CI_PIPELINE_URL": f"https://gitlab.test/northwind/customers/-/pipelines/{pipeline_id}",
              "FORTIFLEX_READONLY_USERNAME": RO[0], "FORTIFLEX_READONLY_PASSWORD": RO[1],
              "FLEXFORM_DB": os.path.join(self.directory, "store.db"), "FLEXFORM_GITLAB_TOKEN": self.token,
              "FLEXFORM_PLAN_KEY": PLAN_KEY}
        if mr:
            ci.update({"CI_MERGE_REQUEST_IID": str(mr), "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"})
        if branch:
            ci["CI_COMMIT_BRANCH"] = branch
            if branch == "main":  # protected variables reach only pipelines of protected branches
                ci.update({"FORTIFLEX_RW_USERNAME": RW[0], "FORTIFLEX_RW_PASSWORD": RW[1]})
        results = {}
        reserved = {"stages", "default", "variables", "include", "workflow"}
        for stage in self.pipeline["stages"]:
            for name, job in self.pipeline.items():
                if name in reserved or name.startswith(".") or job.get("stage") != stage:
                    continue
                if not self.rule_matches(job, ci):
                    continue
                results[name] = self.run_job(name, job, ci, record, mr, results)
        return results

    def run_job(self, name, job, ci, record, mr, earlier=None):
        job_id = 9000 + sum(len(p["jobs"]) for p in self.pipelines)
        variables = dict(ci)
        variables["CI_JOB_ID"] = str(job_id)
        variables["CI_JOB_URL"] = f"https://gitlab.test/northwind/customers/-/jobs/{job_id}"
        for scope in (self.pipeline.get("variables", {}), job.get("variables", {})):
            for key, value in scope.items():
                variables[key] = self.expand(value, variables)
        workspace = tempfile.mkdtemp(prefix=f"gl-{name}-", dir=self.directory)
        env = dict(self.machine.env)
        env["PATH"] = self.flexform_dir + os.pathsep + env["PATH"]
        env.update(variables)
        sh(["git", "clone", "-q", self.repo.origin, workspace], env=env)
        sh(["git", "checkout", "-q", "--detach", ci["CI_COMMIT_SHA"]], cwd=workspace, env=env)
        # `needs: [{job: X, artifacts: true}]`: X's artifacts of this pipeline are restored into the workspace.
        for need in job.get("needs", []):
            needed = need["job"] if isinstance(need, dict) else need
            if (earlier or {}).get(needed) and (not isinstance(need, dict) or need.get("artifacts", True)):
                shutil.copytree(earlier[needed]["artifacts"], workspace, dirs_exist_ok=True)
        lines = []

        def flatten(items):
            for item in items:
                if isinstance(item, list):
                    yield from flatten(item)
                else:
                    yield str(item)
        lines = list(flatten(job["script"]))
        script = os.path.join(workspace, "..", f"{os.path.basename(workspace)}.sh")
        with open(script, "w") as f:
            f.write("\n".join(lines) + "\n")
        r = subprocess.run(["bash", "--noprofile", "--norc", "-e", script], cwd=workspace, env=env,
                           capture_output=True, text=True)
        status = "success" if r.returncode == 0 else "failed"
        record["jobs"].append({"id": job_id, "name": name, "status": status})
        kept = os.path.join(self.directory, "artifacts", str(job_id))
        artifacts = job.get("artifacts", {})
        if status == "success" or artifacts.get("when") == "always":
            for path in artifacts.get("paths", []):
                source = os.path.join(workspace, path)
                if os.path.isdir(source):
                    shutil.copytree(source, os.path.join(kept, path), dirs_exist_ok=True)
                elif os.path.exists(source):
                    os.makedirs(os.path.dirname(os.path.join(kept, path)), exist_ok=True)
                    shutil.copy(source, os.path.join(kept, path))
        return {"ok": r.returncode == 0, "code": r.returncode, "out": r.stdout, "err": r.stderr,
                "artifacts": kept, "log": f"--- {name}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"}

    def pull_request(self, iid, head):
        self.mrs[iid] = {"head": head}
        return self.run_pipeline("merge_request_event", head, mr=iid)

    def merged(self, iid, merge_sha):
        self.mrs[iid]["merged"] = merge_sha
        return self.run_pipeline("push", merge_sha, branch="main")

    def nightly(self, sha):
        return self.run_pipeline("schedule", sha, branch="main")

    def plan_comment(self, iid):
        return next((n for n in self.comments.get(iid, []) if n.startswith("<!-- flexform-plan -->")), "")

    def outcome_comment(self, iid):
        found = [n for n in self.comments.get(iid, []) if n.startswith("<!-- flexform-apply -->")]
        return found[-1] if found else ""


# ---------------------------------------------------------------------------------------------------------------
# The scenarios, the same for both systems.

ACME = "customers/acme-corp.yaml"
NEW_SERIAL = "FGT60FTK21009999"


def add_fortigate(repo):
    repo.edit(ACME, "serials: [", f"serials: [{NEW_SERIAL}, ")


def scenarios(label, ci, repo, emulator, flexform, env):
    """`ci` is a GitHub or a GitLab; each step drives it as its events would."""

    def plan_of(result):
        return result if label == "github" else result["plan"]

    def log(result):
        return result["log"] if "log" in result else "\n".join(r["log"] for r in result.values())

    # Adoption (docs/ci.md): the first apply by hand, with the read-write user, and its commit recorded.
    rw_env = dict(env, FORTIFLEX_ACCESS_USERNAME=RW[0], FORTIFLEX_ACCESS_PASSWORD=RW[1])
    sh(["git", "checkout", "-q", "-B", "main", "origin/main"], cwd=repo.work)
    sh([flexform, "apply", "customers", "--auto-approve"], cwd=repo.work, env=rw_env)
    repo.git("push", "-q", "origin", f"HEAD:refs/flexform/applied/{PROGRAM}")
    adopted = repo.git("rev-parse", "HEAD")

    # 1. A pull request with a change: the plan comment; the plan is an artifact; read-only, so nothing written.
    emulator.call("/__emulator/counters/reset", {})
    head = repo.branch("add-fortigate", "acme: one more FortiGate", lambda: add_fortigate(repo))
    pr = ci.pull_request(1, head)
    plan = plan_of(pr)
    comment = ci.plan_comment(1)
    check(plan["ok"], f"{label} PR 1: the plan job succeeds", log(pr))
    check("**Plan: 1 create_entitlements (1 entitlement).**" in comment, f"{label} PR 1: the comment shows the plan",
          comment)
    check(f"commit {head}" in comment and ("](https://" in comment), f"{label} PR 1: the comment names the commit "
          "and the run", comment)
    check("Merged, not yet applied" not in comment, f"{label} PR 1: nothing is merged but not applied", comment)
    check(emulator.call("/__emulator/counters")["writes"] == 0, f"{label} PR 1: a plan writes nothing")
    kept = ci.artifact(pr, "flexform-plan") if label == "github" else plan["artifacts"]
    kept_plan = os.path.join(kept or "", "plan.json")
    check(os.path.isfile(kept_plan) and "signature" in json.load(open(kept_plan)),
          f"{label} PR 1: the kept plan.json is signed with FLEXFORM_PLAN_KEY")
    if label == "github":
        check(ci.artifact(pr, "flexform-plan") is not None, "github PR 1: plan.json is kept as an artifact")
        check(pr["steps"]["plan"]["code"] == 0 and "exitcode=2" not in pr["steps"]["plan"]["out"],
              "github PR 1: the plan step itself succeeds")
    else:
        check(os.path.isfile(os.path.join(plan["artifacts"], "plan.json")), "gitlab MR 1: plan.json is kept")

    # 2. Its merge: applied, the commit recorded, the outcome commented with the journal.
    merge = repo.merge("add-fortigate")
    applied = ci.merged(1, merge)
    apply = applied if label == "github" else applied["apply"]
    outcome = ci.outcome_comment(1)
    check(apply["ok"], f"{label} merge 1: the apply job succeeds", log(applied))
    check(emulator.entitled(NEW_SERIAL) is not None, f"{label} merge 1: the FortiGate is entitled in FortiFlex")
    check(repo.applied() == merge, f"{label} merge 1: refs/flexform/applied/{PROGRAM} is the merge commit")
    check("### flexform apply: 1 done, 0 failed, 0 unknown" in outcome, f"{label} merge 1: the outcome comment "
          "counts done, failed and unknown", outcome)
    check(f"commit {merge}" in outcome, f"{label} merge 1: the outcome names the merge commit", outcome)
    if label == "github":
        journal = ci.artifact(applied, "flexform-journal")
        check(journal is not None and any(f.endswith(".jsonl") for f in os.listdir(journal)),
              "github merge 1: the journal is an artifact")
    else:
        check(os.path.isdir(os.path.join(apply["artifacts"], ".flexform/journal")), "gitlab merge 1: the journal "
              "is an artifact")

    # 3. A change blocked by a budget: the whole plan, the blocking rule at the top, the check fails naming it.
    def over_budget():
        repo.edit(ACME, "spec:\n", "spec:\n  budget: {perDay: 5}\n")
        repo.edit(ACME, "serials: [", "serials: [FGT60FTK21008888, ")
    head = repo.branch("over-budget", "acme: another FortiGate, over budget", over_budget)
    pr = ci.pull_request(2, head)
    plan = plan_of(pr)
    comment = ci.plan_comment(2)
    check(not plan["ok"], f"{label} PR 2: a blocked plan fails the check", log(pr))
    check("This plan cannot be applied as it stands" in comment and "budget.perDay (acme-corp)" in comment,
          f"{label} PR 2: the comment says what blocks, at the top", comment)
    check("#### Policies" in comment and "❌ **block**" in comment, f"{label} PR 2: the Policies table is shown",
          comment)
    check("plan failed" not in comment, f"{label} PR 2: blocked is not reported as a failure", comment)
    if label == "github":
        check(pr["steps"]["plan"]["code"] == 0, "github PR 2: the plan step itself does not crash")
        last = pr["steps"][str(len(ci.workflow["jobs"]["plan"]["steps"]) - 1)]
        check("::error title=flexform plan blocked::budget.perDay (acme-corp)" in last["out"],
              "github PR 2: the failing step names the rule", last["out"] + last["err"])
        check(ci.artifact(pr, "flexform-plan") is None, "github PR 2: a blocked plan is not kept for a merge")
    else:
        check("blocked by budget.perDay (acme-corp)" in plan["out"] + plan["err"], "gitlab MR 2: the job names "
              "the rule", plan["out"] + plan["err"])

    # 4. The same with a waiver reviewed in git: the plan passes, the comment shows it waived.
    def waived():
        over_budget()
        repo.edit(ACME, "  budget: {perDay: 5}\n", "  budget: {perDay: 5}\n  overrides:\n    - {rule: budget.perDay, "
                  "reason: new branch office, expires: 2099-01-01}\n")
    head = repo.branch("over-budget", "acme: another FortiGate, budget waived", waived)
    pr = ci.pull_request(2, head)
    plan = plan_of(pr)
    comment = ci.plan_comment(2)
    check(plan["ok"], f"{label} PR 2 waived: the plan passes", log(pr))
    check("☑️ waived" in comment and "new branch office" in comment, f"{label} PR 2 waived: the comment shows the "
          "waiver", comment)
    check(len([c for c in ci.comments[2]
               if c.startswith("<!-- flexform-plan -->")]) == 1, f"{label} PR 2: one plan comment, updated in place")

    # 5. A merge whose apply is refused: reviewed, then one of the customer's entitlements is reactivated in the
    # portal, so the reviewed plan is no longer what flexform would plan.
    def initech_active():
        repo.edit("customers/initech.yaml", "state: suspended", "state: active")
    head = repo.branch("initech-back", "initech pays again", initech_active)
    pr = ci.pull_request(3, head)
    check(plan_of(pr)["ok"], f"{label} PR 3: the plan job succeeds", log(pr))
    before = repo.applied()
    initech = [e["serialNumber"] for e in emulator.call("/__emulator/state")["entitlements"]
               if e.get("accountId") == 2345680]
    check(bool(initech) and all(emulator.entitled(serial) == "STOPPED" for serial in initech),
          f"{label}: initech is suspended, everything stopped")
    emulator.call("/__emulator/portal/entitlements/reactivate", {"serialNumber": initech[0]})
    emulator.call("/__emulator/counters/reset", {})
    merge = repo.merge("initech-back")
    applied = ci.merged(3, merge)
    apply = applied if label == "github" else applied["apply"]
    outcome = ci.outcome_comment(3)
    check(not apply["ok"], f"{label} merge 3: the stale plan is refused", log(applied))
    check(emulator.call("/__emulator/counters")["writes"] == 0, f"{label} merge 3: nothing is written")
    check(repo.applied() == before, f"{label} merge 3: the applied commit does not move")
    check("### flexform apply did not complete" in outcome and "the saved plan is not what flexform would plan now"
          in outcome and "merged, not yet applied" in outcome, f"{label} merge 3: the pull request is told why and "
          "how to recover", outcome)
    check(f"commit {merge}" in outcome, f"{label} merge 3: the outcome names the commit", outcome)

    # 6. The nightly run reports what is merged but not applied, and exits 2.
    night = ci.nightly(merge)
    if label == "github":
        unapplied = [s for k, s in night["steps"].items() if "Merged, not yet applied" in s["out"]]
        check(bool(unapplied) and unapplied[0]["code"] == 2, "github nightly: merged but not applied exits 2",
              night["log"])
        check("initech _(merged, not yet applied)_" in night["summary"], "github nightly: the summary names it",
              night["summary"])
        check(not night["ok"], "github nightly: the job fails")
        pages = ci.artifact(night, "github-pages")
        check(pages is not None and os.path.isfile(os.path.join(pages, "index.html")),
              "github nightly: `flexform nightly` built the dashboard for Pages", night["log"])
    else:
        site = night.get("pages")
        check(site is not None and site["ok"] and os.path.isfile(os.path.join(site["artifacts"], "public",
                                                                              "index.html")),
              "gitlab nightly: pages publishes the nightly job's dashboard", site["log"] if site else "no pages job")
        job = night["nightly"]
        check(job["code"] == 2, "gitlab nightly: merged but not applied exits 2", job["log"])
        text = open(os.path.join(job["artifacts"], "unapplied.md")).read()
        check("initech _(merged, not yet applied)_" in text, "gitlab nightly: unapplied.md names it", text)

    # 7. The recovery: a pull request with an empty commit; its plan shows the merged change apart; its merge applies.
    head = repo.branch("re-apply", "flexform: apply what was merged", None)
    pr = ci.pull_request(4, head)
    comment = ci.plan_comment(4)
    check(plan_of(pr)["ok"], f"{label} PR 4: the recovery plan succeeds", log(pr))
    check("#### Merged, not yet applied" in comment and "`initech`" in comment and
          "initech _(merged, not yet applied)_" in comment, f"{label} PR 4: the merged change is its own section",
          comment)
    merge = repo.merge("re-apply")
    applied = ci.merged(4, merge)
    apply = applied if label == "github" else applied["apply"]
    outcome = ci.outcome_comment(4)
    check(apply["ok"], f"{label} merge 4: the recovery applies", log(applied))
    check(all(emulator.entitled(serial) == "ACTIVE" for serial in initech), f"{label} merge 4: initech runs again")
    check(repo.applied() == merge, f"{label} merge 4: the applied commit is the recovery's merge")
    check(re.search(r"### flexform apply: \d+ done, 0 failed, 0 unknown", outcome) is not None,
          f"{label} merge 4: the outcome counts", outcome)

    # 8. A pull request that changes no declaration (a comment): no changes; its merge records the commit.
    head = repo.branch("comment-only", "acme: a comment", lambda: repo.edit(ACME, "spec:\n", "spec:   # reviewed\n"))
    pr = ci.pull_request(5, head)
    comment = ci.plan_comment(5)
    check(plan_of(pr)["ok"] and "**No changes.**" in comment, f"{label} PR 5: no changes", comment + log(pr))
    merge = repo.merge("comment-only")
    applied = ci.merged(5, merge)
    apply = applied if label == "github" else applied["apply"]
    outcome = ci.outcome_comment(5)
    check(apply["ok"], f"{label} merge 5: nothing to apply is a success", log(applied))
    check("### flexform apply: nothing to do, FortiFlex already matched" in outcome, f"{label} merge 5: the outcome "
          "says nothing was to do", outcome)
    check(repo.applied() == merge, f"{label} merge 5: the applied commit moves")

    # 9. Nightly with nothing pending.
    night = ci.nightly(merge)
    if label == "github":
        unapplied = [s for k, s in night["steps"].items() if "Merged, not yet applied" in s["out"]
                     or "No changes" in s["out"]]
        check(bool(unapplied) and unapplied[0]["code"] == 0, "github nightly after recovery: nothing pending",
              night["log"])
    else:
        check(open(os.path.join(night["nightly"]["artifacts"], "unapplied.md")).read().find("No changes") >= 0,
              "gitlab nightly after recovery: nothing pending", night["nightly"]["log"])
    del adopted
    if os.environ.get("FLEXFORM_CI_SHOW"):  # to read what a reviewer reads
        for number, bodies in sorted(ci.comments.items()):
            for body in bodies:
                print(f"===== {label} #{number}\n{body}")


def run(system, binary, build, source, deb):
    directory = tempfile.mkdtemp(prefix=f"flexform-ci-{system}-")
    emulator = Emulator(binary, directory, os.path.join(source, "examples", "emulator", "demo-seed.yaml"))
    try:
        repo = Repository(directory, source)
        if system == "github":
            machine = Machine(directory, emulator, [install_shims(directory, deb)])
            ci = GitHub(os.path.join(source, "examples", "ci", "github-actions.yml"), repo, machine, directory)
        else:
            image = os.path.join(directory, "image-bin")
            os.makedirs(image)
            os.symlink(binary, os.path.join(image, "flexform"))
            machine = Machine(directory, emulator, [])
            ci = GitLab(os.path.join(source, "examples", "ci", "gitlab-ci.yml"), repo, machine, directory, image)
        env = dict(machine.env)
        scenarios(system, ci, repo, emulator, binary, env)
    finally:
        emulator.stop()
    if not failures:
        shutil.rmtree(directory, ignore_errors=True)
    else:
        print(f"{system}: kept {directory}")


def main():
    binary, build, source = (os.path.abspath(a) for a in sys.argv[1:4])
    systems = sys.argv[4:] or ["github", "gitlab"]
    with tempfile.TemporaryDirectory() as out:
        deb = None
        if "github" in systems:
            subprocess.run(["cpack", "-G", "DEB", "-B", out], cwd=build, check=True, capture_output=True)
            deb = next(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".deb"))
        for system in systems:
            run(system, binary, build, source, deb)
    for f in failures:
        print("FAIL:", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
