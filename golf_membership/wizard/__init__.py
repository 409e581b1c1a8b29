from . import golf_membership_reason_wizard
