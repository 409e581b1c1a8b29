from . import golf_membership_reason_wizard
from . import golf_billing_run_wizard
from . import golf_membership_card_deliver_wizard
