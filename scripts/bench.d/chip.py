"""Chip verification: one warm release process checks chips made as the tests make them
(Tests/support/chips.py: a test CSCA and Document Signer, DG1, DG2 as JPEG and as JPEG 2000,
DG15 with an RSA or an ECDSA Active Authentication key): passive authentication, the MRZ against
the page and Active Authentication, beside the goal (at most 50 ms a chip); the portrait's
decoding and face match apart.

Usage: chip.py <release-bin-dir> <testdata-dir> <models-dir> [runs]
"""
import base64
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "support"))
from chips import Authority, ChipKey, dg1, dg2  # noqa: E402

bin_dir, data, models = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
runs = sys.argv[4] if len(sys.argv) > 4 else "50"
work = pathlib.Path(tempfile.mkdtemp())
authority = Authority(work / "pki")
zone = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F3204153<<<<<<<<<<<<<<04"]
challenge = bytes(range(1, 9))
files = []
for name, jpeg2000, kind in (("JPEG portrait, RSA AA", False, "rsa"), ("JPEG 2000 portrait, ECDSA AA", True, "ecdsa")):
    key = ChipKey(kind)
    groups = {1: dg1(zone), 2: dg2(data / "faces" / "obama.jpg", jpeg2000=jpeg2000), 15: key.dg15()}
    request = {"sod": base64.b64encode(authority.sod(groups)).decode(),
               "activeAuthenticationSignature": base64.b64encode(key.sign(challenge)).decode()}
    request.update({f"dg{n}": base64.b64encode(value).decode() for n, value in groups.items()})
    path = work / f"chip-{len(files)}.json"
    path.write_text(json.dumps({"request": request, "challenge": base64.b64encode(challenge).decode()}))
    files.append((name, path))
out = subprocess.run([str(bin_dir / "kyc-bench"), "chip", models, str(authority.csca),
                      str(data / "faces" / "obama3.jpg"), runs, *[str(p) for _, p in files]],
                     capture_output=True, text=True, check=True, timeout=900)
figures = json.loads(out.stdout.strip().splitlines()[-1])
print(f"| chip, warm median of {figures['runs']} | passive · MRZ · AA | check (face match aside) | goal "
      "| with the portrait decoded and matched |")
print("|---|---|---|---|---|")
for (name, _), chip in zip(files, figures["chips"]):
    found = f"{chip['passive']} · {chip['mrz']} · {chip['aa']}; portrait {chip['portrait']}"
    print(f"| {name} | {found} | {chip['checkMs']:.1f} ms | ≤ 50 ms | {chip['withMatchMs']:.0f} ms |")
