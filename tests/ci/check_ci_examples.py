#!/usr/bin/env python3
"""Checks the example pipelines (examples/ci/) for what makes them trustworthy, beyond what a YAML linter sees:

- every shell block passes shellcheck (run as bash, as the pipelines do) and runs under pipefail;
- GitLab: every job has a stage that exists and a script; `needs` and `extends` name real jobs;
- apply on merge applies a saved plan file (the reviewed plan), never a fresh plan of a directory;
- apply and scheduled jobs have separate concurrency / resource groups, and apply is never cancelled;
- every `flexform VERB --flag` the pipelines use exists in the built binary (its --help lists the flag);
- credentials: plan and nightly jobs get the read-only API user; the read-write one reaches only the apply job,
  through a GitHub environment (required reviewers) or GitLab protected variables;
- the Dockerfile's image runs as root, so container jobs can run actions/checkout (actions/checkout#956).

Usage: check_ci_examples.py FLEXFORM_BINARY EXAMPLES_CI_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

failures = []


def fail(message):
    failures.append(message)


def flatten(script):
    out = []
    for item in script if isinstance(script, list) else [script]:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(str(item))
    return out


def shell_blocks_github(workflow):
    for job_name, job in workflow["jobs"].items():
        for index, step in enumerate(job.get("steps", [])):
            if "run" in step:
                yield f"github {job_name} step {index + 1}", step["run"]


def shell_blocks_gitlab(pipeline):
    for job_name, job in pipeline.items():
        if isinstance(job, dict) and "script" in job:
            yield f"gitlab {job_name}", "\n".join(flatten(job["script"]))


def shellcheck(label, text, prelude):
    if not shutil.which("shellcheck"):
        fail("shellcheck is not installed (scripts/setup.sh installs it)")
        return
    # GitHub expressions are substituted before the shell sees the text.
    body = re.sub(r"\$\{\{[^}]*\}\}", "$EXPR", text)
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write("#!/bin/bash\n" + prelude + "\n" + body + "\n")
        path = f.name
    try:
        # SC2154: CI variables come from the environment. SC1091: no sourced files here.
        result = subprocess.run(["shellcheck", "-s", "bash", "-e", "SC2154,SC1091", path],
                                capture_output=True, text=True)
        if result.returncode != 0:
            fail(f"{label}: shellcheck:\n{result.stdout}")
    finally:
        os.unlink(path)


def flexform_commands(text):
    """(verb, [flags]) of every flexform invocation in a shell block (continuation lines joined)."""
    joined = re.sub(r"\\\n\s*", " ", text)
    for match in re.finditer(r"(?:^|[\s;|&(])flexform\s+([a-z]+)((?:\s+[a-z]+)?)([^\n;|&)]*)", joined):
        verb = match.group(1)
        rest = match.group(2) + match.group(3)
        sub = match.group(2).strip()
        if verb == "consumption" and sub:
            verb = f"consumption {sub}"
        flags = re.findall(r"(?<!\S)(--[a-z][a-z-]*)", rest)
        yield verb, flags


def check_flags(binary, blocks):
    helps = {}
    for label, text in blocks:
        for verb, flags in flexform_commands(text):
            if verb not in helps:
                result = subprocess.run([binary] + verb.split() + ["--help"], capture_output=True, text=True)
                if result.returncode != 0:
                    fail(f"{label}: `flexform {verb}` is not a command ({result.stderr.strip()})")
                    helps[verb] = ""
                    continue
                helps[verb] = result.stdout
            for flag in flags:
                if helps[verb] and flag not in helps[verb]:
                    fail(f"{label}: `flexform {verb}` has no flag {flag}")


def check_apply_is_the_reviewed_plan(label, text):
    # `flexform apply DIR` (or --auto-approve) plans afresh: what merges would not be what was reviewed.
    if re.search(r"flexform\s+apply\s+(customers|\.|--auto-approve)(\s|$)", text) or "--auto-approve" in text:
        fail(f"{label}: apply must apply the reviewed plan file (flexform apply plan.json), not a fresh plan")
    if "flexform apply plan.json" not in text:
        fail(f"{label}: the apply job does not apply plan.json")


def check_github(path, binary):
    workflow = yaml.safe_load(open(path))
    jobs = workflow["jobs"]
    if workflow.get("defaults", {}).get("run", {}).get("shell") != "bash":
        fail(f"{path}: defaults.run.shell must be bash (GitHub then runs bash -eo pipefail)")
    blocks = list(shell_blocks_github(workflow))
    for label, text in blocks:
        shellcheck(label, text, "set -eo pipefail")
    apply_text = "\n".join(t for label, t in blocks if label.startswith("github apply"))
    check_apply_is_the_reviewed_plan(f"{path} apply", apply_text)
    groups = {name: (job.get("concurrency") or {}) for name, job in jobs.items()}
    if groups["apply"].get("group") == groups["nightly"].get("group"):
        fail(f"{path}: apply and nightly share a concurrency group: a scheduled run could cancel an apply")
    if groups["apply"].get("cancel-in-progress") is not False:
        fail(f"{path}: apply must set cancel-in-progress: false")
    plan_text = "\n".join(t for label, t in blocks if label.startswith("github plan"))
    if "--changed-since" not in plan_text or "--format github" not in plan_text:
        fail(f"{path}: the plan job must plan --changed-since and validate --format github")
    if "github.paginate" not in yaml.dump(jobs["plan"]):
        fail(f"{path}: the comment lookup must read every page of comments")
    nightly_text = "\n".join(t for label, t in blocks if label.startswith("github nightly"))
    if "flexform dashboard --out public" not in nightly_text and "flexform nightly" not in nightly_text:
        fail(f"{path}: the nightly job must build the dashboard (flexform nightly, or dashboard --out public/)")
    uses = [step.get("uses", "") for job in jobs.values() for step in job.get("steps", [])]
    if not any(u.startswith("actions/upload-pages-artifact") for u in uses) or \
            not any(u.startswith("actions/deploy-pages") for u in uses):
        fail(f"{path}: the dashboard must be uploaded and deployed to Pages")
    for name, job in jobs.items():
        text = yaml.dump(job)
        if name == "apply":
            if not job.get("environment"):
                fail(f"{path}: the apply job must run in a protected environment (required reviewers)")
            if "secrets.FORTIFLEX_ACCESS_USERNAME" not in text:
                fail(f"{path}: the apply job must use the read-write user of its environment")
        elif "secrets.FORTIFLEX_ACCESS_" in text:
            fail(f"{path}: job {name} must not see the read-write credentials")
        elif "FORTIFLEX_ACCESS_USERNAME" in text and "secrets.FORTIFLEX_READONLY_USERNAME" not in text:
            fail(f"{path}: job {name} must use the read-only API user")
        if "container" in job:
            fail(f"{path}: job {name} runs in a container; install the release .deb on the runner instead")
    check_flags(binary, blocks)


GITLAB_RESERVED = {"stages", "default", "variables", "include", "workflow", "image", "services", "cache",
                   "before_script", "after_script"}


def check_gitlab(path, binary):
    pipeline = yaml.safe_load(open(path))
    stages = pipeline.get("stages", [])
    jobs = {k: v for k, v in pipeline.items() if k not in GITLAB_RESERVED and not k.startswith(".")}
    for name, job in jobs.items():
        if not isinstance(job, dict):
            fail(f"{path}: job {name} is not a mapping")
            continue
        if job.get("stage") not in stages:
            fail(f"{path}: job {name} has stage {job.get('stage')!r}, not one of {stages}")
        if "script" not in job:
            fail(f"{path}: job {name} has no script")
        for needed in job.get("needs", []):
            needed_name = needed["job"] if isinstance(needed, dict) else needed
            if needed_name not in jobs:
                fail(f"{path}: job {name} needs unknown job {needed_name}")
        for parent in flatten(job.get("extends", [])):
            if parent not in pipeline:
                fail(f"{path}: job {name} extends unknown {parent}")
        script = flatten(job.get("script", []))
        if not script or not script[0].startswith("set -euo pipefail"):
            fail(f"{path}: job {name} must start its script with set -euo pipefail")
    blocks = list(shell_blocks_gitlab(jobs))
    for label, text in blocks:
        shellcheck(label, text, "")
    check_apply_is_the_reviewed_plan(f"{path} apply", "\n".join(flatten(jobs["apply"]["script"])))
    if jobs["apply"].get("resource_group") == jobs["nightly"].get("resource_group"):
        fail(f"{path}: apply and nightly share a resource group")
    plan_text = "\n".join(flatten(jobs["plan"]["script"]))
    if "--changed-since" not in plan_text or "--format gitlab" not in plan_text:
        fail(f"{path}: the plan job must plan --changed-since and validate --format gitlab")
    if "PUT" not in plan_text or "page=" not in plan_text:
        fail(f"{path}: the plan note must be edited in place, found on any page")
    variables = pipeline.get("variables", {})
    if variables.get("FORTIFLEX_ACCESS_USERNAME") != "$FORTIFLEX_READONLY_USERNAME":
        fail(f"{path}: jobs must get the read-only API user by default")
    for name, job in jobs.items():
        uses_rw = "FORTIFLEX_RW_" in yaml.dump(job)
        if uses_rw != (name == "apply"):
            fail(f"{path}: only the apply job may map the protected read-write variables (job {name})")
    pages = jobs.get("pages", {})
    pages_script = "\n".join(flatten(pages.get("script", [])))
    # The dashboard comes from the nightly job's one read (its nightly/dashboard artifact), or is built here.
    from_nightly = "cp -r nightly/dashboard public" in pages_script and \
        any((n.get("job") if isinstance(n, dict) else n) == "nightly" for n in pages.get("needs", []))
    if "public" not in pages.get("artifacts", {}).get("paths", []) or \
            not (from_nightly or "flexform dashboard --out public" in pages_script):
        fail(f"{path}: a pages job must put the dashboard in public/ and keep it as its artifact")
    check_flags(binary, blocks)


def check_dockerfile(path):
    users = [line.split()[1] for line in open(path) if line.startswith("USER ")]
    if users and users[-1] not in ("root", "0"):
        fail(f"{path}: the image ends as USER {users[-1]}: container jobs' actions/checkout cannot write as it")


def main():
    binary, directory = sys.argv[1], sys.argv[2]
    check_github(os.path.join(directory, "github-actions.yml"), binary)
    check_gitlab(os.path.join(directory, "gitlab-ci.yml"), binary)
    check_dockerfile(os.path.join(directory, "..", "..", "Dockerfile"))
    for f in failures:
        print("FAIL:", f)
    print(f"{len(failures)} problems in the example pipelines")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
