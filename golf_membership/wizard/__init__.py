from . import golf_membership_reason_wizard
from . import golf_billing_run_wizard
