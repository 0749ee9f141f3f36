"""The Instructions sheet: how to fill the workbook in, the bill of materials, and every criterion with its rule
in the scoring engine's own words (rule.describe(), in the workbook's language)."""
from __future__ import annotations

from collections.abc import Mapping

from openpyxl.worksheet.worksheet import Worksheet

from scoring.criteria import Criterion, effective_weights, is_weighted, walk
from scoring.definition import Tender
from scoring.reference import reference
from scoring.rules.base import OPTION, PRICE
from workbooks import layout
from workbooks.choices import STAGE_LABELS, AnswerSpec
from workbooks.model import TenderInfo
from workbooks.styles import BOLD, TITLE, fit_row, header, put, widths
from workbooks.wording import ENGLISH_WORDING, N_, Wording

METRIC_WORDS = {
    "largest_third_country_share": N_("the largest share from one country outside the EU-27"),
    "hhi": N_("the concentration index (HHI, 0 to 10,000)"),
    "eu_share": N_("the share from the EU-27"),
    "partner_share": N_("the share from partner countries (EEA and the EU's strategic partners)"),
    "recycled_share": N_("the recycled share of the feedstock"),
}
# The stages inside a sentence ("at the processing / refining stage").
STAGE_WORDS = {"extraction": N_("extraction (mining)"), "processing": N_("processing / refining"),
               "manufacturing": N_("component manufacturing")}
assert tuple(STAGE_WORDS) == tuple(STAGE_LABELS)
# Where a criterion's value comes from: the sheet names are the tabs' names, the same in every language.
WHERE = {"answers": N_("%(sheet)s sheet"), "supply": N_("%(sheet)s sheet"), "price": N_("%(sheet)s sheet")}
WHERE_SHEETS = {"answers": layout.ANSWERS, "supply": layout.SUPPLY, "price": layout.PRICE}


def where_words(words: Wording) -> dict[str, str]:
    """The Answers, Supply chain and Price sheets named in the workbook's language."""
    return {key: words(WHERE[key], sheet=sheet) for key, sheet in WHERE_SHEETS.items()}


def write_instructions(sheet: Worksheet, tender: Tender, info: TenderInfo, specs: tuple[AnswerSpec, ...],
                       words: Wording = ENGLISH_WORDING) -> None:
    """Fills the Instructions sheet (protected: nothing to enter here)."""
    row = heading(sheet, info, words)
    row = _steps(sheet, row + 1, info, bool(specs), words)
    row = bill_of_materials_table(sheet, row + 1, tender, words)
    criteria_table(sheet, row + 1, tender, {spec.code: index for index, spec in enumerate(specs)}, words)


def heading(sheet: Worksheet, info: TenderInfo, words: Wording = ENGLISH_WORDING) -> int:
    """The title and the tender's facts; returns the next free row."""
    _ = words
    widths(sheet, layout.INSTRUCTIONS_WIDTHS)
    put(sheet, "A1", _("Bidder self-assessment workbook"), TITLE)
    put(sheet, "A2", info.title, BOLD)
    facts = [(_("Tender reference"), info.reference), (_("Contracting authority"), info.authority),
             (_("Deadline for bids"), info.deadline_text), (_("Currency"), info.currency),
             (_("Estimated value"), "" if info.estimated_value is None
              else words.money(float(info.estimated_value), info.currency)),
             (_("Template version"), info.template_version)]
    row = 3
    for label, value in facts:
        put(sheet, f"A{row}", label, BOLD)
        put(sheet, f"B{row}", value)
        row += 1
    return row


def _steps(sheet: Worksheet, row: int, info: TenderInfo, has_answers: bool, words: Wording) -> int:
    """The numbered how-to; returns the next free row."""
    _ = words
    return write_steps(sheet, row, info, [
        _("%(sheet)s: your total price in %(currency)s.", sheet=layout.PRICE, currency=info.currency),
        _("%(sheet)s: one row per criterion you answer yourself (yes/no, numbers, options from the list).",
          sheet=layout.ANSWERS)
        if has_answers else _("%(sheet)s: this tender has no criteria for you to answer there.", sheet=layout.ANSWERS),
        f"{layout.SUPPLY}: {supply_step(words)}"], words)


def supply_step(words: Wording = ENGLISH_WORDING) -> str:
    """How to fill a supply-chain sheet in, in the workbook's language."""
    _ = words
    return _("for each material of the bill of materials and each stage (extraction, processing/refining, "
                 "component manufacturing), one row per country of supply with its share of that stage's supply in "
                 "percent, the recycled share of its feedstock in percent, the supplier and a reference to your "
                 "evidence. The shares of each material and stage must add up to %(hundred)s. %(rows)s rows are "
                 "prepared; continue below them if you need more.", hundred=f"100{words.percent_sign()}",
                 rows=layout.PREPARED_ROWS)


