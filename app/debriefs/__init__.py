"""Debrief letters for bidders (Directive 2014/24/EU Art. 55): each bidder reads only its own."""
