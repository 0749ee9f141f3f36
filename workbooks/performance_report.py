"""The contract performance report workbook: the bid workbook's supply-chain sheet, for one reporting period.

Under the contract performance conditions (Directive 2014/24/EU Art. 70) the contractor reports, for each period,
the supply chain it actually used, with evidence, in the same format it declared in its bid: the same Company and
Supply chain sheets, the same drop-downs and checks, read by the same reader (read_workbook with
info.report_period), so the same metrics are computed from it. No price and no answers: nothing is bid. The
hidden Metadata sheet holds the report's own template version and the period, so a bid workbook is never taken
for a report, nor a report for a bid or another period. The tender is the one the contract is for: a lot's view
for a tender divided into lots.
"""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection

from scoring.criteria import walk
from scoring.definition import Tender
from scoring.reference import reference
from workbooks import layout
from workbooks.choices import material_choice
from workbooks.instructions import METRIC_WORDS, STAGE_WORDS, bill_of_materials_table, supply_step
from workbooks.model import TenderInfo
from workbooks.styles import BOLD, TITLE, fit_row, header, protect, put, widths
from workbooks.template import write_company, write_lists, write_metadata, write_supply
from workbooks.wording import ENGLISH_WORDING, Wording


def build_report_template(tender: Tender, info: TenderInfo, words: Wording = ENGLISH_WORDING) -> bytes:
    """The .xlsx the contractor downloads for the period info.report_period, in `words`' language."""
    if not info.report_period or info.template_version != layout.REPORT_VERSION:
        raise ValueError("a performance report needs the report's template version and a period")
    workbook = Workbook()
    workbook.active.title = layout.INSTRUCTIONS
    sheets = {name: workbook.create_sheet(name) for name in layout.REPORT_SHEETS[1:]}
    lists = write_lists(sheets[layout.LISTS], material_choice(tender, words).labels, (), words)
    _write_instructions(workbook.active, tender, info, words)
    write_company(sheets[layout.COMPANY], info, lists, words)
    write_supply(sheets[layout.SUPPLY], tender, lists, words)
    write_metadata(sheets[layout.METADATA], tender, info)
    for sheet in workbook.worksheets:
        protect(sheet)
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_instructions(sheet, tender: Tender, info: TenderInfo, words: Wording) -> None:
    """Title, contract, period, how to fill it in, the bill of materials and what binds."""
    _ = words
    widths(sheet, layout.INSTRUCTIONS_WIDTHS)
    put(sheet, "A1", _("Contract performance report"), TITLE)
    put(sheet, "A2", info.title, BOLD)
    facts = [(_("Tender reference"), info.reference), (_("Contracting authority"), info.authority),
             (_("Reporting period"), info.report_period_text), (_("Template version"), info.template_version)]
    for row, (label, value) in enumerate(facts, start=3):
        put(sheet, f"A{row}", label, BOLD)
        put(sheet, f"B{row}", value)
    row = 3 + len(facts) + 1
    steps = [
        _("The contract's performance conditions bind the supply-chain values your tender was scored on. Report the "
          "supply chain you actually used during this period; the same metrics are computed from it as at the "
          "award and compared with your commitments."),
        _("%(sheet)s: the contractor, its country, and the ultimate controlling entity with its country.",
          sheet=layout.COMPANY),
        f"{layout.SUPPLY}: {supply_step(words)}",
        _("Evidence reference: the document that shows each line (delivery notes, certificates of origin, mass "
          "balances); keep it available for audit."),
        _("Enter values, not formulas. Upload the workbook as .xlsx on the contract's page."),
    ]
    put(sheet, f"A{row}", _("How to fill it in"), BOLD)
    for number, step in enumerate(steps, start=1):
        row += 1
        put(sheet, f"A{row}", _("Step %(number)s", number=number))
        put(sheet, f"B{row}", step)
        sheet.merge_cells(f"B{row}:E{row}")
        fit_row(sheet, row, {"B": step}, width=sum(layout.INSTRUCTIONS_WIDTHS[c] for c in "BCDE"))
    row = bill_of_materials_table(sheet, row + 2, tender, words)
    _binding_table(sheet, row + 1, tender, words)


def _binding_table(sheet, row: int, tender: Tender, words: Wording) -> None:
    """The binding criteria and what each measures."""
    _ = words
    conditions = tender.contract_performance
    binding = set(conditions.binding) if conditions else set()
    put(sheet, f"A{row}", _("Binding criteria"), BOLD)
    header(sheet, row + 1, [("A", _("Code")), ("B", _("Criterion")), ("D", _("What is measured"))])
    for path, node in walk(tender.criteria):
        if node.code not in binding or node.source is None:
            continue
        row += 1
        where = _(reference.material_name(node.source.material)) if node.source.material else _("the whole product")
        measured = _("%(metric)s at the %(stage)s stage, %(where)s.", metric=_(METRIC_WORDS[node.source.metric]),
                     stage=_(STAGE_WORDS[node.source.stage]), where=where)
        put(sheet, f"A{row + 1}", node.code)
        put(sheet, f"B{row + 1}", path[-1])
        put(sheet, f"D{row + 1}", measured)
        fit_row(sheet, row + 1, {"D": measured})
