from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestAdmissionRefund(GolfMembershipCommon):
    """R-1.5: a rejected applicant is refunded what was paid, without interest, less the card fee."""

    def _submitted(self):
        with freeze_time("2026-03-02"):
            return self.submitted_membership()

    def _reject(self, membership, reason="Not accepted"):
        # Weeks later: the refund carries no interest.
        with freeze_time("2026-04-20"):
            membership.with_user(self.director).action_reject(reason=reason)
        return membership

    def _credit_notes(self, membership):
        return membership.invoice_ids.filtered(lambda inv: inv.move_type == "out_refund")

    def _refund_activities(self, membership):
        activity_type = self.env.ref("golf_membership.mail_act_golf_refund")
        return membership.activity_ids.filtered(lambda act: act.activity_type_id == activity_type)

    def _assert_rejected_with_credit_note(self, membership, amount, residual):
        self.assertEqual(membership.state, "rejected")
        self.assertEqual(membership.date_end, date(2026, 4, 20))
        self.assertFalse(membership.balance_invoice_id)
        credit_note = self._credit_notes(membership)
        self.assertRecordValues(credit_note, [{
            "move_type": "out_refund",
            "state": "posted",
            "golf_membership_id": membership.id,
            "golf_fee_type": "refund",
            "partner_id": self.applicant.id,
            "reversed_entry_id": membership.deposit_invoice_id.id,
            "amount_total": amount,
            "amount_residual": residual,
        }])
        # The review activities are gone with the decision.
        review_types = self.env.ref("golf_membership.mail_act_golf_review") | self.env.ref(
            "golf_membership.mail_act_golf_fee_check"
        )
        self.assertFalse(membership.activity_ids.filtered(lambda act: act.activity_type_id in review_types))
        return credit_note

    def _assert_refund_activity(self, membership):
        activity = self._refund_activities(membership)
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("golf_membership.group_golf_finance"))

    def test_r1_5_reject_bank_deposit_full_refund(self):
        """R-1.5: deposit paid by bank transfer: refunded in full, 10,000, no interest."""
        membership = self._submitted()
        with freeze_time("2026-03-03"):
            self.pay(membership.deposit_invoice_id)
        self._reject(membership)

        self._assert_rejected_with_credit_note(membership, amount=10000.0, residual=10000.0)
        self.assertEqual(membership.deposit_invoice_id.payment_state, "paid")
        # The club owes the applicant 10,000.
        self.assertEqual(self.receivable_residual(self.applicant), -10000.0)
        self.assertEqual(membership.decision_note, "Not accepted")
        self._assert_refund_activity(membership)

        # Finance pays the refund back on the credit note: the applicant's account is settled.
        credit_note = self._credit_notes(membership)
        with freeze_time("2026-04-22"):
            self.pay_as(self.finance, credit_note)
        self.assertEqual(credit_note.payment_state, "paid")
        self.assertEqual(self.receivable_residual(self.applicant), 0.0)
        self.assertEqual(membership.state, "rejected")

    def test_r1_5_reject_card_deposit_keeps_card_fee(self):
        """R-1.5: deposit paid by credit card: the club keeps 3% and refunds 9,700; finance is told."""
        self.assertEqual(self.company.golf_card_fee_percent, 3.0)
        membership = self._submitted()
        with freeze_time("2026-03-03"):
            self.pay(membership.deposit_invoice_id, journal=self.card_journal)
        self.assertEqual(membership.deposit_invoice_id.payment_state, "paid")
        self._reject(membership)

        self._assert_rejected_with_credit_note(membership, amount=9700.0, residual=9700.0)
        self.assertEqual(self.receivable_residual(self.applicant), -9700.0)
        self._assert_refund_activity(membership)

    def test_r1_5_reject_unpaid_deposit_cancels_receivable(self):
        """R-1.5: nothing was paid: the credit note cancels the deposit receivable, nothing is refunded."""
        membership = self._submitted()
        self._reject(membership)

        self._assert_rejected_with_credit_note(membership, amount=10000.0, residual=0.0)
        self.assertEqual(membership.deposit_invoice_id.amount_residual, 0.0)
        self.assertEqual(self.receivable_residual(self.applicant), 0.0)
        self.assertFalse(self._refund_activities(membership))

    def test_r1_5_reject_half_card_half_bank(self):
        """R-1.5: the card fee applies only to what was paid by card: 10,000 - 3% x 5,000 = 9,850."""
        membership = self._submitted()
        with freeze_time("2026-03-03"):
            self.pay(membership.deposit_invoice_id, amount=5000.0, journal=self.card_journal)
            self.pay(membership.deposit_invoice_id, amount=5000.0)
        self.assertEqual(membership.deposit_invoice_id.payment_state, "paid")
        self._reject(membership)

        self._assert_rejected_with_credit_note(membership, amount=9850.0, residual=9850.0)
        self.assertEqual(self.receivable_residual(self.applicant), -9850.0)
        self._assert_refund_activity(membership)

    def test_r1_5_reject_partly_paid_deposit(self):
        """R-1.5: half of the deposit paid by bank: 5,000 refunded, the unpaid 5,000 cancelled."""
        membership = self._submitted()
        with freeze_time("2026-03-03"):
            self.pay(membership.deposit_invoice_id, amount=5000.0)
        self._reject(membership)

        self._assert_rejected_with_credit_note(membership, amount=10000.0, residual=5000.0)
        self.assertEqual(membership.deposit_invoice_id.amount_residual, 0.0)
        self.assertEqual(self.receivable_residual(self.applicant), -5000.0)
        self._assert_refund_activity(membership)

    def test_r1_5_card_fee_is_configurable(self):
        """R-1.5: the card fee kept is the company's percentage."""
        self.company.golf_card_fee_percent = 2.5
        membership = self._submitted()
        with freeze_time("2026-03-03"):
            self.pay(membership.deposit_invoice_id, journal=self.card_journal)
        self._reject(membership)
        self._assert_rejected_with_credit_note(membership, amount=9750.0, residual=9750.0)

    def test_r1_3_reject_deferred_application(self):
        """R-1.3 / R-1.5: a deferred application may still be rejected, with the same refund."""
        membership = self._submitted()
        with freeze_time("2026-03-03"):
            self.pay(membership.deposit_invoice_id)
        with freeze_time("2026-03-04"):
            membership.with_user(self.director).action_defer()
        self._reject(membership)
        self._assert_rejected_with_credit_note(membership, amount=10000.0, residual=10000.0)
        self.assertEqual(self.receivable_residual(self.applicant), -10000.0)
