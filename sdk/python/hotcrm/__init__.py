"""HotCRM's Python client: ``from hotcrm import Client``.

    client = Client(api_key="hcrm_...", base_url="https://api.hotcrm.com/v1")
    accounts = client.accounts.list(filters=[["Industry", "=", "Technology"]], limit=20)

Standard library only. See README.md for every feature.
"""

from ._http import DEFAULT_BASE_URL, __version__
from .client import Client
from .errors import APIConnectionError, HotCRMError, WebhookVerificationError
from .resources import (AI, ApiTokens, Batch, BatchRecords, Changes, Knowledge, Metadata, Models, Records, Users,
                        Webhooks)
from .webhooks import sign as sign_webhook
from .webhooks import verify_webhook

__all__ = [
    "Client",
    "HotCRMError",
    "APIConnectionError",
    "WebhookVerificationError",
    "verify_webhook",
    "sign_webhook",
    "Records",
    "BatchRecords",
    "Batch",
    "Metadata",
    "Webhooks",
    "AI",
    "Knowledge",
    "Models",
    "ApiTokens",
    "Users",
    "Changes",
    "DEFAULT_BASE_URL",
    "__version__",
]
