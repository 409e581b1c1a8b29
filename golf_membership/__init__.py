from . import models
from . import demo
from . import wizard
from . import controllers
