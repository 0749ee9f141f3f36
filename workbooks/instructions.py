"""The Instructions sheet: how to fill the workbook in, the bill of materials, and every criterion with its rule
in the scoring engine's own words (rule.describe(), quoted verbatim)."""
from __future__ import annotations

from collections.abc import Mapping

from openpyxl.worksheet.worksheet import Worksheet

from scoring.criteria import Criterion, effective_weights, is_weighted, walk
from scoring.definition import Tender
from scoring.reference import reference
from scoring.rules.base import OPTION, PRICE, number_text
from workbooks import layout
from workbooks.choices import STAGE_LABELS, AnswerSpec
from workbooks.model import TenderInfo
from workbooks.styles import BOLD, TITLE, fit_row, header, put, widths

METRIC_WORDS = {
    "largest_third_country_share": "the largest share from one country outside the EU-27",
    "hhi": "the concentration index (HHI, 0 to 10,000)",
    "eu_share": "the share from the EU-27",
    "partner_share": "the share from partner countries (EEA and the EU's strategic partners)",
    "recycled_share": "the recycled share of the feedstock",
}
WHERE = {"answers": f"{layout.ANSWERS} sheet", "supply": f"{layout.SUPPLY} sheet", "price": f"{layout.PRICE} sheet"}


def write_instructions(sheet: Worksheet, tender: Tender, info: TenderInfo, specs: tuple[AnswerSpec, ...]) -> None:
    """Fills the Instructions sheet (protected: nothing to enter here)."""
    row = heading(sheet, info)
    row = _steps(sheet, row + 1, info, bool(specs))
    row = bill_of_materials_table(sheet, row + 1, tender)
    criteria_table(sheet, row + 1, tender, {spec.code: index for index, spec in enumerate(specs)})


def heading(sheet: Worksheet, info: TenderInfo) -> int:
    """The title and the tender's facts; returns the next free row."""
    widths(sheet, layout.INSTRUCTIONS_WIDTHS)
    put(sheet, "A1", "Bidder self-assessment workbook", TITLE)
    put(sheet, "A2", info.title, BOLD)
    facts = [("Tender reference", info.reference), ("Contracting authority", info.authority),
             ("Deadline for bids", info.deadline_text), ("Currency", info.currency),
             ("Estimated value", "" if info.estimated_value is None
              else f"{number_text(float(info.estimated_value))} {info.currency}"),
             ("Template version", info.template_version)]
    row = 3
    for label, value in facts:
        put(sheet, f"A{row}", label, BOLD)
        put(sheet, f"B{row}", value)
        row += 1
    return row


def _steps(sheet: Worksheet, row: int, info: TenderInfo, has_answers: bool) -> int:
    """The numbered how-to; returns the next free row."""
    return write_steps(sheet, row, info, [
        f"{layout.PRICE}: your total price in {info.currency}.",
        f"{layout.ANSWERS}: one row per criterion you answer yourself (yes/no, numbers, options from the list)."
        if has_answers else f"{layout.ANSWERS}: this tender has no criteria for you to answer there.",
        f"{layout.SUPPLY}: {SUPPLY_STEP}"])


SUPPLY_STEP = ("for each material of the bill of materials and each stage (extraction, processing/refining, "
               "component manufacturing), one row per country of supply with its share of that stage's supply in "
               "%, the recycled share of its feedstock in %, the supplier and a reference to your evidence. The "
               f"shares of each material and stage must add up to 100%. {layout.PREPARED_ROWS} rows are prepared; "
               "continue below them if you need more.")


def write_steps(sheet: Worksheet, row: int, info: TenderInfo, bid_steps: list[str]) -> int:
    """The numbered how-to around the steps that enter the bid itself; returns the next free row."""
    steps = [
        "Enter your bid in the yellow cells only; everything else is protected against accidental changes.",
        f"{layout.COMPANY}: your company, its country, and the ultimate controlling entity with its country.",
        *bid_steps,
        "Enter values, not formulas. Do not rename, move or delete sheets, rows or columns: the upload is read "
        "cell by cell and checked again, whatever the drop-downs allowed.",
        "Upload the workbook as .xlsx, without macros. You see a self-assessment at once: missing "
        "answers are shown as missing, never as zero. Criteria scored by the evaluation committee and price "
        "formulas that depend on the other bids are scored at the evaluation.",
    ]
    if info.requires_fsr_declaration:
        steps.insert(2, f"{layout.COMPANY}: because of the tender's value, choose your declaration on foreign "
                        "financial contributions under the Foreign Subsidies Regulation (Regulation (EU) 2022/2560 "
                        "Art. 28-29), and attach the notification to your tender if you choose it.")
    put(sheet, f"A{row}", "How to fill it in", BOLD)
    for number, step in enumerate(steps, start=1):
        row += 1
        put(sheet, f"A{row}", f"Step {number}")
        put(sheet, f"B{row}", step)
        sheet.merge_cells(f"B{row}:E{row}")
        fit_row(sheet, row, {"B": step}, width=sum(layout.INSTRUCTIONS_WIDTHS[c] for c in "BCDE"))
    return row + 1


