"""Trục liên thông cấp tỉnh: the hub service `eoffice hub` runs."""

from eoffice.exchange.hub.app import HubSettings, create_hub_app

__all__ = ["HubSettings", "create_hub_app"]
