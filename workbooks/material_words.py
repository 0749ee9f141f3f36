"""The materials' names as the catalogues translate them (app/translations): the workbook's drop-downs,
bill of materials and supply-chain notes show them in the procedure language.

Babel extracts marked texts only, and the names live in scoring/reference/materials.csv: each is marked here once
(tests/workbooks/test_languages.py checks that this list is the CSV's names, so neither can change alone).
"""
from __future__ import annotations

from workbooks.wording import N_

MATERIAL_NAMES = (
    N_("Aluminium"), N_("Bismuth"), N_("Boron"), N_("Cobalt"), N_("Copper"), N_("Gallium"), N_("Germanium"),
    N_("Lithium"), N_("Magnesium"), N_("Manganese"), N_("Graphite"), N_("Nickel"), N_("Platinum-group metals"),
    N_("Platinum"), N_("Palladium"), N_("Rhodium"), N_("Ruthenium"), N_("Iridium"), N_("Osmium"), N_("Neodymium"),
    N_("Praseodymium"), N_("Terbium"), N_("Dysprosium"), N_("Gadolinium"), N_("Samarium"), N_("Cerium"),
    N_("Lanthanum"), N_("Yttrium"), N_("Europium"), N_("Holmium"), N_("Erbium"), N_("Thulium"), N_("Ytterbium"),
    N_("Lutetium"), N_("Silicon"), N_("Titanium"), N_("Tungsten"), N_("Antimony"), N_("Arsenic"), N_("Baryte"),
    N_("Beryllium"), N_("Coking coal"), N_("Feldspar"), N_("Fluorspar"), N_("Hafnium"), N_("Helium"), N_("Niobium"),
    N_("Phosphate rock"), N_("Phosphorus"), N_("Scandium"), N_("Strontium"), N_("Tantalum"), N_("Vanadium"),
)
