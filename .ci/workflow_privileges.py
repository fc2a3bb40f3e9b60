"""Least privilege where code runs, checked in every workflow under .github/workflows/:
a job that runs cargo (every dependency's build script, and pages from the web) holds no
write permission and checks out without persisted credentials; the workflow's own default
permissions are not write either. Exit 1 with one line per breach. Needs PyYAML."""

import pathlib
import sys

import yaml

root = pathlib.Path(__file__).resolve().parents[1]
breaches = []


def writes(permissions) -> bool:
    if permissions in ("write-all",):
        return True
    if isinstance(permissions, dict):
        return any(v == "write" for v in permissions.values())
    return False


for path in sorted((root / ".github/workflows").glob("*.y*ml")):
    wf = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = path.relative_to(root)
    top = wf.get("permissions", "write-all")  # GitHub's default may be write: say so
    for job_id, job in (wf.get("jobs") or {}).items():
        steps = job.get("steps") or []
        runs = " ".join(str(s.get("run", "")) for s in steps)
        if "cargo" not in runs and ".ci/run" not in runs:
            continue
        if writes(job.get("permissions", top)):
            breaches.append(f"{name}: job {job_id} runs cargo with write permissions")
        for s in steps:
            if str(s.get("uses", "")).startswith("actions/checkout@"):
                if (s.get("with") or {}).get("persist-credentials") is not False:
                    breaches.append(f"{name}: job {job_id} checks out with persisted credentials (set persist-credentials: false)")

for b in breaches:
    print(b, file=sys.stderr)
sys.exit(1 if breaches else 0)
