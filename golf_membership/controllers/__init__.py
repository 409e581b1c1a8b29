from . import portal
from . import portal_requests
from . import payment