def write_steps(sheet: Worksheet, row: int, info: TenderInfo, bid_steps: list[str],
                words: Wording = ENGLISH_WORDING) -> int:
    """The numbered how-to around the steps that enter the bid itself; returns the next free row."""
    _ = words
    steps = [
        _("Enter your bid in the yellow cells only; everything else is protected against accidental changes."),
        _("%(sheet)s: your company, its country, and the ultimate controlling entity with its country.",
          sheet=layout.COMPANY),
        *bid_steps,
        _("Enter values, not formulas. Do not rename, move or delete sheets, rows or columns: the upload is read "
          "cell by cell and checked again, whatever the drop-downs allowed."),
        _("Upload the workbook as .xlsx, without macros. You see a self-assessment at once: missing "
          "answers are shown as missing, never as zero. Criteria scored by the evaluation committee and price "
          "formulas that depend on the other bids are scored at the evaluation."),
    ]
    if info.requires_fsr_declaration:
        steps.insert(2, _("%(sheet)s: because of the tender's value, choose your declaration on foreign "
                          "financial contributions under the Foreign Subsidies Regulation (Regulation (EU) 2022/2560 "
                          "Art. 28-29), and attach the notification to your tender if you choose it.",
                          sheet=layout.COMPANY))
    put(sheet, f"A{row}", _("How to fill it in"), BOLD)
    for number, step in enumerate(steps, start=1):
        row += 1
        put(sheet, f"A{row}", _("Step %(number)s", number=number))
        put(sheet, f"B{row}", step)
        sheet.merge_cells(f"B{row}:E{row}")
        fit_row(sheet, row, {"B": step}, width=sum(layout.INSTRUCTIONS_WIDTHS[c] for c in "BCDE"))
    return row + 1


def bill_of_materials_table(sheet: Worksheet, row: int, tender: Tender, words: Wording = ENGLISH_WORDING,
                            title: str | None = None) -> int:
    """The materials the supply chain covers; returns the next free row."""
    _ = words
    put(sheet, f"A{row}", title or _("Bill of materials (what the %(sheet)s sheet covers)", sheet=layout.SUPPLY),
        BOLD)
    header(sheet, row + 1, [("A", _("Code")), ("B", _("Material")), ("C", _("kg per unit")), ("D", _("CRMA list"))])
    for offset, (code, mass) in enumerate(tender.bill_of_materials.items(), start=2):
        material = reference.material(code)
        status = (_("strategic and critical") if material.is_strategic else _("critical") if material.is_critical
                  else _("not listed"))
        for letter, value in zip("ABCD", (code, _(material.name), mass, status), strict=True):
            put(sheet, f"{letter}{row + offset}", value)
    return row + len(tender.bill_of_materials) + 2


def criteria_table(sheet: Worksheet, row: int, tender: Tender, answer_positions: dict[str, int],
                   words: Wording = ENGLISH_WORDING, where: Mapping[str, str] | None = None,
                   title: str | None = None) -> int:
    """Every criterion and group, with its weight, where its value comes from (`where` names the answers, supply
    and price sheets) and its rule verbatim; returns the next free row."""
    _ = words
    where = where or where_words(words)
    put(sheet, f"A{row}", title or _("Award criteria and how each is scored"), BOLD)
    header(sheet, row + 1, [("A", _("Code")), ("B", _("Criterion")), ("C", _("Weight")),
                            ("D", _("Where the value comes from")), ("E", _("How it is scored"))])
    weights = effective_weights(tender.criteria, tender.weighting)
    row += 1
    for path, node in walk(tender.criteria):
        row += 1
        name = "    " * (len(path) - 1) + node.name + (f"\n{node.description}" if node.description else "")
        texts = {"B": name, "C": _weight(node, weights[node.code], tender.weighting, words),
                 "D": _source(node, answer_positions, where, words), "E": _rule_text(node, words)}
        put(sheet, f"A{row}", node.code, BOLD if node.is_group else None)
        for letter, value in texts.items():
            put(sheet, f"{letter}{row}", value, BOLD if node.is_group and letter == "B" else None)
        fit_row(sheet, row, texts)
    return row + 1


def _weight(node: Criterion, weight: float, weighting: str, words: Wording) -> str:
    """The node's share of the total in words (the percent sign as the workbook's language writes it)."""
    _ = words
    if not is_weighted(node, weighting):
        if node.rule is not None and node.rule.value_kind == OPTION:
            return _("price coefficient")
        return _("pass/fail") if node.rule is not None and node.rule.is_gate else _("no weight")
    if weighting == "percent":
        return f"{words.number(weight)}{words.percent_sign()}"
    return _("%(number)s points", number=words.number(weight, 6))


def _source(node: Criterion, answer_positions: dict[str, int], sheets: Mapping[str, str], words: Wording) -> str:
    """Where the bid's value for the node comes from, in words."""
    _ = words
    if node.is_group:
        return _("the criteria below")
    if node.code in answer_positions:
        return _("%(sheet)s, row %(row)s", sheet=sheets["answers"], row=layout.answer_row(answer_positions[node.code]))
    if node.source is not None:
        where = (_(reference.material_name(node.source.material)) if node.source.material
                 else _("the whole product"))
        return _("Computed from your %(sheet)s: %(metric)s at the %(stage)s stage, %(where)s.", sheet=sheets["supply"],
                 metric=_(METRIC_WORDS[node.source.metric]), stage=_(STAGE_WORDS[node.source.stage]),
                 where=where) + f" {words.message(node.source.handling_text())}"
    if node.rule.value_kind == PRICE:
        return sheets["price"]
    return _("The evaluation committee, from your tender documents")


def _rule_text(node: Criterion, words: Wording) -> str:
    """The rule's own description (the scoring library's words, in the workbook's language); for a group, its
    minimum-score gate if it has one."""
    if not node.is_group:
        return words.message(node.rule.describe())
    if node.min_score is None:
        return ""
    _ = words
    return _("Minimum score: %(score)s of this group's maximum; a bid below it is ineligible (Case C-546/16 "
                 "Montte).", score=f"{words.number(node.min_score)}{words.percent_sign()}")
