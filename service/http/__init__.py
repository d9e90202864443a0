"""HTTP plumbing shared by every route: errors as problem+json, content negotiation,
caching, CORS, HEAD, body limits and the OpenAPI additions. Knows no resource."""
