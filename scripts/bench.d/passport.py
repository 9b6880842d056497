"""Passport OCR figures: every synthetic page read by this project (`kyc-bench passport`) and by
PassportEye (PyPI `passporteye`, on Debian's tesseract) — all MRZ fields right, false accepts
(a read the reader accepted that is wrong) and time per page, per variant, side by side.

Usage: passport.py <bin-dir> <models-dir> <pages-dir> [--json] [--no-passporteye]
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


def passporteye_runs(files):
    """PassportEye's reads: accepted when all its check digits pass (valid_score 100)."""
    import time
    import warnings

    from passporteye import read_mrz

    warnings.simplefilter("ignore")
    rows = {}
    for name in files:
        t, want = truth[name], expected(truth[name])
        start = time.perf_counter()
        mrz = read_mrz(str(pages / name))
        elapsed = (time.perf_counter() - start) * 1000
        accepted = mrz is not None and mrz.valid_score == 100
        right = accepted and (
            mrz.number.replace("<", "") == want["passportNumber"] and mrz.surname.replace(" ", "<") == want["lastName"]
            and mrz.names.strip().replace(" ", "<") == want["given"] and mrz.sex.replace("<", "X") == want["sex"]
            and mrz.country.replace("<", "") == want["issuingState"]
            and mrz.date_of_birth == want["dateOfBirth"][2:].replace("-", "")
            and mrz.expiration_date == want["expiryDate"][2:].replace("-", ""))
        rows[name] = (accepted, right, elapsed)
    return rows


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
eye = {} if "--no-passporteye" in sys.argv else passporteye_runs(files)
eye_by_variant = collections.defaultdict(lambda: [0, 0, 0])
for name, (accepted, ok, _) in eye.items():
    eye_by_variant[truth[name]["variant"]][0] += ok
    eye_by_variant[truth[name]["variant"]][1] += accepted and not ok
    eye_by_variant[truth[name]["variant"]][2] += accepted
print(f"{'':14} {'':5} {'---- this project ----':>34} {'------- PassportEye -------':>38}")
print(f"{'variant':14} {'pages':>5} {'MRZ right':>10} {'false acc.':>11} {'issue date':>11} {'MRZ right':>12} "
      f"{'false acc.':>11} {'checks pass':>12}")
for variant, r in by_variant.items():
    e = eye_by_variant[variant] if eye else ["-", "-", "-"]
    print(f"{variant:14} {r['pages']:5} {r['right']:10} {r['false']:11} {r['issue']:11} {e[0]:>12} {e[1]:>11} {e[2]:>12}")
eye_right = sum(v[0] for v in eye_by_variant.values())
eye_false = sum(v[1] for v in eye_by_variant.values())
print(f"{'all':14} {total:5} {right:10} {false:11} {'':11} {eye_right if eye else '-':>12} {eye_false if eye else '-':>11}")
print(f"all MRZ fields right: this project {100 * right / total:.1f}%"
      + (f", PassportEye {100 * eye_right / total:.1f}%" if eye else "") + " (goal ≥ 98% with 0 false accepts)")
print("median ms per page, this project: " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in sorted(timings.items()))
      + (f"; PassportEye: {statistics.median(e[2] for e in eye.values()):.0f} total" if eye else ""))
for name, why in failures:
    print(f"  {name}: {why}")
