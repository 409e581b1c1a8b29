from datetime import datetime, time

from pytz import timezone

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GolfWorkingDay(models.Model):
    """A weekend day the club works (调休): public holidays are moved in China by declaring some Saturdays and
    Sundays working days. The club enters them per year with the public holidays, which are the leaves of the
    company's working hours; every deadline counted in working days uses both (R-1.7, R-7.3, R-11.2)."""

    _name = "golf.working.day"
    _description = "Extra Working Day"
    _order = "date desc"
    _check_company_auto = True

    date = fields.Date(required=True, index=True)
    name = fields.Char(string="Reason", required=True, help="The holiday this working day makes up for.")
    year = fields.Integer(compute="_compute_year", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    _date_uniq = models.Constraint("UNIQUE(company_id, date)", "This day is already a working day.")

    @api.depends("date")
    def _compute_year(self):
        for day in self:
            day.year = day.date.year if day.date else 0

    @api.constrains("date", "company_id")
    def _check_not_already_working(self):
        """A day of the working hours needs no entry: only days off (weekends) are declared working days."""
        for day in self:
            calendar = day.company_id.resource_calendar_id
            if not calendar:
                continue
            tz = timezone(calendar.tz or "UTC")
            start = tz.localize(datetime.combine(day.date, time.min))
            end = tz.localize(datetime.combine(day.date, time.max))
            if calendar._attendance_intervals_batch(start, end)[False]:
                raise ValidationError(self.env._(
                    "%(date)s is already a working day of %(company)s: only days off can be declared working days.",
                    date=day.date, company=day.company_id.name,
                ))
