"""Evaluation reports, debrief letters and evidence bundles: context from the record, PDF from the context."""
