from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestViolation(GolfChangesCommon):
    """R-3.1: violations are sanctioned by management: warning, fine, suspension or expulsion."""

    def setUp(self):
        super().setUp()
        self.enterContext(freeze_time("2025-03-03"))
        self.membership = self.active_membership()

    def violation(self, **values):
        values = {
            "membership_id": self.membership.id,
            "date": date(2025, 3, 1),
            "description": "Drove a cart onto the 7th green",
            **values,
        }
        return self.env["golf.membership.violation"].with_user(self.clerk).create(values)

    def sanction(self, **values):
        violation = self.violation(**values)
        violation.with_user(self.clerk).action_submit()
        violation.with_user(self.manager).action_approve()
        return violation

    def test_payment_lifts_only_a_suspension_for_dues(self):
        """R-6.3: paying lifts a suspension for unpaid dues; once a supervisor decided on the membership by
        hand (reinstated, then suspended again), paying the dues no longer reinstates it."""
        line = self.membership._prepare_invoice_line_vals(self.company._golf_product("dues"), "Dues 2025", 12000.0)
        vals = self.membership._prepare_invoice_vals("dues", [line], invoice_date=date(2025, 1, 1),
                                                     date_due=date(2025, 1, 31))
        dues = self.membership._create_posted_invoices([vals | {"golf_billing_year": 2025}])
        with freeze_time("2025-09-01"):
            self.run_cron()
            self.assertEqual(self.membership.state, "suspended")
            self.assertTrue(self.membership.suspended_for_dues)
            self.membership.with_user(self.supervisor).action_reinstate(reason="Promised to pay")
            self.assertFalse(self.membership.suspended_for_dues)
            self.membership.with_user(self.supervisor).action_suspend(reason="Broke the promise")
            self.pay(dues)
            self.assertEqual(self.membership.state, "suspended", "A suspension decided by hand stays")

    def test_warning(self):
        violation = self.sanction(sanction="warning")
        self.assertEqual(violation.state, "approved")
        self.assertEqual(violation.partner_id, self.applicant)
        self.assertFalse(violation.invoice_id)
        self.assertEqual(self.membership.state, "active")
        self.assertIn("Warned", self.membership.message_ids[0].body)
        self.assertEqual(self.membership.violation_count, 1)

    def test_management_only(self):
        """R-3.1: approved by management only, not by the marketing director or anybody else."""
        violation = self.violation(sanction="suspension", date_suspension_end=date(2025, 4, 1))
        violation.with_user(self.clerk).action_submit()
        for user in (self.clerk, self.supervisor, self.director, self.committee, self.finance):
            self.assertFalse(violation.with_user(user).can_approve)
            with self.assertRaises(AccessError):
                violation.with_user(user).action_approve()
            with self.assertRaises(AccessError):
                violation.with_user(user).action_reject()
        self.assertEqual(violation.state, "submitted")
        self.assertEqual(self.membership.state, "active")
        self.assertTrue(violation.with_user(self.manager).can_approve)

    def test_fine_invoiced(self):
        violation = self.sanction(sanction="fine", fine_amount=2000.0)
        invoice = violation.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.golf_fee_type, "fine")
        self.assertEqual(invoice.partner_id, self.applicant)
        self.assertEqual(invoice.amount_total, 2000.0)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.env.ref("golf_membership.product_golf_fine"))
        self.assertIn(invoice, self.membership.invoice_ids)
        self.assertFalse(violation.fee_paid)
        self.pay(invoice)
        self.assertTrue(violation.fee_paid)
        self.assertEqual(invoice.payment_state, "paid")

    def test_fine_needs_amount(self):
        violation = self.violation(sanction="fine", fine_amount=0.0)
        with self.assertRaisesRegex(UserError, "amount of the fine"):
            violation.with_user(self.clerk).action_submit()
        self.assertEqual(violation.state, "draft")

    def test_suspension_until_date(self):
        """R-3.1: suspended until a date, then reinstated by the daily cron (twice a day changes nothing)."""
        violation = self.sanction(sanction="suspension", date_suspension_end=date(2025, 4, 1))
        self.assertEqual(self.membership.state, "suspended")
        self.assertFalse(self.membership.suspended_for_dues)
        with freeze_time("2025-03-31"):
            self.run_cron()
        self.assertEqual(self.membership.state, "suspended")
        with freeze_time("2025-04-01"):
            self.run_cron()
            self.run_cron()
        self.assertEqual(self.membership.state, "active")
        self.assertEqual(violation.date_reinstated, date(2025, 4, 1))
        # A later manual suspension is not lifted by the ended sanction.
        self.membership.with_user(self.supervisor).action_suspend()
        with freeze_time("2025-04-02"):
            self.run_cron()
        self.assertEqual(self.membership.state, "suspended")

    def test_overlapping_suspensions(self):
        self.sanction(sanction="suspension", date_suspension_end=date(2025, 4, 1))
        second = self.violation(sanction="suspension", date_suspension_end=date(2025, 5, 1))
        second.with_user(self.clerk).action_submit()
        with self.assertRaisesRegex(UserError, "Suspended"):
            second.with_user(self.manager).action_approve()

    def test_guest_violation_sanctions_the_member(self):
        """R-3.1: a guest's violation is recorded against the member who brought the guest; the fine is the
        member's to pay."""
        violation = self.sanction(offender_type="guest", guest_name="Mr Huang", sanction="fine", fine_amount=800.0)
        self.assertFalse(violation.partner_id)
        self.assertEqual(violation.membership_id, self.membership)
        self.assertEqual(violation.invoice_id.partner_id, self.membership.partner_id)
        self.assertEqual(violation.invoice_id.amount_total, 800.0)
        self.assertIn("Mr Huang, a guest of the member", self.membership.message_ids[0].body)
        self.assertEqual(self.membership.violation_count, 1)
        with self.assertRaisesRegex(ValidationError, "name of the guest"):
            self.violation(offender_type="guest")
        with self.assertRaisesRegex(ValidationError, "dependents of"):
            self.violation(offender_type="dependent", partner_id=self.env["res.partner"].create({"name": "X"}).id)
        stranger = self.env["res.partner"].create({"name": "Somebody"})
        with self.assertRaisesRegex(ValidationError, "is not the member"):
            self.violation(partner_id=stranger.id)

    def test_suspension_suspends_dependents(self):
        """R-3.1: a disciplinary suspension takes the dependents' rights too; they have them back when the
        suspension ends. The same for a suspension and reinstatement decided by member services."""
        dependent = self.add_dependent(self.membership)
        dependent_violation = self.sanction(offender_type="dependent", partner_id=dependent.partner_id.id,
                                            sanction="suspension", date_suspension_end=date(2025, 4, 1))
        self.assertEqual(dependent_violation.partner_id, dependent.partner_id)
        self.assertEqual((self.membership.state, dependent.state), ("suspended", "suspended"))
        with freeze_time("2025-04-01"):
            self.run_cron()
        self.assertEqual((self.membership.state, dependent.state), ("active", "active"))
        self.membership.with_user(self.supervisor).action_suspend(reason="Conduct")
        self.assertEqual(dependent.state, "suspended")
        self.membership.with_user(self.supervisor).action_reinstate()
        self.assertEqual(dependent.state, "active")

    def test_suspension_needs_future_end(self):
        violation = self.violation(sanction="suspension", date_suspension_end=date(2025, 3, 3))
        with self.assertRaisesRegex(UserError, "end date in the future"):
            violation.with_user(self.clerk).action_submit()

    def test_expulsion(self):
        """R-3.1: expulsion ends the membership: historical, reason expelled; dependents end with it."""
        spouse = self.add_dependent(self.membership)
        self.sanction(sanction="expulsion")
        self.assertEqual(self.membership.state, "historical")
        self.assertEqual(self.membership.historical_reason, "expelled")
        self.assertEqual(self.membership.date_end, date(2025, 3, 3))
        self.assertEqual(spouse.state, "cancelled")
        with self.assertRaises(UserError):
            self.membership.with_user(self.supervisor).action_reinstate()

    def test_reject(self):
        violation = self.violation(sanction="expulsion")
        violation.with_user(self.clerk).action_submit()
        violation.with_user(self.manager).action_reject(reason="Witness unreliable")
        self.assertEqual(violation.state, "rejected")
        self.assertEqual(self.membership.state, "active")


