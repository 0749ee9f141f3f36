"""The bidders' area: open tenders, the workbook template, self-assessment, submission and receipts."""
