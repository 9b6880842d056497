"""The upload functions analyse images in a child without credentials (IsolatedImageAnalysis):
one warm release process times the same analyses in-process and through the child, alternating,
and prints the extra cost beside the goal (at most about 5%).

Usage: isolation.py <release-bin-dir> <testdata-dir> <models-dir> [runs]
"""
import json
import pathlib
import subprocess
import sys

bin_dir, data, models = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
runs = sys.argv[4] if len(sys.argv) > 4 else "15"
out = subprocess.run([str(bin_dir / "kyc-bench"), "isolation", models, str(data / "faces" / "obama3.jpg"),
                      str(data / "passports" / "p00-clean.jpg"), runs], capture_output=True, text=True, check=True,
                     timeout=900)
figures = json.loads(out.stdout.strip().splitlines()[-1])
print(f"| analysis, warm median of {figures['runs']} | in-process | in the child | extra | goal |")
print("|---|---|---|---|---|")
for step in ("avatar", "passport"):
    inside, child = figures[f"{step}Ms.inProcess"], figures[f"{step}Ms.isolated"]
    print(f"| {step} | {inside:.0f} ms | {child:.0f} ms | {100 * (child - inside) / inside:+.1f}% | ≤ +5% |")
