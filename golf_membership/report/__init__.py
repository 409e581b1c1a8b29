from . import golf_membership_dues_status
from . import golf_service_kpi
