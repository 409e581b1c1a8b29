"""Demo data: the calendar of the demo club (its public holidays and 调休 days), loaded by demo/golf_membership_demo.xml."""

from datetime import date, datetime, time, timedelta

from pytz import timezone

from odoo import api, models

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
    _inherit = "golf.working.day"

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
