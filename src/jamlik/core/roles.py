"""The system roles. Each is a Django group whose name is the role's code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    PROCESS_OWNER = "process_owner", _("Process owner")
    PROCESS_LEADER = "process_leader", _("Process leader")
    MANAGEMENT_MEMBER = "management_member", _("Management member")
    PARTICIPANT = "participant", _("Participant")
    READER = "reader", _("Reader")
