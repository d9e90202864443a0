"""The REST API: one router per resource, with the request and response models."""
