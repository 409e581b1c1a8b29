from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestAbsence(GolfChangesCommon):
    """R-9: absent members keep the membership without rights or dues."""

    def setUp(self):
        super().setUp()
        # Monday 3 March 2025: the member joined and paid everything that day.
        self.enterContext(freeze_time("2025-03-03"))
        self.membership = self.active_membership()

    def absence(self, **values):
        values = {
            "membership_id": self.membership.id,
            "date_request": date(2025, 3, 3),
            "date_from": date(2025, 3, 18),
            "date_to": date(2025, 9, 18),
            "reason": "Posted to the Hamburg office",
            "documents_received": True,
            **values,
        }
        return self.env["golf.membership.absence"].with_user(self.clerk).create(values)

    def approved_absence(self, pay_fee=True, **values):
        """An approved absence, its handling fee paid (R-9.3) unless ``pay_fee`` is False."""
        absence = self.absence(**values)
        absence.with_user(self.clerk).action_submit()
        absence.with_user(self.director).action_approve()
        if pay_fee and absence.invoice_id:
            self.pay(absence.invoice_id)
        return absence

    def assert_refused(self, absence, message):
        with self.assertRaisesRegex(UserError, message):
            absence.with_user(self.clerk).action_submit()
        self.assertEqual(absence.state, "draft")
        self.assertFalse(absence.invoice_id)

    # ------------------------------------------------------------------ flow and fee

    def test_submit_approve_invoices_handling_fee(self):
        """R-9.3: the club approves; the handling fee of the tier is invoiced and can be paid."""
        absence = self.absence()
        self.assertTrue(absence.name.startswith("ABS/"))
        self.assertEqual(absence.fee_amount, 1000.0)
        absence.with_user(self.clerk).action_submit()
        self.assertEqual(absence.state, "submitted")
        absence.with_user(self.director).action_approve()
        self.assertEqual(absence.state, "approved")
        self.assertEqual(absence.decided_by_id, self.director)
        invoice = absence.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.golf_fee_type, "absence_fee")
        self.assertEqual(invoice.golf_membership_id, self.membership)
        self.assertEqual(invoice.partner_id, self.applicant)
        self.assertEqual(invoice.amount_total, 1000.0)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.company._golf_product("absence_fee"))
        self.assertIn(invoice, self.membership.invoice_ids)
        self.assertFalse(absence.fee_paid)
        self.pay(invoice)
        self.assertTrue(absence.fee_paid)
        self.assertEqual(absence.date_fee_paid, date(2025, 3, 3))
        # Approval does not change the membership yet: the absence starts on its date.
        self.assertEqual(self.membership.state, "active")
        self.assertEqual(self.membership.absence_count, 1)

    def test_reject(self):
        absence = self.absence()
        absence.with_user(self.clerk).action_submit()
        absence.with_user(self.director).action_reject(reason="Not supported by the documents")
        self.assertEqual(absence.state, "rejected")
        self.assertEqual(absence.decision_note, "Not supported by the documents")
        self.assertFalse(absence.invoice_id)
        self.assertIn("Not supported by the documents", absence.message_ids[0].body)

    def test_who_approves(self):
        """R-9: the club (marketing director or management) approves; clerks, supervisors, the committee and
        finance do not."""
        absence = self.absence()
        with self.assertRaises(AccessError):
            absence.with_user(self.finance).action_submit()
        absence.with_user(self.clerk).action_submit()
        for user in (self.clerk, self.supervisor, self.committee, self.finance):
            self.assertFalse(absence.with_user(user).can_approve)
            with self.assertRaises(AccessError):
                absence.with_user(user).action_approve()
            with self.assertRaises(AccessError):
                absence.with_user(user).action_reject()
        self.assertEqual(absence.state, "submitted")
        self.assertTrue(absence.with_user(self.director).can_approve)
        self.assertTrue(absence.with_user(self.manager).can_approve)
        absence.with_user(self.manager).action_approve()
        self.assertEqual(absence.state, "approved")

    # ------------------------------------------------------------------ refusals

    def test_length(self):
        """R-9.1: at least 6 months; R-9.4: at most 2 years."""
        self.assert_refused(self.absence(date_to=date(2025, 9, 17)), r"at least 6 months")
        self.assert_refused(self.absence(date_to=date(2027, 3, 19)), r"at most 24 months")
        self.absence(date_to=date(2027, 3, 18)).with_user(self.clerk).action_submit()

    def test_notice(self):
        """R-9.3: the written request comes at least 15 days before the absence starts."""
        self.assert_refused(self.absence(date_from=date(2025, 3, 17)), r"at least 15 days")
        absence = self.absence(date_from=date(2025, 3, 18))
        absence.with_user(self.clerk).action_submit()
        self.assertEqual(absence.state, "submitted")

    def test_documents(self):
        """R-9.3: documents supporting the reason."""
        absence = self.absence(documents_received=False)
        self.assert_refused(absence, r"documents supporting the reason")
        absence.documents_received = True
        absence.with_user(self.clerk).action_submit()
        self.assertEqual(absence.state, "submitted")

    def test_nothing_owed(self):
        """R-9.3: everything owed to the club is paid first."""
        invoice = self.owe(self.membership, 500.0)
        absence = self.absence()
        self.assert_refused(absence, r"still owes the club .*500")
        self.pay(invoice)
        absence.with_user(self.clerk).action_submit()
        self.assertEqual(absence.state, "submitted")

    def test_gap_between_absences(self):
        """R-9.4: two absences are at least 12 months apart."""
        first = self.approved_absence()
        self.assert_refused(
            self.absence(date_from=date(2026, 9, 17), date_to=date(2027, 3, 17)),
            r"at least 12 months apart.*2026-09-18",
        )
        # Nor before the first one, too close to it.
        self.assert_refused(
            self.absence(date_request=date(2024, 5, 1), date_from=date(2024, 6, 1), date_to=date(2024, 12, 1)),
            r"at least 12 months apart",
        )
        second = self.absence(date_from=date(2026, 9, 18), date_to=date(2027, 3, 18))
        second.with_user(self.clerk).action_submit()
        self.assertEqual(second.state, "submitted")
        self.assertEqual(first.state, "approved")

    def test_rejected_absence_does_not_count_for_gap(self):
        first = self.absence()
        first.with_user(self.clerk).action_submit()
        first.with_user(self.director).action_reject()
        second = self.absence(date_from=date(2025, 4, 1), date_to=date(2025, 10, 1))
        second.with_user(self.clerk).action_submit()
        self.assertEqual(second.state, "submitted")

    def test_membership_must_be_active(self):
        self.membership.with_user(self.supervisor).action_suspend()
        absence = self.absence()
        with self.assertRaisesRegex(UserError, "Suspended"):
            absence.with_user(self.clerk).action_submit()
        self.assertEqual(absence.state, "draft")

    # ------------------------------------------------------------------ dates (_cron_daily)

    def test_cron_starts_and_ends_absence(self):
        """R-9.6: from the start date no rights for the member, spouse and children; R-9.7: active again on
        the end date. Running the cron twice a day changes nothing."""
        spouse = self.add_dependent(self.membership)
        absence = self.approved_absence()
        with freeze_time("2025-03-17"):
            self.run_cron()
        self.assertEqual(absence.state, "approved")
        self.assertEqual(self.membership.state, "active")
        with freeze_time("2025-03-18"):
            self.run_cron()
            self.run_cron()
        self.assertEqual(absence.state, "active")
        self.assertEqual(self.membership.state, "absent")
        self.assertEqual(spouse.state, "suspended")
        self.assertEqual(absence.suspended_dependent_ids, spouse)
        with freeze_time("2025-09-17"):
            self.run_cron()
        self.assertEqual(self.membership.state, "absent")
        with freeze_time("2025-09-18"):
            self.run_cron()
            self.run_cron()
        self.assertEqual(absence.state, "done")
        self.assertEqual(absence.date_end, date(2025, 9, 18))
        self.assertEqual(self.membership.state, "active")
        self.assertEqual(spouse.state, "active")

    def test_starts_only_once_fee_paid(self):
        """R-9.3: an approved absence whose handling fee is unpaid does not start on its date; it starts at the
        daily run after the fee is paid, and ends on its planned date."""
        absence = self.approved_absence(pay_fee=False)
        self.assertTrue(absence.invoice_id)
        self.assertFalse(absence.fee_paid)
        with freeze_time("2025-03-18"):
            self.run_cron()
        self.assertEqual((absence.state, self.membership.state), ("approved", "active"))
        with freeze_time("2025-03-25"):
            self.pay(absence.invoice_id)
            self.run_cron()
        self.assertEqual((absence.state, self.membership.state), ("active", "absent"))
        with freeze_time("2025-09-18"):
            self.run_cron()
        self.assertEqual((absence.state, self.membership.state), ("done", "active"))

    def test_cards_blocked_during_absence(self):
        """R-9.5 / R-9.6: from the start of the absence until reinstatement the member's and the dependents'
        cards are blocked, handed back or not; those not handed back are listed for member services."""
        spouse = self.add_dependent(self.membership)
        cards = self.hand_over(self.membership, ("member", "bag_tag"))
        member_card = cards.filtered(lambda c: c.card_type == "member")
        spouse_card = spouse.card_ids
        self.assertEqual(spouse_card.card_type, "dependent")
        self.approved_absence()
        self.assertFalse((member_card | spouse_card).filtered("blocked"))
        with freeze_time("2025-03-18"):
            self.run_cron()
        self.assertTrue(member_card.blocked)
        self.assertTrue(spouse_card.blocked)
        self.assertFalse(cards.filtered(lambda c: c.card_type == "bag_tag").blocked, "a bag tag is no access card")
        Card = self.env["golf.membership.card"].with_user(self.clerk)
        held = Card.search([("membership_id", "=", self.membership.id), ("blocked", "=", True),
                            ("state", "in", ("issued", "delivered"))])
        self.assertEqual(held, member_card, "the member card not handed back is listed")
        with freeze_time("2025-09-18"):
            self.run_cron()
        self.assertFalse(member_card.blocked)
        self.assertFalse(spouse_card.blocked)

    def test_end_on_written_notice(self):
        """R-9.7: the member's written notice ends the absence earlier; today's takes effect at once, a later
        date is applied by the cron on that day."""
        absence = self.approved_absence()
        with freeze_time("2025-03-18"):
            self.run_cron()
        with freeze_time("2025-05-02"):
            self.assertTrue(absence.with_user(self.clerk).can_end)
            absence.with_user(self.clerk).action_end(date(2025, 5, 20))
            self.assertEqual(absence.state, "active")
            self.assertEqual(absence.date_end, date(2025, 5, 20))
            self.assertEqual(absence.date_notice_end, date(2025, 5, 2))
        with freeze_time("2025-05-19"):
            self.run_cron()
        self.assertEqual(self.membership.state, "absent")
        with freeze_time("2025-05-20"):
            self.run_cron()
        self.assertEqual(absence.state, "done")
        self.assertEqual(self.membership.state, "active")

    def test_end_today(self):
        absence = self.approved_absence()
        with freeze_time("2025-04-10"):
            self.run_cron()
            self.assertEqual(self.membership.state, "absent")
            with self.assertRaisesRegex(UserError, "at the latest"):
                absence.with_user(self.clerk).action_end(date(2025, 10, 1))
            absence.with_user(self.clerk).action_end()
        self.assertEqual(absence.state, "done")
        self.assertEqual(absence.date_end, date(2025, 4, 10))
        self.assertEqual(self.membership.state, "active")

    def test_end_before_start_withdraws(self):
        absence = self.approved_absence()
        absence.with_user(self.clerk).action_end()
        self.assertEqual(absence.state, "cancelled")
        with freeze_time("2025-03-18"):
            self.run_cron()
        self.assertEqual(self.membership.state, "active")

    def test_end_refused_before_approval(self):
        absence = self.absence()
        self.assertFalse(absence.with_user(self.clerk).can_end)
        with self.assertRaises(UserError):
            absence.with_user(self.clerk).action_end()

    # ------------------------------------------------------------------ cards

    def test_cards_returned_and_handed_back(self):
        """R-9.5: member and dependent cards are returned until the reinstatement; then new cards are made."""
        cards = self.hand_over(self.membership, ("member", "bag_tag"))
        member_card = cards.filtered(lambda c: c.card_type == "member")
        absence = self.approved_absence()
        self.assertEqual(absence.cards_held_count, 1)
        activity_type = self.env.ref("golf_membership.mail_act_golf_card_return")
        self.assertIn(activity_type, absence.activity_ids.activity_type_id)
        with freeze_time("2025-03-10"):
            member_card.with_user(self.clerk).action_return()
        self.assertEqual(member_card.state, "returned")
        self.assertEqual(absence.cards_held_count, 0)
        with freeze_time("2025-03-18"):
            self.run_cron()
        with freeze_time("2025-09-18"):
            self.run_cron()
        replacement = self.membership.card_ids.filtered(lambda c: c.replaced_card_id == member_card)
        self.assertEqual(len(replacement), 1)
        self.assertEqual(replacement.state, "to_issue")
        self.assertEqual(replacement.date_due, date(2025, 9, 18))
        self.assertNotIn(activity_type, absence.activity_ids.activity_type_id)

    # ------------------------------------------------------------------ dues (R-9.2, shared with billing)

    def test_dues_months(self):
        """R-9.2: no dues for the months fully absent; the month it starts and the month of reinstatement are
        billed. R-1.4: 2025 is owed from March, the month the member joined (only March here)."""
        absence = self.approved_absence(date_to=date(2026, 5, 10))
        self.assertEqual(absence.months_exempt, 13)
        self.assertEqual(self.membership._dues_months(2025), 1)
        self.assertEqual(self.membership._dues_months(2026), 8)
        self.assertEqual(self.membership._dues_months(2027), 12)
        with freeze_time("2025-11-20"):
            run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2026})
            run.action_run()
        dues = self.membership.invoice_ids.filtered(lambda m: m.golf_fee_type == "dues" and m.golf_billing_year == 2026)
        self.assertEqual(dues.invoice_line_ids.quantity, 8)
        self.assertEqual(dues.amount_total, 8000.0)

    def test_dues_months_after_early_end(self):
        """R-9.2 / R-9.7: an absence ended early exempts only the months up to the reinstatement."""
        absence = self.approved_absence()
        with freeze_time("2025-03-18"):
            self.run_cron()
        with freeze_time("2025-06-10"):
            absence.with_user(self.clerk).action_end()
        self.assertEqual(self.membership._dues_months(2025), 8)  # March to December, less April and May

    def test_rejected_absence_exempts_nothing(self):
        absence = self.absence()
        absence.with_user(self.clerk).action_submit()
        absence.with_user(self.director).action_reject()
        self.assertEqual(self.membership._dues_months(2025), 10)  # from March, the month the member joined

    # ------------------------------------------------------------------ dues already billed

    def bill_2026(self):
        """The yearly bill of 2026, with a dependent, paid by its due date."""
        self.add_dependent(self.membership)
        with freeze_time("2025-11-20"):
            run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2026})
            run.action_run()
        dues = run.invoice_ids
        self.assertEqual(dues.amount_total, 12 * 1000.0 + 12 * 300.0)
        with freeze_time("2025-12-15"):
            self.pay(dues)
        return dues

    def absence_2026(self):
        """Away from 10 March to 5 October 2026: April to September (6 months) without dues."""
        with freeze_time("2026-02-02"):
            return self.approved_absence(
                date_request=date(2026, 2, 2), date_from=date(2026, 3, 10), date_to=date(2026, 10, 5),
            )

    def adjustments(self, year=2026):
        return self.membership.invoice_ids.filtered(
            lambda move: move.golf_fee_type == "dues_adjustment" and move.golf_billing_year == year
        )

    def test_approval_credits_months_already_billed(self):
        """R-9.2 / R-6.4: approving the absence credits the 6 exempt months of the paid 2026 bill for the member
        and the spouse; the credit stays on the member's account (dues paid are not paid back)."""
        dues = self.bill_2026()
        self.absence_2026()
        credit_note = self.adjustments()
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.reversed_entry_id, dues)
        self.assertEqual(sorted(credit_note.invoice_line_ids.mapped("quantity")), [6.0, 6.0])
        self.assertEqual(credit_note.amount_total, 6 * 1000.0 + 6 * 300.0)
        self.assertEqual(credit_note.amount_residual, 7800.0)
        self.assertEqual(self.membership._dues_months(2026), 6)
        status = self.env["golf.membership.dues.status"].search([
            ("membership_id", "=", self.membership.id), ("year", "=", 2026),
        ])
        absence_fee = 1000.0  # invoiced on approval, dated 2026 too
        self.assertEqual(status.amount_total, 6 * 1300.0 + absence_fee)
        self.assertEqual(status.amount_residual, absence_fee - 7800.0)

    def test_early_end_bills_months_again(self):
        """R-9.2 / R-9.7: ended on 15 June instead of 5 October, only April and May stay without dues: the
        other 4 months are billed again and set against the credit."""
        self.bill_2026()
        absence = self.absence_2026()
        with freeze_time("2026-03-10"):
            self.run_cron()
        with freeze_time("2026-06-15"):
            absence.with_user(self.clerk).action_end()
        self.assertEqual(self.membership._dues_months(2026), 10)
        credit_note, rebill = self.adjustments().sorted(lambda move: move.move_type != "out_refund")
        self.assertEqual(rebill.move_type, "out_invoice")
        self.assertEqual(rebill.amount_total, 4 * 1300.0)
        self.assertEqual(rebill.invoice_date_due, date(2026, 6, 15))
        self.assertEqual(rebill.amount_residual, 0.0)  # settled by the credit of 6 months
        self.assertEqual(credit_note.amount_residual, 2 * 1300.0)

    def test_withdrawn_absence_bills_months_again(self):
        """An absence withdrawn before it starts exempts nothing: the months credited are billed again, and
        credit and bill cancel out."""
        self.bill_2026()
        absence = self.absence_2026()
        with freeze_time("2026-03-01"):
            absence.with_user(self.clerk).action_end()
        self.assertEqual(absence.state, "cancelled")
        credit_note, rebill = self.adjustments().sorted(lambda move: move.move_type != "out_refund")
        self.assertEqual(rebill.amount_total, credit_note.amount_total)
        self.assertEqual(rebill.amount_residual, 0.0)
        self.assertEqual(credit_note.amount_residual, 0.0)
        self.assertEqual(self.membership._dues_months(2026), 12)

    def test_no_adjustment_without_billed_dues(self):
        """Nothing billed yet for the months of absence: the yearly run bills only the months due."""
        self.absence_2026()
        self.assertFalse(self.membership.invoice_ids.filtered(lambda m: m.golf_fee_type == "dues_adjustment"))
