"""Contract performance monitoring (Directive 2014/24/EU Art. 70): the contractor's periodic reports, the officer's
responses to shortfalls, the auditor's history and the performance report PDF."""
