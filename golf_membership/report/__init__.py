from . import golf_membership_dues_status
from . import golf_service_kpi
from . import golf_prepaid_statement
from . import golf_membership_register_report_xlsx
from . import golf_collection_line
