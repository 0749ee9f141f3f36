"""The database model; import from here so Alembic and the app see every table."""
from app.models.audit_checkpoint import AuditCheckpoint
from app.models.audit_event import AuditEvent
from app.models.bid import Answer, Bid, Resolution, SupplyLine
from app.models.bid_document import BidDocument
from app.models.checked_workbook import CheckedWorkbook
from app.models.committee import CommitteeMember, OpeningConfirmation
from app.models.contract import CallOff, Contract, PerformanceReport, ShortfallResponse
from app.models.corrigendum import Corrigendum
from app.models.evaluation_result import EvaluationRecord
from app.models.lot import BidLot, TenderLot
from app.models.organisation import Organisation
from app.models.report import RenderedDocument
from app.models.score import Score
from app.models.tender import Criterion, Tender
from app.models.user import LoginFailure, LoginSuccess, User
from app.models.verification import VerificationAnswer, VerificationDocument, VerificationRequest

__all__ = [
    "Answer",
    "AuditCheckpoint",
    "AuditEvent",
    "Bid",
    "BidDocument",
    "BidLot",
    "CallOff",
    "CheckedWorkbook",
    "CommitteeMember",
    "Contract",
    "Corrigendum",
    "Criterion",
    "EvaluationRecord",
    "LoginFailure",
    "LoginSuccess",
    "OpeningConfirmation",
    "Organisation",
    "PerformanceReport",
    "RenderedDocument",
    "Resolution",
    "Score",
    "ShortfallResponse",
    "SupplyLine",
    "Tender",
    "TenderLot",
    "User",
    "VerificationAnswer",
    "VerificationDocument",
    "VerificationRequest",
]
