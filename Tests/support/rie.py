"""Extracts AWS's Lambda Runtime Interface Emulator (x86_64) from the aws-sam-cli wheel on PyPI.

Usage: python rie.py OUT_FILE   (nothing is committed; pip's cache makes reruns cheap)
"""
import pathlib
import subprocess
import sys
import tempfile
import zipfile

out = pathlib.Path(sys.argv[1])
if not out.exists():
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
                        "-d", tmp, "aws-sam-cli"], check=True)
        wheel = next(pathlib.Path(tmp).glob("aws_sam_cli-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read("samcli/local/rapid/aws-lambda-rie-x86_64")
    partial = out.with_suffix(".partial")
    partial.write_bytes(data)
    partial.chmod(0o755)
    partial.rename(out)
