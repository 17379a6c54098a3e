from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from jamlik.api.models import ApiToken, hash_token
from jamlik.core.audit import log_action
from jamlik.core.models import User


def do_create_api_token(user: User, *, acting_user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plaintext is returned once and never stored."""
    plaintext = "jk_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=plaintext[:10], token_hash=hash_token(plaintext)
        )
        log_action("apitoken.created", actor=acting_user, obj=token, changes={"user": user.get_username()})
    return token, plaintext


def do_revoke_api_token(token: ApiToken, *, acting_user: User) -> None:
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            log_action("apitoken.revoked", actor=acting_user, obj=token)
