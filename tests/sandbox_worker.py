"""`python -m tests.sandbox_worker OUTPUT`, a worker for tests/test_sandbox.py: it reports its process id as its
progress, then works far longer than any test waits."""
import os
import sys
import time

from sandbox import take_job

if __name__ == "__main__":
    take_job()
    print(f"progress {os.getpid()} 1", flush=True)
    time.sleep(120)
    sys.exit(1)
