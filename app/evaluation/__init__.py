"""The evaluation area: committee, sealed opening, scoring, decisions, results and finalisation."""
