from . import golf_membership_demo
from . import golf_working_day_demo
