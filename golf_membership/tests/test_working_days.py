from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestWorkingDays(GolfMembershipCommon):
    """R-1.7, R-7.3, R-11.2: working days follow the Chinese calendar as the club enters it per year (public
    holidays, weekend days declared working days); R-11.2, R-11.3, R-11.5: deadlines, visit intervals and KPI
    targets are settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Shanghai"
        # National Day 2026: 1 to 7 October off (Shanghai days), Sunday 20 September and Saturday 10 October worked.
        cls.env["resource.calendar.leaves"].create({
            "name": "National Day", "calendar_id": cls.calendar.id,
            "date_from": datetime(2026, 9, 30, 16, 0), "date_to": datetime(2026, 10, 7, 15, 59, 59),
        })

    def declare_working_days(self, user=None):
        return self.env["golf.working.day"].with_user(user or self.supervisor).create([
            {"date": date(2026, 9, 20), "name": "National Day"},
            {"date": date(2026, 10, 10), "name": "National Day"},
        ])

    def test_deadline_counts_holidays_and_declared_saturday(self):
        """R-1.7: Wednesday 30 September + 20 working days: 1-7 October are holidays, Saturday 10 October is
        worked (调休), so the card is due on Tuesday 3 November (Wednesday 4 without it)."""
        self.assertEqual(self.company._golf_add_working_days(date(2026, 9, 30), 20), date(2026, 11, 4))
        self.declare_working_days()
        self.assertEqual(self.company._golf_add_working_days(date(2026, 9, 30), 20), date(2026, 11, 3))
        with freeze_time("2026-09-30 04:00:00"):
            membership = self.active_membership()
        self.assertEqual(membership.date_start, date(2026, 9, 30))
        card = membership.card_ids.filtered(lambda c: c.card_type == "member")
        self.assertEqual(card.date_due, date(2026, 11, 3))

    def test_dependent_card_on_declared_saturday(self):
        """R-7.3: Friday 9 October + 1 working day is Saturday 10 October when it is declared worked."""
        self.assertEqual(self.company._golf_add_working_days(date(2026, 10, 9), 1), date(2026, 10, 12))
        self.declare_working_days()
        self.assertEqual(self.company._golf_add_working_days(date(2026, 10, 9), 1), date(2026, 10, 10))
        # The 5 days of a dependent card from the eve of the holiday: 8, 9, 10 (Saturday), 12, 13 October.
        self.assertEqual(self.company._golf_add_working_days(date(2026, 9, 30), 5), date(2026, 10, 13))

    @freeze_time("2026-09-30 04:00:00")  # Wednesday, noon in Shanghai
    def test_general_request_settled_on_club_working_days(self):
        """R-11.2: 15 working days from 30 September skip the holiday and count Saturday 10 October."""
        self.declare_working_days()
        request = self.env["golf.service.request"].with_user(self.clerk).create({
            "partner_id": self.applicant.id, "subject": "Locker", "complexity": "general",
        })
        self.assertEqual(request.date_expected, date(2026, 10, 27))

    def test_only_days_off_are_declared_and_only_by_the_supervisor(self):
        """A working day of the calendar cannot be declared again; clerks read the days, supervisors enter them."""
        with self.assertRaises(ValidationError) as refusal:
            self.env["golf.working.day"].with_user(self.supervisor).create(
                {"date": date(2026, 10, 14), "name": "Wednesday"})
        self.assertIn("only days off can be declared working days", str(refusal.exception))
        with self.assertRaises(AccessError):
            self.env["golf.working.day"].with_user(self.clerk).create({"date": date(2026, 9, 20), "name": "x"})
        days = self.declare_working_days()
        self.assertEqual(self.env["golf.working.day"].with_user(self.clerk).search([]), days)
        self.assertEqual(days.mapped("year"), [2026, 2026])

    # ------------------------------------------------------------------ settings

    def test_service_settings(self):
        """Club management sets the deadlines, visit intervals and targets; a clerk cannot."""
        with self.assertRaises(AccessError):
            self.company.with_user(self.clerk).write({"golf_general_working_days": 10})
        self.company.with_user(self.manager).write({
            "golf_response_hours": 8, "golf_general_working_days": 10, "golf_complex_months": 2,
            "golf_key_member_visit_months": 3, "golf_member_visit_months": 9, "golf_timeliness_target": 95.0,
        })
        with freeze_time("2026-10-12 01:00:00"):  # Monday, 9:00 in Shanghai
            general = self.env["golf.service.request"].with_user(self.clerk).create({
                "partner_id": self.applicant.id, "subject": "Locker", "complexity": "general",
            })
            complex_ = self.env["golf.service.request"].with_user(self.clerk).create({
                "partner_id": self.applicant.id, "subject": "Course", "complexity": "complex",
            })
            self.assertEqual(general.date_response_deadline, datetime(2026, 10, 12, 9, 0))
            self.assertEqual(general.date_expected, date(2026, 10, 26))
            self.assertEqual(complex_.date_expected, date(2026, 12, 12))
            kpis = self.env["golf.service.request"]._get_kpis(date(2026, 10, 1), date(2026, 10, 31))
            self.assertEqual(kpis["targets"]["timeliness"], 95.0)
        with freeze_time("2026-03-02"):
            key, other = self.active_membership(key_member=True), self.active_membership(
                partner_id=self.env["res.partner"].create({"name": "Liu Yang"}).id)
            visits = self.env["golf.service.visit"]._plan_visits(key | other)
        planned = {visit.membership_id: visit.date_planned for visit in visits}
        self.assertEqual(planned, {key: date(2026, 6, 2), other: date(2026, 12, 2)})

    def test_timeliness_counts_settlement(self):
        """R-11.2 / R-11.5: a request answered in time but settled after its deadline is not timely."""
        Request = self.env["golf.service.request"]
        with freeze_time("2026-10-12 01:00:00"):
            late, timely = Request.with_user(self.clerk).create([
                {"partner_id": self.applicant.id, "subject": "Shower", "complexity": "simple"},
                {"partner_id": self.applicant.id, "subject": "Towel", "complexity": "simple"},
            ])
            (late | timely).with_user(self.clerk).action_respond()
            timely.with_user(self.clerk).write({"resolution": "<p>Done</p>"})
            timely.with_user(self.clerk).action_resolve()
        with freeze_time("2026-10-13 02:00:00"):
            late.with_user(self.clerk).write({"resolution": "<p>Done</p>"})
            late.with_user(self.clerk).action_resolve()
            self.assertTrue(late.responded_on_time)
            self.assertFalse(late.resolved_on_time)
            self.assertTrue(timely.resolved_on_time)
            kpis = Request._get_kpis(date(2026, 10, 1), date(2026, 10, 31))
            self.assertEqual((kpis["response_due_count"], kpis["on_time_count"], kpis["timeliness"]), (2, 1, 50.0))
            row = self.env["golf.service.kpi"].with_user(self.supervisor).search(
                [("company_id", "=", self.company.id), ("month", "=", date(2026, 10, 1))])
            self.assertEqual((row.timeliness, row.timeliness_target, row.timeliness_met), (50.0, 90.0, False))
