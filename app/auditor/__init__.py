"""The auditor's pages: finalised tenders of their authority, reports and evidence bundles (read only)."""
