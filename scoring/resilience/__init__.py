"""Supply-chain resilience metrics for a bid's declared critical-raw-material supply (DOMAIN.md §4, §5).

A declaration is a list of SupplyLine: for each (material, stage) the bidder says which countries
supply what percentage. Per (material, stage) and per stage for the whole product (weighted by the
mass of each material in the tender's bill of materials) we compute METRICS:

- largest_third_country_share: the largest share of one country outside the EU-27 (0 if none);
- hhi: Herfindahl-Hirschman index, sum of squared percentage shares (0-10,000), after merging
  lines of the same country;
- eu_share: share from the EU-27;
- partner_share: share from the partner group (default countries.DEFAULT_PARTNER_GROUP: EEA
  non-EU plus the EU's raw-materials strategic partners); it never includes the EU-27;
- recycled_share: share-weighted recycled-feedstock percentage.

Declared shares are normalised to sum exactly 100 (validation allows 100 +/- 0.5), so
eu_share + third-country shares is 100. Per-country totals use math.fsum and every later sum runs
in a fixed order (shares sorted, materials in bill-of-materials order), so the result does not
depend on the order of the lines, not even in the last bit (rankings compare scores for equality
before a tie-break). Materials not declared at a stage are left out of that stage's weighting;
StageProfile.covered and covered_mass_share record what was.

Flags: crma_art5 when a strategic raw material's largest third-country share is above 65%
(Regulation (EU) 2024/1252 Art. 5(1)); nzia_art25 when any largest third-country share, per
material or whole product, is above 50% (Regulation (EU) 2024/1735 Art. 25). Both are indicators
for the evaluation report, not scores.

Modules: model (SupplyLine, Metrics, Flag, ResilienceProfile and its JSON form), validation
(every problem, placed), compute (compute_profile), baseline (world_baseline on DOMAIN.md §5 data).
"""

from .baseline import world_baseline
from .compute import compute_profile
from .model import (
    CRMA_SINGLE_COUNTRY_LIMIT,
    CRMA_SOURCE,
    METRICS,
    NZIA_SINGLE_COUNTRY_LINE,
    NZIA_SOURCE,
    SHARE_SUM_TOLERANCE,
    STAGES,
    Flag,
    Metrics,
    ResilienceProfile,
    StageProfile,
    SupplyLine,
)
from .validation import validate_bill_of_materials, validate_declaration, validate_partner_group

__all__ = [
    "CRMA_SINGLE_COUNTRY_LIMIT",
    "CRMA_SOURCE",
    "METRICS",
    "NZIA_SINGLE_COUNTRY_LINE",
    "NZIA_SOURCE",
    "SHARE_SUM_TOLERANCE",
    "STAGES",
    "Flag",
    "Metrics",
    "ResilienceProfile",
    "StageProfile",
    "SupplyLine",
    "compute_profile",
    "validate_bill_of_materials",
    "validate_declaration",
    "validate_partner_group",
    "world_baseline",
]
