from datetime import date, datetime, time, timedelta

from pytz import timezone

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Demo data only: the Chinese public holidays of 2026 and the weekend days worked instead (调休), as published by
# the State Council for 2026 (a club checks them against the notice of each year before entering them).
DEMO_HOLIDAYS_2026 = [
    ("元旦 New Year's Day", date(2026, 1, 1), date(2026, 1, 3)),
    ("春节 Spring Festival", date(2026, 2, 15), date(2026, 2, 23)),
    ("清明节 Qingming Festival", date(2026, 4, 4), date(2026, 4, 6)),
    ("劳动节 Labour Day", date(2026, 5, 1), date(2026, 5, 5)),
    ("端午节 Dragon Boat Festival", date(2026, 6, 19), date(2026, 6, 21)),
    ("中秋节 Mid-Autumn Festival", date(2026, 9, 25), date(2026, 9, 27)),
    ("国庆节 National Day", date(2026, 10, 1), date(2026, 10, 7)),
]
DEMO_WORKING_DAYS_2026 = [
    ("元旦 New Year's Day", date(2026, 1, 4)),
    ("春节 Spring Festival", date(2026, 2, 14)),
    ("春节 Spring Festival", date(2026, 2, 28)),
    ("劳动节 Labour Day", date(2026, 5, 9)),
    ("国庆节 National Day", date(2026, 9, 20)),
    ("国庆节 National Day", date(2026, 10, 10)),
]


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

    @api.model
    def _demo_chinese_calendar(self, company_id):
        """Demo data: the 2026 public holidays (leaves of the club's working hours) and 调休 days of a club."""
        company = self.env["res.company"].browse(company_id)
        calendar = company.resource_calendar_id
        if not calendar or self.search_count([("company_id", "=", company.id)], limit=1):
            return
        tz = timezone("Asia/Shanghai")  # the demo club is in China

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(timezone("UTC")).replace(tzinfo=None)

        self.env["resource.calendar.leaves"].create([
            {"name": name, "calendar_id": calendar.id, "date_from": utc(first),
             "date_to": utc(last + timedelta(days=1)) - timedelta(seconds=1)}
            for name, first, last in DEMO_HOLIDAYS_2026
        ])
        self.create([{"name": name, "date": day, "company_id": company.id} for name, day in DEMO_WORKING_DAYS_2026])
