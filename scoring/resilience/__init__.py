"""Supply-chain resilience metrics for a bid's declared critical-raw-material supply.

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
before a tie-break). The stage aggregate pools the declared materials; StageProfile.covered and
covered_mass_share record which were declared. A criterion reads its value through read_metric, which
measures concentration per material, combines as the tender publishes and never drops an undeclared
material from the weighting.

Flags, per material: crma_art5 when a strategic raw material's largest third-country share is above 65%
at extraction or processing (Regulation (EU) 2024/1252 Art. 5(1), "any relevant stage of processing");
nzia_art25 when a largest third-country share at the manufacturing (component) stage is above 50%
(Regulation (EU) 2024/1735 Art. 25, the net-zero technology or its main specific components). Both
are indicators for the evaluation report, not scores.

Modules: model (SupplyLine, Metrics, Flag, ResilienceProfile and its JSON form), validation
(every problem, placed), compute (compute_profile), reading (read_metric), baseline (world_baseline on
USGS Mineral Commodity Summaries 2025 and European Commission CRM study 2023 shares).
"""

from scoring.resilience.baseline import CountryShare, WorldBaseline, world_baseline
from scoring.resilience.compute import compute_profile
from scoring.resilience.model import (
    AGGREGATES,
    CONCENTRATION_METRICS,
    CRMA_SINGLE_COUNTRY_LIMIT,
    CRMA_SOURCE,
    METRICS,
    NZIA_SINGLE_COUNTRY_LINE,
    NZIA_SOURCE,
    SHARE_SUM_TOLERANCE,
    STAGES,
    UNDECLARED_HANDLING,
    Flag,
    Metrics,
    ResilienceProfile,
    StageProfile,
    SupplyLine,
)
from scoring.resilience.reading import Reading, read_metric
from scoring.resilience.validation import validate_bill_of_materials, validate_declaration, validate_partner_group

__all__ = [
    "AGGREGATES",
    "CONCENTRATION_METRICS",
    "CRMA_SINGLE_COUNTRY_LIMIT",
    "CRMA_SOURCE",
    "CountryShare",
    "METRICS",
    "NZIA_SINGLE_COUNTRY_LINE",
    "NZIA_SOURCE",
    "SHARE_SUM_TOLERANCE",
    "STAGES",
    "Flag",
    "Metrics",
    "ResilienceProfile",
    "StageProfile",
    "Reading",
    "SupplyLine",
    "UNDECLARED_HANDLING",
    "WorldBaseline",
    "compute_profile",
    "read_metric",
    "validate_bill_of_materials",
    "validate_declaration",
    "validate_partner_group",
    "world_baseline",
]