@tagged("post_install", "-at_install")
class TestWithdraw(GolfChangesCommon):
    """R-12.1 / R-6.4: a member resigns; nothing is refunded; coming back needs a new application."""

    def setUp(self):
        super().setUp()
        self.enterContext(freeze_time("2025-03-03"))
        self.membership = self.active_membership()

    def test_withdraw_without_refund(self):
        paid = self.membership.invoice_ids
        self.assertTrue(all(inv.payment_state in ("paid", "in_payment") for inv in paid))
        receivable_before = self.receivable_residual(self.applicant)
        with freeze_time("2025-06-30"):
            self.membership.with_user(self.manager).action_withdraw(reason="Moving abroad for good")
        self.assertEqual(self.membership.state, "historical")
        self.assertEqual(self.membership.historical_reason, "withdrawn")
        self.assertEqual(self.membership.date_end, date(2025, 6, 30))
        # dues already paid are not refunded: no credit note, the invoices stay paid.
        self.assertEqual(self.membership.invoice_ids, paid)
        self.assertFalse(self.membership.invoice_ids.filtered(lambda inv: inv.move_type == "out_refund"))
        self.assertTrue(all(inv.payment_state in ("paid", "in_payment") for inv in paid))
        self.assertEqual(self.receivable_residual(self.applicant), receivable_before)
        self.assertIn("Moving abroad for good", self.membership.message_ids[0].body)

    def test_withdraw_ends_dependents(self):
        spouse = self.add_dependent(self.membership)
        self.membership.with_user(self.manager).action_withdraw()
        self.assertEqual(spouse.state, "cancelled")
        self.assertEqual(spouse.date_end, date(2025, 3, 3))
        self.assertFalse(self.membership.card_ids.filtered(lambda c: c.state == "to_issue"))

    def test_only_management_withdraws(self):
        for user in (self.clerk, self.supervisor, self.director, self.committee, self.finance):
            with self.assertRaises(AccessError):
                self.membership.with_user(user).action_withdraw()
        self.assertEqual(self.membership.state, "active")

    def test_rejoin_only_by_new_application(self):
        """R-12.1: a historical membership never runs again; the former member files a new application."""
        self.membership.with_user(self.manager).action_withdraw()
        with self.assertRaises(UserError):
            self.membership.with_user(self.supervisor).action_reinstate()
        with self.assertRaises(UserError):
            self.membership.with_user(self.manager).write({"state": "active"})
        with self.assertRaises(UserError):
            self.membership.with_user(self.manager).action_withdraw()
        with self.assertRaises(UserError):
            self.env["golf.membership.absence"].with_user(self.clerk).create({
                "membership_id": self.membership.id, "date_from": date(2025, 4, 1),
                "date_to": date(2025, 10, 1), "reason": "Abroad", "documents_received": True,
            }).with_user(self.clerk).action_submit()
        again = self.active_membership()
        self.assertEqual(again.partner_id, self.membership.partner_id)
        self.assertNotEqual(again, self.membership)
        self.assertEqual(again.state, "active")
        self.assertEqual(self.membership.state, "historical")
