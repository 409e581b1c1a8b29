from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestProRataDues(GolfChangesCommon):
    """R-6.2 / R-7.5 / R-1.4: who starts holding rights after a year was billed is billed the remaining months
    of that year once (on activation or approval, or by the daily cron), never 12 months twice."""

    MONTHLY_DUE = 1000.0  # the gold tier's monthly dues
    DEPENDENT_DUE = 300.0

    def setUp(self):
        super().setUp()
        # The club bills 2026 on 20 November 2025 (nobody to bill yet); a member joins on 2 March 2026 and is
        # billed for 2027 by the run of 20 November 2026.
        with freeze_time("2025-11-20"):
            self.run_2026 = self.run_for(2026)
        with freeze_time("2026-03-02"):
            self.member = self.active_membership()
        with freeze_time("2026-11-20"):
            self.run = self.run_for(2027)

    def run_for(self, year):
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": year})
        run.action_run()
        return run

    def new_member(self, name):
        return self.active_membership(partner_id=self.env["res.partner"].create({"name": name}).id)

    def dues(self, membership, year=2027, fee_type=None):
        """The posted dues invoices (and adjustments) of ``year``; of ``fee_type`` only, if given."""
        return membership.invoice_ids.filtered(
            lambda move: move.golf_billing_year == year and move.state == "posted"
            and move.golf_fee_type in ((fee_type,) if fee_type else ("dues", "dues_adjustment"))
        )

    def lines_of(self, invoices, product_key):
        product = self.company._golf_product(product_key)
        return invoices.invoice_line_ids.filtered(lambda line: line.product_id == product)

    def admission_dues_line(self, membership):
        return self.lines_of(membership.balance_invoice_id, "dues")

    # ------------------------------------------------------------------ members

    def test_member_joining_in_march_pays_the_year_with_the_admission(self):
        """R-1.4: a member approved on 10 March 2027 pays March to December 2027 (10 months) with the admission
        balance; the 2027 run run again after 1 January ("Bill New Members") and the daily cron bill nothing more."""
        with freeze_time("2027-03-10"):
            member = self.new_member("Chen Jie")
        dues_line = self.admission_dues_line(member)
        self.assertEqual((dues_line.quantity, dues_line.price_subtotal), (10, 10 * self.MONTHLY_DUE))
        self.assertEqual(member._dues_months(2027), 10)
        with freeze_time("2027-04-01"):
            self.run.with_user(self.finance).action_run()
            self.run.with_user(self.finance).action_run()
            self.run_cron()
        self.assertEqual(self.run.state, "done")
        self.assertFalse(self.dues(member))
        line = self.run.line_ids.filtered(lambda run_line: run_line.membership_id == member)
        self.assertEqual((line.status, line.reason), ("skipped", "already_billed"))
        self.assertEqual(len(self.dues(self.member)), 1, "the members billed in November are not billed again")
        self.assertEqual(self.dues(self.member).amount_total, 12 * self.MONTHLY_DUE)

    def test_member_joining_in_december_billed_next_year_on_activation(self):
        """R-1.4 / R-6.2: approved and paid on 7 December 2026, after the 2027 run: December 2026 is billed with
        the admission, the whole of 2027 as soon as the membership starts, once."""
        with freeze_time("2026-12-07"):
            member = self.new_member("Chen Jie")
        dues_line = self.admission_dues_line(member)
        self.assertEqual((dues_line.quantity, dues_line.price_subtotal), (1, self.MONTHLY_DUE))
        invoice = self.dues(member)
        self.assertEqual(invoice.golf_fee_type, "dues")
        self.assertEqual(invoice.golf_billing_run_id, self.run)
        self.assertEqual(invoice.invoice_date, date(2026, 12, 7))
        self.assertEqual(invoice.invoice_date_due, date(2026, 12, 31))
        self.assertEqual(invoice.invoice_line_ids.quantity, 12)
        self.assertEqual(invoice.amount_total, 12 * self.MONTHLY_DUE)
        with freeze_time("2026-12-08"):
            self.run_cron()
            self.run.with_user(self.finance).action_run()
        with freeze_time("2027-01-05"):
            self.run.with_user(self.finance).action_run()
            self.run_cron()
        self.assertEqual(self.dues(member), invoice, "billed once")

    # ------------------------------------------------------------------ dependents

    def test_dependent_approved_in_march(self):
        """R-7.5: a spouse approved on 15 March 2027, when 2027 is billed, is billed March to December (10
        months) on approval, once, whatever runs after."""
        with freeze_time("2027-03-15"):
            spouse = self.add_dependent(self.member)
        adjustment = self.dues(self.member, fee_type="dues_adjustment")
        self.assertEqual(adjustment.move_type, "out_invoice")
        self.assertEqual(adjustment.invoice_date, date(2027, 3, 15))
        self.assertEqual(adjustment.invoice_date_due, date(2027, 3, 15))
        line = adjustment.invoice_line_ids
        self.assertEqual(line.golf_dependent_id, spouse)
        self.assertEqual(line.product_id, self.company._golf_product("dependent_dues"))
        self.assertEqual((line.quantity, line.price_unit), (10, self.DEPENDENT_DUE))
        self.assertIn("10 months", line.name)
        self.assertEqual(adjustment.amount_total, 10 * self.DEPENDENT_DUE)
        with freeze_time("2027-03-16"):
            self.run_cron()
            self.run_cron()
            self.run.with_user(self.finance).action_run()
        self.assertEqual(self.dues(self.member, fee_type="dues_adjustment"), adjustment, "billed once")
        self.assertEqual(sum(self.dues(self.member).mapped("amount_total")), 12 * self.MONTHLY_DUE + 10 * self.DEPENDENT_DUE)

    def test_dependent_approved_in_december_after_the_run(self):
        """R-7.5: a spouse approved on 10 December 2026, after the run of 2027: December 2026 (1 month) and the
        whole of 2027 (12 months) are billed on approval, once."""
        line = self.run_2026.line_ids
        self.assertEqual((line.membership_id, line.status, line.reason), (self.member, "skipped", "already_billed"))
        with freeze_time("2026-12-10"):
            spouse = self.add_dependent(self.member)
        for year, months in ((2026, 1), (2027, 12)):
            line = self.dues(self.member, year, "dues_adjustment").invoice_line_ids
            self.assertEqual(line.golf_dependent_id, spouse)
            self.assertEqual((line.quantity, line.price_subtotal), (months, months * self.DEPENDENT_DUE))
        with freeze_time("2026-12-11"):
            self.run_cron()
            self.run_cron()
        self.assertEqual(len(self.dues(self.member, 2026, "dues_adjustment")), 1)
        self.assertEqual(len(self.dues(self.member, 2027, "dues_adjustment")), 1)
        self.assertFalse(self.lines_of(self.dues(self.member, 2026), "dues"),
                         "the member's 2026 dues were billed with the admission")

    def test_dependent_of_a_member_joining_in_march(self):
        """R-1.4 / R-7.5: the member joins on 10 March 2027 with a spouse approved the same day: the admission
        bills the member's 10 months, the activation the spouse's 10 months, in the dues invoice of 2027."""
        with freeze_time("2027-03-10"):
            member = self.approved_membership(partner_id=self.env["res.partner"].create({"name": "Chen Jie"}).id)
            spouse = self.add_dependent(member)
            self.assertFalse(self.dues(member), "billed once the membership starts")
            self.pay(member.balance_invoice_id)
        invoice = self.dues(member)
        self.assertEqual(invoice.golf_fee_type, "dues")
        line = invoice.invoice_line_ids
        self.assertEqual(line.golf_dependent_id, spouse)
        self.assertEqual((line.quantity, line.price_subtotal), (10, 10 * self.DEPENDENT_DUE))
        self.assertEqual(self.admission_dues_line(member).quantity, 10)
        with freeze_time("2027-03-11"):
            self.run_cron()
            self.run.with_user(self.finance).action_run()
        self.assertEqual(self.dues(member), invoice)

    def test_daily_cron_catches_a_missed_dependent(self):
        """R-7.5: a spouse approved while the 2028 run was interrupted (the member already billed by it) is
        billed the whole of 2028 by the next daily cron, once."""
        self.company.golf_billing_batch_size = 1
        with freeze_time("2027-11-10"):
            other = self.new_member("Sun Li")
        with freeze_time("2027-11-20"):
            run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2028})
            run._bill(max_batches=1)
        self.assertEqual(run.state, "running")
        self.assertTrue(self.dues(self.member, 2028), "billed in the first batch")
        with freeze_time("2027-11-21"):
            spouse = self.add_dependent(self.member)
            run._bill()
        self.assertEqual(run.state, "done")
        self.assertTrue(self.dues(other, 2028))
        self.assertFalse(self.dues(self.member, 2028).invoice_line_ids.golf_dependent_id)
        with freeze_time("2027-11-22"):
            self.run_cron()
            self.run_cron()
        adjustment = self.dues(self.member, 2028, "dues_adjustment")
        self.assertEqual(len(adjustment), 1)
        self.assertEqual(adjustment.invoice_line_ids.golf_dependent_id, spouse)
        self.assertEqual(adjustment.invoice_line_ids.quantity, 12)
        self.assertEqual(adjustment.amount_total, 12 * self.DEPENDENT_DUE)
        self.assertEqual(adjustment.invoice_date_due, date(2027, 12, 31))
        # 2027, billed when the spouse was approved: November and December.
        self.assertEqual(self.dues(self.member, 2027, "dues_adjustment").invoice_line_ids.quantity, 2)

    # ------------------------------------------------------------------ transfer

    def test_transferee_not_billed_the_year_paid_by_the_transferor(self):
        """R-4.3: a membership taken over on 10 June 2027 was billed for 2027 to the transferor: the transferee is
        not billed for 2027 by the daily cron nor by the run run again, and is billed the whole of 2028."""
        self.company.golf_transfer_min_years = 1
        with freeze_time("2027-05-03"):
            self.pay(self.dues(self.member))
            transfer = self.env["golf.membership.transfer"].with_user(self.clerk).create({
                "membership_id": self.member.id,
                "transferee_id": self.transferee.id,
                "date_notice": date(2027, 5, 3),
                "date_effective": date(2027, 6, 10),
                "declaration_received": True,
                "confirmation_received": True,
            })
            transfer.with_user(self.clerk).action_submit()
            transfer.with_user(self.supervisor).action_review()
            transfer.with_user(self.committee).action_approve()
        with freeze_time("2027-06-10"):
            self.pay(transfer.invoice_id)
            self.return_cards(self.member)
            transfer.locker_key_returned = True
            self.receive_documents(transfer)
            transfer.with_user(self.clerk).action_done()
        successor = transfer.new_membership_id
        self.assertEqual(successor.state, "active")
        with freeze_time("2027-06-11"):
            self.run_cron()
            self.run.with_user(self.finance).action_run()
        self.assertFalse(self.dues(successor))
        line = self.run.line_ids.filtered(lambda run_line: run_line.membership_id == successor)
        self.assertEqual((line.status, line.reason), ("skipped", "already_billed"))
        with freeze_time("2027-11-20"):
            self.run_for(2028)
        self.assertEqual(self.dues(successor, 2028).invoice_line_ids.quantity, 12)
        self.assertEqual(self.dues(successor, 2028).amount_total, 12 * self.MONTHLY_DUE)
        self.assertFalse(self.dues(self.member, 2028))

    # ------------------------------------------------------------------ absence

    def test_absence_ended_early_bills_the_months_owed_again(self):
        """R-9.2 / R-9.7: absent from November 2027 for two years, the member is skipped by the 2028 run; the
        absence ended on 15 June 2028, June to December 2028 (7 months) are billed by the daily cron, once."""
        with freeze_time("2027-10-01"):
            self.pay(self.dues(self.member))
            absence = self.env["golf.membership.absence"].with_user(self.clerk).create({
                "membership_id": self.member.id,
                "date_request": date(2027, 10, 1),
                "date_from": date(2027, 11, 1),
                "date_to": date(2029, 9, 30),
                "reason": "Posted to the Hamburg office",
                "documents_received": True,
            })
            absence.with_user(self.clerk).action_submit()
            absence.with_user(self.director).action_approve()
            self.pay(absence.invoice_id)  # the absence starts once its handling fee is paid
        with freeze_time("2027-11-01"):
            self.run_cron()
        self.assertEqual(self.member.state, "absent")
        with freeze_time("2027-11-20"):
            run_2028 = self.run_for(2028)
        self.assertFalse(self.dues(self.member, 2028))
        self.assertEqual(run_2028.line_ids.reason, "absent")
        with freeze_time("2028-06-15"):
            absence.with_user(self.clerk).action_end()
        with freeze_time("2028-06-16"):
            self.run_cron()
            self.run_cron()
        adjustment = self.dues(self.member, 2028)
        self.assertEqual(len(adjustment), 1)
        self.assertEqual(adjustment.golf_fee_type, "dues_adjustment")
        self.assertEqual(adjustment.invoice_line_ids.quantity, 7)
        self.assertEqual(adjustment.amount_total, 7 * self.MONTHLY_DUE)
