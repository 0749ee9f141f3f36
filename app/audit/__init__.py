"""The audit area: the hash-chained log (chain.py) and the pages that show and verify it (views.py)."""
from app.audit.chain import ChainCheck, head_sha256, record, verify_chain

__all__ = ["ChainCheck", "head_sha256", "record", "verify_chain"]