def bill_of_materials_table(sheet: Worksheet, row: int, tender: Tender,
                            title: str = "Bill of materials (what the Supply chain sheet covers)") -> int:
    """The materials the supply chain covers; returns the next free row."""
    put(sheet, f"A{row}", title, BOLD)
    header(sheet, row + 1, [("A", "Code"), ("B", "Material"), ("C", "kg per unit"), ("D", "CRMA list")])
    for offset, (code, mass) in enumerate(tender.bill_of_materials.items(), start=2):
        material = reference.material(code)
        status = ("strategic and critical" if material.is_strategic else "critical" if material.is_critical
                  else "not listed")
        for letter, value in zip("ABCD", (code, material.name, mass, status), strict=True):
            put(sheet, f"{letter}{row + offset}", value)
    return row + len(tender.bill_of_materials) + 2


def criteria_table(sheet: Worksheet, row: int, tender: Tender, answer_positions: dict[str, int],
                   where: Mapping[str, str] = WHERE, title: str = "Award criteria and how each is scored") -> int:
    """Every criterion and group, with its weight, where its value comes from (`where` names the answers, supply
    and price sheets) and its rule verbatim; returns the next free row."""
    put(sheet, f"A{row}", title, BOLD)
    header(sheet, row + 1, [("A", "Code"), ("B", "Criterion"), ("C", "Weight"), ("D", "Where the value comes from"),
                            ("E", "How it is scored")])
    weights = effective_weights(tender.criteria, tender.weighting)
    row += 1
    for path, node in walk(tender.criteria):
        row += 1
        name = "    " * (len(path) - 1) + node.name + (f"\n{node.description}" if node.description else "")
        texts = {"B": name, "C": _weight(node, weights[node.code], tender.weighting),
                 "D": _source(node, answer_positions, where), "E": _rule_text(node)}
        put(sheet, f"A{row}", node.code, BOLD if node.is_group else None)
        for letter, value in texts.items():
            put(sheet, f"{letter}{row}", value, BOLD if node.is_group and letter == "B" else None)
        fit_row(sheet, row, texts)
    return row + 1


def _weight(node: Criterion, weight: float, weighting: str) -> str:
    """The node's share of the total in words."""
    if not is_weighted(node, weighting):
        if node.rule is not None and node.rule.value_kind == OPTION:
            return "price coefficient"
        return "pass/fail" if node.rule is not None and node.rule.is_gate else "no weight"
    return f"{number_text(round(weight, 2))}%" if weighting == "percent" else f"{number_text(weight)} points"


def _source(node: Criterion, answer_positions: dict[str, int], sheets: Mapping[str, str]) -> str:
    """Where the bid's value for the node comes from, in words."""
    if node.is_group:
        return "the criteria below"
    if node.code in answer_positions:
        return f"{sheets['answers']}, row {layout.answer_row(answer_positions[node.code])}"
    if node.source is not None:
        where = reference.material_name(node.source.material) if node.source.material else "the whole product"
        return (f"Computed from your {sheets['supply']}: {METRIC_WORDS[node.source.metric]} at the "
                f"{STAGE_LABELS[node.source.stage].lower()} stage, {where}. {node.source.handling_text()}")
    if node.rule.value_kind == PRICE:
        return sheets["price"]
    return "The evaluation committee, from your tender documents"


def _rule_text(node: Criterion) -> str:
    """The rule's own description, verbatim; for a group, its minimum-score gate if it has one."""
    if not node.is_group:
        return node.rule.describe()
    if node.min_score is None:
        return ""
    return (f"Minimum score: {number_text(node.min_score)}% of this group's maximum; a bid below it is "
            "ineligible (Case C-546/16 Montte).")
