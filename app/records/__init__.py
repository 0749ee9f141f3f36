"""The records layer every area shares: stored rows in, the pure libraries' objects out, and who may see which.

Views and services of every area (officers' set-up, evaluation, portal, reports, CLI) read tenders and bids
through these modules, so no area imports another area's internals.
"""
