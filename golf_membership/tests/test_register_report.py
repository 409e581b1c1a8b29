import io
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestRegisterReport(GolfChangesCommon):
    """R-12.3: the monthly membership report, ready by the 25th and sent to management."""

    def setUp(self):
        super().setUp()
        # the club reports its register from March 2025 on.
        self.company.golf_register_start = date(2025, 3, 1)
        with freeze_time("2023-01-02"):
            self.veteran = self.active_membership()
        with freeze_time("2025-03-03"):
            self.joiner = self.active_membership(partner_id=self.env["res.partner"].create({"name": "Liu Yang"}).id)
            self.leaver = self.active_membership(partner_id=self.env["res.partner"].create({"name": "Zhou Jun"}).id)
            absence = self.env["golf.membership.absence"].with_user(self.clerk).create({
                "membership_id": self.joiner.id, "date_from": date(2025, 3, 18), "date_to": date(2025, 9, 18),
                "reason": "Abroad", "documents_received": True,
            })
            absence.with_user(self.clerk).action_submit()
            absence.with_user(self.director).action_approve()
            self.pay(absence.invoice_id)
            transfer = self.env["golf.membership.transfer"].with_user(self.clerk).create({
                "membership_id": self.veteran.id, "transferee_id": self.transferee.id,
                "date_notice": date(2025, 2, 1), "date_effective": date(2025, 3, 5),
                "declaration_received": True, "confirmation_received": True,
                "locker_key_returned": True,
            })
            transfer.with_user(self.clerk).action_submit()
            transfer.with_user(self.supervisor).action_review()
            transfer.with_user(self.committee).action_approve()
        with freeze_time("2025-03-05"):
            self.pay(transfer.invoice_id)
            self.return_cards(self.veteran)
            self.receive_documents(transfer)
            transfer.with_user(self.clerk).action_done()
            self.transferred = transfer.new_membership_id
        with freeze_time("2025-03-10"):
            self.leaver.with_user(self.manager).action_withdraw()
        with freeze_time("2025-03-18"):
            self.run_cron()

    def report(self, year=2025, month="3"):
        return self.env["golf.membership.register.report"].with_user(self.director).create(
            {"year": year, "month": month}
        )

    @freeze_time("2025-03-20")
    def test_figures(self):
        """R-12.3: counts by tier and status, joiners, leavers by reason, absences, transfers."""
        report = self.report()
        self.assertEqual((report.date_from, report.date_to), (date(2025, 3, 1), date(2025, 3, 31)))
        report.action_generate()
        self.assertEqual(report.joiner_count, 3)
        self.assertEqual(report.leaver_count, 2)
        self.assertEqual(report.member_count, 2)
        self.assertEqual(report.absence_started_count, 1)
        self.assertEqual(report.absence_ended_count, 0)
        self.assertEqual(report.transfer_count, 1)
        self.assertEqual(report.nominee_change_count, 0)
        counts = {(line.type_id, line.state): line.count for line in report.state_line_ids}
        self.assertEqual(counts, {
            (self.tier_gold, "active"): 1,
            (self.tier_gold, "absent"): 1,
            (self.tier_gold, "historical"): 2,
        })
        leavers = {line.reason: line.count for line in report.leaver_line_ids}
        self.assertEqual(leavers, {"transferred": 1, "withdrawn": 1})
        # Refreshing replaces the figures, it does not add to them.
        report.action_generate()
        self.assertEqual(len(report.state_line_ids), 3)
        # reports follow each other; one for an earlier month would overlap March.
        with self.assertRaises(ValidationError) as refusal:
            self.report(month="2")
        self.assertIn("later month already exists", str(refusal.exception))

    @freeze_time("2025-03-20")
    def test_first_report_from_first_membership(self):
        """R-12.3: without a start set by the club, the first report covers the register from its first
        membership, so the veteran of 2023 is a joiner of that report."""
        self.company.golf_register_start = False
        report = self.report()
        self.assertEqual((report.date_from, report.date_to), (date(2023, 1, 2), date(2025, 3, 31)))
        report.action_generate()
        self.assertEqual((report.joiner_count, report.leaver_count), (4, 2))

    def snapshot(self, report):
        return (
            report.member_count, report.joiner_count, report.leaver_count, report.absence_started_count,
            report.transfer_count,
            sorted((line.kind, line.type_id.id, line.state or "", line.reason or "", line.count)
                   for line in report.line_ids),
        )

    def test_periods_join_and_past_reports_reproducible(self):
        """R-12.3: each report starts the day after the previous one ended; a member joining on the last day
        of March is a joiner of March only; March regenerated in May, after changes, has the same figures."""
        with freeze_time("2025-03-31"):
            last_day = self.active_membership(partner_id=self.env["res.partner"].create({"name": "Sun Li"}).id)
        self.assertEqual(last_day.date_start, date(2025, 3, 31))
        with freeze_time("2025-04-02"):
            march = self.report()
            march.action_generate()
        before = self.snapshot(march)
        self.assertEqual(march.joiner_count, 4)
        with freeze_time("2025-04-10"):
            last_day.with_user(self.manager).action_withdraw()
        with freeze_time("2025-04-30"):
            april = self.report(month="4")
            april.action_generate()
        self.assertEqual(april.date_from, march.date_to + (date(2025, 4, 1) - date(2025, 3, 31)))
        self.assertEqual((april.joiner_count, april.leaver_count, april.member_count), (0, 1, 2))
        with freeze_time("2025-05-06"):
            self.transferred.with_user(self.manager).action_withdraw()
            self.active_membership(partner_id=self.env["res.partner"].create({"name": "Qian Bo"}).id)
            march.with_user(self.director).action_generate()
        self.assertEqual(self.snapshot(march), before)
        counts = {(line.type_id, line.state): line.count for line in march.state_line_ids}
        self.assertEqual(counts[self.tier_gold, "active"], 2)

    @freeze_time("2025-03-20")
    def test_pdf_and_spreadsheet(self):
        import openpyxl

        report = self.report()
        report.action_generate()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "golf_membership.report_register_report", report.ids)[0].decode()
        self.assertIn("Membership report 2025-03", html)
        self.assertIn("Transferred", html)
        self.assertIn("Gold", html)
        action = report.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        self.assertEqual(attachment.res_id, report.id)
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        values = {}
        for row in sheet.iter_rows(values_only=True):
            if row[0]:
                values.setdefault(row[0], row[1:])
        self.assertEqual(values["Joiners"][0], 3)
        self.assertEqual(values["Leavers"][0], 2)
        self.assertEqual(values["Transfers"][0], 1)
        # Tier, then Approved, Active, Suspended, Absent, Reserved, Historical and Total.
        self.assertEqual(values["Gold"][:7], (0, 1, 0, 1, 0, 2, 4))

    def test_cron_on_the_25th(self):
        """R-12.3: prepared by the daily cron from the 25th and sent to management, once."""
        Report = self.env["golf.membership.register.report"]
        domain = [("company_id", "=", self.company.id), ("year", "=", 2025), ("month", "=", "3")]
        with freeze_time("2025-03-24"):
            self.run_cron()
        self.assertFalse(Report.search(domain))
        with freeze_time("2025-03-25"):
            self.run_cron()
            self.run_cron()
        report = Report.search(domain)
        self.assertEqual(len(report), 1)
        self.assertTrue(report.date_sent)
        self.assertEqual(report.joiner_count, 3)
        sent = self.messages_to(report, self.manager.partner_id)
        self.assertEqual(len(sent), 1)
        self.assertEqual(sorted(sent.attachment_ids.mapped("mimetype"))[-1],
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertEqual(len(sent.attachment_ids), 2)
        self.assertNotIn(self.clerk.partner_id, sent.partner_ids)

    def test_access(self):
        """Management and the marketing director prepare the report; supervisors read it; clerks do not."""
        report = self.report()
        with self.assertRaises(AccessError):
            report.with_user(self.supervisor).action_generate()
        with self.assertRaises(AccessError):
            self.env["golf.membership.register.report"].with_user(self.clerk).search([])
        self.assertEqual(report.with_user(self.supervisor).name, "Membership report 2025-03")
        report.with_user(self.manager).action_generate()
        self.assertTrue(report.date_generated)

    def test_memberships_over_time(self):
        """Pivot and graph of memberships by start month."""
        groups = self.env["golf.membership"]._read_group(
            [("state", "in", ("active", "absent", "historical"))], ["date_start:month"], ["__count"],
        )
        self.assertEqual(dict(groups), {date(2023, 1, 1): 1, date(2025, 3, 1): 3})
        action = self.env.ref("golf_membership.golf_membership_action_analysis")
        self.assertEqual(action.view_mode.split(",")[:2], ["graph", "pivot"])
        views = self.env["golf.membership"].get_views([(False, "pivot"), (False, "graph")])
        self.assertIn("date_start", views["views"]["pivot"]["arch"])
