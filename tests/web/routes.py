"""Every GET route of the app, for the tests that request them all as one role after another."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter


def get_routes(app, tender_id: int, bid_id: int, document_id: int | None = None) -> list[str]:
    """Every GET URL of the app with its parameters filled by the given tender's, bid's and (when given) bid
    document's ids."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            ids = {"tender_id": tender_id, "document_id": document_id or bid_id}
            values = {name: ids.get(name, bid_id) for name in rule.arguments}
            for name, converter in rule._converters.items():
                if not isinstance(converter, IntegerConverter):
                    values[name] = "sample"
            urls.append(app.url_for(rule.endpoint, **values))
    return urls
