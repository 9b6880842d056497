"""Face matching figures: score distributions of labelled same/different pairs, false match and
false non-match rates at the default threshold, descriptor time, what matching adds to a warm
uploadPassport, and whole cold uploadPassport invocations with matching — beside their goals.

Usage: matching.py <release-bin-dir> <models-dir> <testdata-dir>
"""
import copy
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import boto3

ROOT = pathlib.Path(__file__).resolve().parents[2]
bin_dir, models, data = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
env = {**os.environ, "OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1", "KYC_MODELS_DIR": models}
THRESHOLD = 0.8
STEEPNESS, MIDPOINT = 12.0, 0.7055  # FaceMatch's calibration


def score(distance):
    import math

    return 1 / (1 + math.exp(STEEPNESS * (distance - MIDPOINT)))


labelled = [f"{p.parent.name}={p}" for p in sorted((data / "faces" / "johns").glob("*/*.jpg"))]
labelled += [f"obama={data / 'faces' / n}" for n in ["obama.jpg", "obama2.jpg", "obama3.jpg"]]
labelled += [f"biden={data / 'faces' / 'biden.jpg'}"]
pairs = json.loads(subprocess.run([bin_dir / "kyc-bench", "pairs", models, *labelled], env=env, capture_output=True,
                                  check=True, text=True).stdout)
same = [score(d) for d in pairs["same"]]
different = [score(d) for d in pairs["different"]]


def summary(values):
    q = statistics.quantiles(values, n=20)
    return f"min {min(values):.3f}  p5 {q[0]:.3f}  median {statistics.median(values):.3f}  p95 {q[-1]:.3f}  max {max(values):.3f}"


print(f"labelled faces: {pairs['faces']} ({len(same)} same-person pairs, {len(different)} different-person pairs)")
print(f"  same-person scores       {summary(same)}")
print(f"  different-person scores  {summary(different)}")
fnmr = sum(s < THRESHOLD for s in same) / len(same)
fmr = sum(s >= THRESHOLD for s in different) / len(different)
print(f"  at threshold {THRESHOLD}: false non-match rate {100 * fnmr:.2f}%, false match rate {100 * fmr:.2f}%"
      "   (goal: 0 errors)")
print(f"  descriptor (align + ResNet), median ms: {pairs['descriptorMs']:.1f}")

# Portraits on documents against selfies: generated passport pages beside generated identity
# cards, whose portrait (about 22 × 28 mm) is far smaller in the picture.
PERSON = {"obama.jpg": "obama", "obama2.jpg": "obama", "obama3.jpg": "obama", "biden.jpg": "biden",
          "astronaut.jpg": "astronaut"}
SELFIES = [(data / "faces" / n, PERSON[n]) for n in ["obama.jpg", "biden.jpg", "astronaut.jpg"]]


def document_scores(documents):
    same, different = [], []
    for path, person in documents:
        for selfie, who in SELFIES:
            out = json.loads(subprocess.run([bin_dir / "kyc-bench", "pairs", models, f"{who}={selfie}",
                                             f"{person}={path}"], env=env, capture_output=True, check=True,
                                            text=True).stdout)
            (same if who == person else different).extend(score(d) for d in out["same"] + out["different"])
    return same, different


passport_faces = ["obama.jpg", "biden.jpg", "obama2.jpg", "obama3.jpg", "astronaut.jpg"]
sets = [("passport pages (600 px)", [(data / "passports" / f"p{i:02d}-600px.jpg", PERSON[f]) for i, f in
                                      enumerate(passport_faces)])]
cards = data / "cards" / "truth.json"
if cards.exists():
    fronts = [(data / "cards" / n, PERSON[t["face"]]) for n, t in sorted(json.loads(cards.read_text()).items())
              if "face" in t]
    sets.append(("card fronts (600 and 350 px)", fronts))
print()
for name, documents in sets:
    same_docs, different_docs = document_scores(documents)
    print(f"document portraits against selfies, {name}: {len(same_docs)} same-person, {len(different_docs)} different")
    print(f"  same-person scores       {summary(same_docs)}")
    print(f"  different-person scores  {summary(different_docs)}")
    print(f"  at threshold {THRESHOLD}: false non-matches {sum(s < THRESHOLD for s in same_docs)},"
          f" false matches {sum(s >= THRESHOLD for s in different_docs)}")

warm = json.loads(subprocess.run(
    [bin_dir / "kyc-bench", "passport-warm", models, data / "faces" / "obama3.jpg",
     data / "passports" / "p00-clean.jpg", "7"], env=env, capture_output=True, check=True, text=True).stdout)
