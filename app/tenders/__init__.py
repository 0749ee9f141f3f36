"""The officers' area: their authority's tenders, set-up and evaluation."""
