"""Reads every synthetic passport page with `kyc-bench passport` and scores it against the
ground truth: all MRZ fields right, false accepts (a read that is wrong), time per stage.

Usage: passport_accuracy.py <bin-dir> <models-dir> <pages-dir> [--json]
"""
import collections
import json
import os
import pathlib
import statistics
import subprocess
import sys

import unicodedata

bin_dir, models, pages = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
truth = json.loads((pages / "truth.json").read_text())
env = {**os.environ, "OMP_THREAD_LIMIT": "1"}


SPELLED = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Å": "AA", "Æ": "AE", "Ø": "OE"}


def mrz_forms(name):
    """The ways an MRZ may write a printed name: umlauts spelled out, or accents dropped."""
    name = name.upper().replace(" ", "<").replace("-", "<").replace("'", "")
    spelled = "".join(SPELLED.get(c, c) for c in name)
    return {"".join(c for c in unicodedata.normalize("NFKD", form) if c.isascii()) for form in (name, spelled)}


def expected(t):
    line1, line2 = t["mrz"]
    names = line1[5:].rstrip("<").split("<<")
    return {"lastName": names[0], "given": names[1] if len(names) > 1 else "", "passportNumber": t["passportNumber"],
            "dateOfBirth": t["dateOfBirth"], "expiryDate": t["expiryDate"], "sex": t["sex"],
            "issuingState": t["issuingState"]}


def matches(data, want):
    given = " ".join(n for n in [data["firstName"], data["middleName"]] if n)
    names = want["lastName"] in mrz_forms(data["lastName"]) and want["given"] in mrz_forms(given)
    return names and all(data[k] == want[k] for k in ["passportNumber", "dateOfBirth", "expiryDate", "sex", "issuingState"])


files = sorted(truth)
out = subprocess.run([bin_dir / "kyc-bench", "passport", models, *[pages / f for f in files]], env=env,
                     capture_output=True, text=True, check=True).stdout
results = [json.loads(line) for line in out.splitlines()]
by_variant = collections.defaultdict(lambda: {"pages": 0, "right": 0, "false": 0, "issue": 0})
timings = collections.defaultdict(list)
failures = []
for name, result in zip(files, results):
    t = truth[name]
    row = by_variant[t["variant"]]
    row["pages"] += 1
    for stage, ms in result["timings"].items():
        timings[stage].append(ms)
    timings["decode"].append(result["decodeMs"])
    if result["outcome"] != "read":
        failures.append((name, result["outcome"]))
        continue
    if matches(result["data"], expected(t)):
        row["right"] += 1
        row["issue"] += result["data"]["issuedDate"] == t["issuedDate"] and "issuedDate" not in result["missing"]
    else:
        row["false"] += 1
        failures.append((name, f"WRONG {result['data']} vs {expected(t)}"))

total = sum(r["pages"] for r in by_variant.values())
right = sum(r["right"] for r in by_variant.values())
false = sum(r["false"] for r in by_variant.values())
if "--json" in sys.argv:
    print(json.dumps({"pages": total, "right": right, "falseAccepts": false, "failures": failures}))
    sys.exit(0)
print(f"{'variant':14} {'pages':>5} {'all MRZ right':>14} {'false accepts':>14} {'issue date read':>16}")
for variant, r in by_variant.items():
    print(f"{variant:14} {r['pages']:5} {r['right']:14} {r['false']:14} {r['issue']:16}")
print(f"{'all':14} {total:5} {right:14} {false:14}   ({100 * right / total:.1f}% right)")
print("median ms per page: " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in sorted(timings.items())))
for name, why in failures:
    print(f"  {name}: {why}")