print()
print(f"{'uploadPassport analysis in a warm process (ms)':48} {'measured':>9} {'goal':>9}")
print(f"{'  OCR only':48} {warm['withoutMatchMs']:9.0f}")
print(f"{'  OCR and face matching':48} {warm['withMatchMs']:9.0f}")
print(f"{'  added by matching':48} {warm['withMatchMs'] - warm['withoutMatchMs']:9.0f} {'≤ 100':>9}")

# Whole cold invocations: a new process reads the page, fetches the avatar, matches, stores.
s3_env = {"AWS_ENDPOINT_URL_S3": os.environ["KYC_TEST_S3_ENDPOINT"], "AWS_REGION": os.environ["KYC_TEST_REGION"],
          "AWS_ACCESS_KEY_ID": os.environ["KYC_TEST_ACCESS_KEY_ID"],
          "AWS_SECRET_ACCESS_KEY": os.environ["KYC_TEST_SECRET_ACCESS_KEY"], "KYC_BUCKET": os.environ["KYC_TEST_BUCKET"]}
s3 = boto3.client("s3", endpoint_url=s3_env["AWS_ENDPOINT_URL_S3"], region_name=s3_env["AWS_REGION"],
                  aws_access_key_id=s3_env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=s3_env["AWS_SECRET_ACCESS_KEY"])
s3.put_object(Bucket=s3_env["KYC_BUCKET"], Key="seed/avatar.jpg", Body=(data / "faces" / "obama3.jpg").read_bytes())
template = json.loads((ROOT / "events" / "uploadPassport.json").read_text())
samples = []
with tempfile.TemporaryDirectory() as tmp:
    run_env = {**env, **s3_env, "KYC_STORE": f"sqlite:{tmp}/kyc.sqlite"}
    for _ in range(5):
        coach = str(uuid.uuid4())
        seeded = json.loads(subprocess.run([bin_dir / "kyc-seed", "--coach", coach, "--state", "avatar_verified"],
                                           env=run_env, capture_output=True, check=True).stdout)
        event = copy.deepcopy(template)
        event["headers"]["x-current-user-id"] = coach
        event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = coach
        event["pathParameters"]["verificationId"] = seeded["id"]
        key = f"verifications/{seeded['id']}/bench/passport.jpg"  # the upload functions take no other key
        s3.put_object(Bucket=s3_env["KYC_BUCKET"], Key=key, Body=(data / "passports" / "p00-clean.jpg").read_bytes())
        event["body"] = json.dumps({"fileKey": key})
        start = time.perf_counter()
        out = subprocess.run([bin_dir / "uploadPassport"], input=json.dumps(event).encode(), env=run_env,
                             capture_output=True, check=True).stdout
        samples.append((time.perf_counter() - start) * 1000)
        body = json.loads(json.loads(out)["body"])
        assert body["imageMatchResult"]["isMatched"], body
print(f"{'  cold uploadPassport with matching, new process':48} {statistics.median(samples):9.0f} {'≤ 1200':>9}")

# The same on the photos of real specimen passports, each on the date its truth.json gives
# (faketime: the documents have expired), whatever the outcome: a refusal costs the search too.
real = ROOT.parent / "shared" / "real-passports"
if (real / "truth.json").exists():
    truth = json.loads((real / "truth.json").read_text())
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        run_env = {**env, **s3_env, "KYC_STORE": f"sqlite:{tmp}/kyc.sqlite"}
        for index, (name, t) in enumerate(sorted(truth.items())):
            clock = ["faketime", "-f", f"@{t['clock']} 12:00:00"]
            coach = str(uuid.uuid4())
            seeded = json.loads(subprocess.run([*clock, bin_dir / "kyc-seed", "--coach", coach, "--state",
                                                "avatar_verified"], env=run_env, capture_output=True, check=True).stdout)
            key = f"verifications/{seeded['id']}/bench/real-{index}.jpg"  # file names hold `+`; keys may not
            s3.put_object(Bucket=s3_env["KYC_BUCKET"], Key=key, Body=(real / name).read_bytes())
            event = copy.deepcopy(template)
            event["headers"]["x-current-user-id"] = coach
            event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = coach
            event["pathParameters"]["verificationId"] = seeded["id"]
            event["body"] = json.dumps({"fileKey": key})
            start = time.perf_counter()
            subprocess.run([*clock, bin_dir / "uploadPassport"], input=json.dumps(event).encode(), env=run_env,
                           capture_output=True, check=True)
            samples.append((time.perf_counter() - start) * 1000)
    print(f"{'  cold uploadPassport, ' + str(len(samples)) + ' real specimen files':48} {statistics.median(samples):9.0f} {'≤ 1500':>9}"
          f"   (max {max(samples):.0f})")
