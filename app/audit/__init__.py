"""The audit area: the signed, hash-chained log (chain.py), its checkpoints (checkpoint_file.py),
verification (verification.py) and the recorded checks of the whole log (checks.py); the audit log page lives
with the auditor pages (app/auditor/audit_log.py)."""
from app.audit.chain import head_sha256, latest_checkpoint, record, write_checkpoint
from app.audit.verification import ChainCheck, verify_chain

__all__ = ["ChainCheck", "head_sha256", "latest_checkpoint", "record", "verify_chain", "write_checkpoint"]
