"""Tenders kept as files (tender.yaml, bids/*.xlsx, scores.yaml, receipts.yaml): reading, checking, writing."""
