"""Run every benchmark in its own process (so peak-memory figures do not mix) and print their figures."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.stem} ===", flush=True)
        env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
        status |= subprocess.call([sys.executable, str(script)], cwd=HERE.parent, env=env)
    return status


if __name__ == "__main__":
    sys.exit(main())
