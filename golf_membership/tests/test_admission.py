from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GolfMembershipCommon

APPLICANT_CODES = {"application", "charter", "contract", "photos", "id_copy"}


@tagged("post_install", "-at_install")
class TestAdmission(GolfMembershipCommon):
    """Admission procedure R-1.1 to R-1.7, R-1.11: checklist, deposit, balance, activation, cancellation."""

    # ------------------------------------------------------------------ helpers

    def _cards(self, membership, card_type):
        return membership.card_ids.filtered(lambda card: card.card_type == card_type)

    def _receivable_lines(self, invoice):
        return invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).sorted("date_maturity")

    def _activities(self, membership, xmlid):
        activity_type = self.env.ref(xmlid)
        return membership.activity_ids.filtered(lambda act: act.activity_type_id == activity_type)

    # ------------------------------------------------------------------ checklist

    @freeze_time("2026-03-02")
    def test_r1_1_submit_fills_checklist_and_blocks_approval(self):
        """R-1.1: submitting files the applicant's checklist; approval waits for every required document."""
        membership = self.create_membership()
        self.assertFalse(membership.document_ids)
        self.submit(membership)

        documents = membership.document_ids
        self.assertEqual(len(documents), 5)
        self.assertEqual(set(documents.mapped("code")), APPLICANT_CODES)
        self.assertTrue(all(documents.mapped("required")))
        self.assertFalse(any(documents.mapped("received")))
        self.assertFalse(membership.documents_complete)

        with self.assertRaises(UserError):
            self.approve(membership)
        self.assertEqual(membership.state, "submitted")
        self.assertFalse(membership.balance_invoice_id)
        self.assertFalse(membership.date_approved)

        # Everything but the ID copy: still refused.
        documents.filtered(lambda doc: doc.code != "id_copy").with_user(self.clerk).write({"received": True})
        with self.assertRaises(UserError):
            self.approve(membership)
        self.assertEqual(membership.state, "submitted")
        self.assertFalse(membership.balance_invoice_id)
        self.assertEqual(membership.invoice_ids, membership.deposit_invoice_id)

        documents.filtered(lambda doc: doc.code == "id_copy").with_user(self.clerk).action_mark_received()
        self.assertEqual(documents.filtered(lambda doc: doc.code == "id_copy").date_received, date(2026, 3, 2))
        self.assertTrue(membership.documents_complete)
        self.approve(membership)
        self.assertEqual(membership.state, "approved")

    def test_r1_1_optional_document_does_not_block(self):
        """R-1.1: only required checklist lines block the approval."""
        membership = self.submit(self.create_membership())
        optional = self.env["golf.membership.document"].with_user(self.clerk).create({
            "membership_id": membership.id, "name": "Handicap certificate", "required": False,
        })
        photos = membership.document_ids.filtered(lambda doc: doc.code == "photos")
        with self.assertRaises(UserError):
            photos.with_user(self.clerk).required = False
        (membership.document_ids - optional).with_user(self.clerk).write({"received": True})
        self.approve(membership)
        self.assertEqual(membership.state, "approved")

    # ------------------------------------------------------------------ deposit and balance

    def test_r1_4_deposit_then_balance_invoices(self):
        """R-1.4: the deposit is invoiced on submission; the balance (price - deposit + the current
        year's dues from the approval month) on approval, due after the balance days."""
        Product = self.env["product.product"]
        products = {
            fee: Product.create({"name": f"Club {fee}", "type": "service", "taxes_id": [Command.clear()]})
            for fee in ("entrance", "deposit", "dues")
        }
        self.company.write({
            "golf_product_entrance_id": products["entrance"].id,
            "golf_product_deposit_id": products["deposit"].id,
            "golf_product_dues_id": products["dues"].id,
        })

        with freeze_time("2026-03-02"):
            membership = self.create_membership()
            self.assertEqual(membership.price, 100000.0, "R-1.8: the price comes from the open phase")
            self.submit(membership)

        deposit = membership.deposit_invoice_id
        self.assertRecordValues(deposit, [{
            "move_type": "out_invoice",
            "state": "posted",
            "partner_id": self.applicant.id,
            "golf_membership_id": membership.id,
            "golf_fee_type": "deposit",
            "amount_total": 10000.0,
            "invoice_date": date(2026, 3, 2),
        }])
        self.assertEqual(deposit.invoice_line_ids.product_id, products["deposit"])
        self.assertEqual(membership.invoice_ids, deposit)
        self.assertEqual(membership.state, "submitted")
        # the director decides; finance reviews the fees meanwhile.
        review = self._activities(membership, "golf_membership.mail_act_golf_review")
        fee_check = self._activities(membership, "golf_membership.mail_act_golf_fee_check")
        self.assertEqual(len(review), 1)
        self.assertTrue(review.user_id.has_group("golf_membership.group_golf_director"))
        self.assertEqual(len(fee_check), 1)
        self.assertTrue(fee_check.user_id.has_group("golf_membership.group_golf_finance"))

        self.receive_documents(membership)
        with freeze_time("2026-03-05"):
            self.pay(deposit)
        with freeze_time("2026-03-10"):
            self.approve(membership)

        balance = membership.balance_invoice_id
        self.assertEqual(membership.state, "approved")
        self.assertEqual(membership.date_approved, date(2026, 3, 10))
        # due 7 days after the deposit was paid (5 March), not after the approval.
        self.assertEqual(membership.date_balance_due, date(2026, 3, 12))
        self.assertRecordValues(balance, [{
            "move_type": "out_invoice",
            "state": "posted",
            "partner_id": self.applicant.id,
            "golf_membership_id": membership.id,
            "golf_fee_type": "balance",
            # 100,000 - 10,000 deposit + 10 months (March to December) x 1,000
            "amount_total": 100000.0,
            "amount_residual": 100000.0,
            "invoice_date": date(2026, 3, 10),
            "invoice_date_due": date(2026, 3, 12),
        }])
        entrance_line = balance.invoice_line_ids.filtered(lambda line: line.product_id == products["entrance"])
        dues_line = balance.invoice_line_ids.filtered(lambda line: line.product_id == products["dues"])
        self.assertEqual(len(balance.invoice_line_ids), 2)
        self.assertRecordValues(entrance_line, [{"quantity": 1.0, "price_unit": 90000.0, "price_subtotal": 90000.0}])
        self.assertRecordValues(dues_line, [{"quantity": 10.0, "price_unit": 1000.0, "price_subtotal": 10000.0}])
        self.assertEqual(membership.invoice_ids, deposit | balance)
        self.assertEqual(membership.admission_amount_total, 110000.0)
        self.assertEqual(membership.admission_amount_due, 100000.0, "the deposit is paid")
        self.assertFalse(membership.admission_paid)
        # the temporary card comes with the approval; the sales representative follows up.
        self.assertEqual(len(self._cards(membership, "temporary")), 1)
        self.assertEqual(self._cards(membership, "temporary").date_due, date(2026, 3, 10))
        follow_up = self._activities(membership, "golf_membership.mail_act_golf_card_follow_up")
        self.assertEqual(follow_up.user_id, membership.user_id)
        self.assertFalse(self._activities(membership, "golf_membership.mail_act_golf_review"))

    def test_r1_4_cancelled_deposit_is_not_deducted(self):
        """R-1.4: a deposit invoice cancelled by finance is no deposit: the balance carries the whole price,
        and paying it starts the membership (R-1.7)."""
        with freeze_time("2026-03-02"):
            membership = self.submitted_membership()
            membership.deposit_invoice_id.button_draft()
            membership.deposit_invoice_id.button_cancel()
        with freeze_time("2026-03-10"):
            # no deposit received: management authorises the approval without it.
            membership.with_user(self.manager).action_override_deposit(reason="Deposit invoice cancelled by finance")
            self.approve(membership)
        self.assertEqual(membership.date_balance_due, date(2026, 3, 17), "no deposit paid: due after the approval")
        # 100,000 + 10 months x 1,000, nothing deducted.
        self.assertEqual(membership.balance_invoice_id.amount_total, 110000.0)
        self.assertEqual(membership.admission_amount_due, 110000.0)
        with freeze_time("2026-03-12"):
            self.pay(membership.balance_invoice_id)
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_start, date(2026, 3, 12))
        self.assertTrue(membership.admission_paid)

    def test_r1_4_balance_dues_in_december(self):
        """R-1.4: approved in December, the balance carries one month of dues."""
        with freeze_time("2026-12-01"):
            membership = self.approved_membership()
        self.assertEqual(membership.balance_invoice_id.amount_total, 90000.0 + 1000.0)
        self.assertEqual(membership.balance_invoice_id.invoice_date_due, date(2026, 12, 8))

    # ------------------------------------------------------------------ activation

    def test_r1_7_full_payment_activates_on_payment_date(self):
        """R-1.7: active once deposit and balance are paid, from the payment date; the member card and
        bag tag are due 20 working days later, the certificate 30 working days later."""
        calendar = self.company.resource_calendar_id
        # The hand computation below assumes the standard 40 hours, Monday to Friday, no public holiday.
        self.assertEqual(set(calendar.attendance_ids.mapped("dayofweek")), {"0", "1", "2", "3", "4"})
        self.assertFalse(calendar.leave_ids.filtered(lambda leave: not leave.resource_id))

        with freeze_time("2026-03-03"):
            membership = self.submitted_membership()
            self.pay_as(self.finance, membership.deposit_invoice_id)
        self.assertEqual(membership.deposit_invoice_id.payment_state, "paid")
        self.assertEqual(membership.state, "submitted", "paying the deposit does not approve")

        with freeze_time("2026-03-10"):
            self.approve(membership)
        self.assertEqual(membership.state, "approved")

        with freeze_time("2026-03-11"):
            self.pay_as(self.finance, membership.balance_invoice_id, amount=50000.0)
        self.assertEqual(membership.state, "approved", "R-1.7: part of the balance does not activate")
        self.assertFalse(membership.date_start)
        self.assertEqual(membership.balance_invoice_id.amount_residual, 50000.0)
        self.assertFalse(self._cards(membership, "member"))

        # The rest is registered on Monday 16 for a transfer received on Friday 13.
        with freeze_time("2026-03-16"):
            self.pay_as(self.finance, membership.balance_invoice_id, date=date(2026, 3, 13))
        self.assertEqual(membership.balance_invoice_id.payment_state, "paid")
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_start, date(2026, 3, 13))
        self.assertTrue(membership.admission_paid)
        self.assertEqual(membership.admission_amount_due, 0.0)

        # Friday 13 + 20 working days (Mon 16 .. Fri 10 April); + 30 working days: Fri 24 April.
        member_card = self._cards(membership, "member")
        bag_tag = self._cards(membership, "bag_tag")
        certificate = self._cards(membership, "certificate")
        self.assertEqual(len(member_card), 1)
        self.assertEqual(len(bag_tag), 1)
        self.assertEqual(len(certificate), 1)
        self.assertEqual(member_card.date_due, date(2026, 4, 10))
        self.assertEqual(bag_tag.date_due, date(2026, 4, 10))
        self.assertEqual(certificate.date_due, date(2026, 4, 24))
        self.assertEqual((member_card | bag_tag | certificate).mapped("state"), ["to_issue"] * 3)
        self.assertEqual(member_card.partner_id, self.applicant)

        with freeze_time("2026-03-20"):
            certificate.with_user(self.clerk).action_issue()
        self.assertEqual(certificate.state, "issued")

    def test_r1_7_deposit_paid_last_activates(self):
        """R-1.7: whatever is paid last, the membership starts when the whole admission is paid."""
        with freeze_time("2026-03-10"):
            membership = self.submitted_membership()
            # approved before the deposit arrived, as club management authorised.
            membership.with_user(self.manager).action_override_deposit(reason="Deposit announced by the bank")
            self.approve(membership)
            self.pay(membership.balance_invoice_id)
        self.assertEqual(membership.state, "approved", "the deposit is still open")
        with freeze_time("2026-03-12"):
            self.pay(membership.deposit_invoice_id)
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_start, date(2026, 3, 12))

    # ------------------------------------------------------------------ instalments

    def test_r1_11_installments(self):
        """R-1.11 / R-6.5: one balance invoice split in monthly instalments; the first instalment starts
        the membership; R-1.7: the certificate waits for the last one."""
        with freeze_time("2026-03-05"):
            membership = self.submitted_membership(payment_mode="installment", installment_count=4)
            self.pay(membership.deposit_invoice_id)
        with freeze_time("2026-03-10"):
            self.approve(membership)

        balance = membership.balance_invoice_id
        self.assertEqual(membership.invoice_ids.filtered(lambda inv: inv.golf_fee_type == "balance"), balance)
        self.assertEqual(balance.amount_total, 100000.0)
        receivables = self._receivable_lines(balance)
        self.assertEqual(len(receivables), 4)
        # the first instalment is due 7 days after the deposit (5 March), then every 30 days.
        self.assertEqual(
            receivables.mapped("date_maturity"),
            [date(2026, 3, 12), date(2026, 4, 11), date(2026, 5, 11), date(2026, 6, 10)],
        )
        self.assertAlmostEqual(sum(receivables.mapped("balance")), 100000.0)
        self.assertEqual(receivables.mapped("balance"), [25000.0] * 4)
        self.assertEqual(membership.date_balance_due, date(2026, 3, 12))

        with freeze_time("2026-03-15"):
            self.pay(balance, amount=25000.0)
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_start, date(2026, 3, 15))
        self.assertFalse(membership.admission_paid)
        self.assertEqual(membership.admission_amount_due, 75000.0)

        certificate = self._cards(membership, "certificate")
        member_card = self._cards(membership, "member")
        self.assertEqual(len(certificate), 1)
        with freeze_time("2026-03-20"):
            member_card.with_user(self.clerk).action_issue()
            self.assertEqual(member_card.state, "issued")
            with self.assertRaises(UserError):
                certificate.with_user(self.clerk).action_issue()
        self.assertEqual(certificate.state, "to_issue")

        with freeze_time("2026-04-16"):
            self.pay(balance, amount=25000.0)
            with self.assertRaises(UserError):
                certificate.with_user(self.clerk).action_issue()
        self.assertEqual(certificate.state, "to_issue")

        with freeze_time("2026-05-10"):
            self.pay(balance, amount=50000.0)
        self.assertEqual(balance.payment_state, "paid")
        self.assertTrue(membership.admission_paid)
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_start, date(2026, 3, 15), "later instalments do not move the start")
        with freeze_time("2026-05-11"):
            certificate.with_user(self.clerk).action_issue()
        self.assertEqual(certificate.state, "issued")

    def test_r1_11_installment_count_below_two_refused(self):
        """R-1.11: an instalment plan needs at least two instalments."""
        with self.assertRaises(ValidationError):
            self.create_membership(payment_mode="installment", installment_count=1)
        membership = self.create_membership()
        with self.assertRaises(ValidationError):
            membership.with_user(self.clerk).write({"payment_mode": "installment"})
        self.assertEqual(membership.payment_mode, "full")

    # ------------------------------------------------------------------ deferral

    def test_r1_3_deferred_application_resubmitted_without_second_deposit(self):
        """R-1.3: a deferred application is resubmitted later without a second deposit, then approved."""
        with freeze_time("2026-03-02"):
            membership = self.submit(self.create_membership())
        deposit = membership.deposit_invoice_id
        with freeze_time("2026-03-04"):
            membership.with_user(self.director).action_defer(reason="Waiting for references")
        self.assertEqual(membership.state, "deferred")
        self.assertEqual(membership.decision_note, "Waiting for references")
        self.assertFalse(membership.balance_invoice_id)

        with freeze_time("2026-04-01"):
            self.submit(membership)
        self.assertEqual(membership.state, "submitted")
        self.assertEqual(membership.deposit_invoice_id, deposit)
        deposits = self.env["account.move"].search([
            ("golf_membership_id", "=", membership.id), ("golf_fee_type", "=", "deposit"),
        ])
        self.assertEqual(deposits, deposit, "still exactly one deposit invoice")
        self.assertEqual(len(membership.document_ids), 5, "the checklist is not duplicated")
        # One decision and one fee check pending, not one more per submission.
        self.assertEqual(len(self._activities(membership, "golf_membership.mail_act_golf_review")), 1)
        self.assertEqual(len(self._activities(membership, "golf_membership.mail_act_golf_fee_check")), 1)

        self.receive_documents(membership)
        with freeze_time("2026-04-02"):
            self.approve(membership)
        self.assertEqual(membership.state, "approved")
        # April to December: 9 months of dues.
        self.assertEqual(membership.balance_invoice_id.amount_total, 90000.0 + 9000.0)

    # ------------------------------------------------------------------ cancellation and overdue balance

    def test_r1_4_cancel_refused_before_balance_due_date(self):
        """R-1.4: the application may be cancelled only once the balance deadline has passed."""
        with freeze_time("2026-03-10"):
            membership = self.approved_membership()
        for day in ("2026-03-10", "2026-03-17"):
            with freeze_time(day), self.assertRaises(UserError):
                membership.with_user(self.supervisor).action_cancel()
        self.assertEqual(membership.state, "approved")
        self.assertFalse(membership.invoice_ids.filtered(lambda inv: inv.move_type == "out_refund"))
        self.assertEqual(membership.balance_invoice_id.amount_residual, 100000.0)

    def test_r1_4_cancel_after_balance_due_date_keeps_deposit(self):
        """R-1.4: balance unpaid after the deadline: the supervisor cancels; the club keeps the deposit paid,
        the unpaid balance is credited, the cards are cancelled."""
        with freeze_time("2026-03-02"):
            membership = self.submitted_membership()
            self.pay(membership.deposit_invoice_id)
        with freeze_time("2026-03-10"):
            self.approve(membership)
        deposit = membership.deposit_invoice_id
        balance = membership.balance_invoice_id

        with freeze_time("2026-03-18"):
            membership.with_user(self.supervisor).action_cancel()

        self.assertEqual(membership.state, "cancelled")
        self.assertEqual(membership.date_end, date(2026, 3, 18))
        self.assertFalse(membership.date_start, "a cancelled application never started")
        # The deposit is kept: still paid, not credited.
        self.assertEqual(deposit.payment_state, "paid")
        self.assertFalse(self.env["account.move"].search([("reversed_entry_id", "=", deposit.id)]))
        # The balance is cleared by a credit note.
        credit_note = self.env["account.move"].search([("reversed_entry_id", "=", balance.id)])
        self.assertRecordValues(credit_note, [{
            "move_type": "out_refund",
            "state": "posted",
            "golf_membership_id": membership.id,
            "golf_fee_type": "cancellation",
            "partner_id": self.applicant.id,
            "amount_total": 100000.0,
            "amount_residual": 0.0,
        }])
        self.assertEqual(balance.amount_residual, 0.0)
        self.assertIn(credit_note, membership.invoice_ids)
        self.assertEqual(self.receivable_residual(self.applicant), 0.0)
        # No card of an active member was made; what existed is cancelled.
        self.assertFalse(membership.card_ids.filtered(lambda card: card.card_type != "temporary"))
        self.assertEqual(set(membership.card_ids.mapped("state")), {"cancelled"})

    def test_r1_4_cancel_with_part_of_the_balance_paid(self):
        """R-1.4: what was paid of the balance is kept too; only the unpaid rest is credited."""
        with freeze_time("2026-03-10"):
            membership = self.approved_membership()
            self.pay(membership.balance_invoice_id, amount=40000.0)
        self.assertEqual(membership.state, "approved")
        with freeze_time("2026-03-25"):
            membership.with_user(self.supervisor).action_cancel()
        self.assertEqual(membership.state, "cancelled")
        self.assertFalse(membership.date_start)
        credit_note = self.env["account.move"].search([("reversed_entry_id", "=", membership.balance_invoice_id.id)])
        self.assertEqual(credit_note.amount_total, 60000.0)
        self.assertEqual(membership.balance_invoice_id.amount_residual, 0.0)
        self.assertEqual(membership.deposit_invoice_id.payment_state, "paid")
        self.assertEqual(self.receivable_residual(self.applicant), 0.0)

    def test_r1_4_cancel_with_unpaid_deposit(self):
        """R-1.4: nothing paid at all (approved without the deposit, as management authorised): cancelling
        leaves nothing open on the applicant's account."""
        with freeze_time("2026-03-10"):
            membership = self.submitted_membership()
            membership.with_user(self.manager).action_override_deposit(reason="Long-standing guest of the club")
            self.approve(membership)
        with freeze_time("2026-03-20"):
            membership.with_user(self.manager).action_cancel()
        self.assertEqual(membership.state, "cancelled")
        self.assertEqual(membership.deposit_invoice_id.amount_residual, 0.0)
        self.assertEqual(membership.balance_invoice_id.amount_residual, 0.0)
        self.assertEqual(self.receivable_residual(self.applicant), 0.0)

    def test_r1_4_cron_balance_overdue_once(self):
        """R-1.4: the daily cron tells a supervisor, once, of a balance past its deadline."""
        with freeze_time("2026-03-10"):
            overdue = self.approved_membership()
            paid = self.active_membership(partner_id=self.env["res.partner"].create({"name": "Wang Fang"}).id)
        self.assertEqual(paid.state, "active")
        activity_xmlid = "golf_membership.mail_act_golf_balance_overdue"

        with freeze_time("2026-03-17"):
            self.env["golf.membership"]._cron_daily()
        self.assertFalse(self._activities(overdue, activity_xmlid), "not overdue on the due date itself")

        with freeze_time("2026-03-18"):
            self.env["golf.membership"]._cron_daily()
            self.env["golf.membership"]._cron_daily()
        activities = self._activities(overdue, activity_xmlid)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.activity_type_id.name, "Golf: Balance Overdue")
        self.assertTrue(activities.user_id.has_group("golf_membership.group_golf_supervisor"))
        self.assertFalse(self._activities(paid, activity_xmlid))

        with freeze_time("2026-03-19"):
            self.env["golf.membership"]._cron_daily()
        self.assertEqual(len(self._activities(overdue, activity_xmlid)), 1)

        # Paying late activates the membership and closes the reminder.
        with freeze_time("2026-03-20"):
            self.pay(overdue.balance_invoice_id)
        self.assertEqual(overdue.state, "active")
        self.assertFalse(self._activities(overdue, activity_xmlid))

    # ------------------------------------------------------------------ corporate memberships

    def test_r1_2_corporate_needs_nominee_of_the_company(self):
        """R-1.2: a corporate membership is held by a company and used by a nominated person of it."""
        corporate = {"partner_id": self.company_holder.id, "type_id": self.tier_corporate.id}
        with self.assertRaises(ValidationError):
            self.create_membership(**corporate)
        with self.assertRaises(ValidationError):
            self.create_membership(**corporate, nominee_id=self.applicant.id)
        with self.assertRaises(ValidationError):
            self.create_membership(**corporate, nominee_id=self.company_holder.id)
        relative = self.env["res.partner"].create({"name": "Zhang Min", "parent_id": self.applicant.id})
        with self.assertRaises(ValidationError):
            self.create_membership(partner_id=self.applicant.id, type_id=self.tier_corporate.id,
                                   nominee_id=relative.id)
        self.assertFalse(self.env["golf.membership"].search([("partner_id", "=", self.company_holder.id)]))

        membership = self.create_membership(**corporate, nominee_id=self.nominee.id)
        self.assertEqual(membership.kind, "corporate")
        self.assertEqual(membership.member_partner_id, self.nominee)
        with self.assertRaises(ValidationError):
            membership.with_user(self.clerk).write({"nominee_id": False})
        self.assertEqual(membership.nominee_id, self.nominee)

    def test_r1_2_corporate_invoices_go_to_the_company(self):
        """R-1.2: the company holding the membership is invoiced; the nominee is the member."""
        with freeze_time("2026-03-10"):
            membership = self.approved_membership(
                partner_id=self.company_holder.id, type_id=self.tier_corporate.id, nominee_id=self.nominee.id,
            )
        self.assertEqual(membership.deposit_invoice_id.partner_id, self.company_holder)
        self.assertEqual(membership.balance_invoice_id.partner_id, self.company_holder)
        # 200,000 - 10,000 + 10 months x 1,500
        self.assertEqual(membership.balance_invoice_id.amount_total, 205000.0)
        self.assertEqual(self._cards(membership, "temporary").partner_id, self.nominee)

    def test_r1_2_individual_membership(self):
        """R-1.2: an individual membership is held and used by the applicant."""
        with freeze_time("2026-03-10"):
            membership = self.approved_membership()
        self.assertEqual(membership.kind, "individual")
        self.assertEqual(membership.partner_id, self.applicant)
        self.assertEqual(membership.member_partner_id, self.applicant)
        self.assertEqual(membership.deposit_invoice_id.partner_id, self.applicant)
        self.assertEqual(membership.balance_invoice_id.partner_id, self.applicant)

    # ------------------------------------------------------------------ who may press which button

    def test_r1_3_only_approvers_decide(self):
        """R-1.3: the director (or management) approves, defers or rejects; a clerk cannot."""
        membership = self.submitted_membership()
        for action in ("action_approve", "action_defer", "action_reject"):
            with self.assertRaises(AccessError):
                getattr(membership.with_user(self.clerk), action)()
            self.assertEqual(membership.state, "submitted")
        self.assertFalse(membership.balance_invoice_id)
        self.assertFalse(membership.invoice_ids.filtered(lambda inv: inv.move_type == "out_refund"))

        self.approve(membership, self.director)
        self.assertEqual(membership.state, "approved")

        other = self.submitted_membership(partner_id=self.env["res.partner"].create({"name": "Chen Jie"}).id)
        self.approve(other, self.manager)
        self.assertEqual(other.state, "approved")

        deferred = self.submitted_membership(partner_id=self.env["res.partner"].create({"name": "Liu Yang"}).id)
        deferred.with_user(self.manager).action_defer()
        self.assertEqual(deferred.state, "deferred")
        deferred.with_user(self.director).action_reject()
        self.assertEqual(deferred.state, "rejected")

    def test_r1_1_finance_cannot_submit(self):
        """R-1.1: member services files the application, not finance."""
        membership = self.create_membership()
        with self.assertRaises(AccessError):
            membership.with_user(self.finance).action_submit()
        self.assertEqual(membership.state, "draft")
        self.assertFalse(membership.deposit_invoice_id)
        self.assertFalse(membership.document_ids)

    def test_r1_4_only_supervisors_cancel(self):
        """R-1.4: the supervisor cancels an unpaid application; a clerk cannot."""
        with freeze_time("2026-03-10"):
            membership = self.approved_membership()
        with freeze_time("2026-03-18"):
            with self.assertRaises(AccessError):
                membership.with_user(self.clerk).action_cancel()
            with self.assertRaises(AccessError):
                membership.with_user(self.finance).action_cancel()
            self.assertEqual(membership.state, "approved")
            membership.with_user(self.supervisor).action_cancel()
        self.assertEqual(membership.state, "cancelled")

    def test_button_flags_follow_groups(self):
        """R-1.3 / R-1.4: the buttons shown match what each user may do."""
        draft = self.create_membership()
        submitted = self.submitted_membership(partner_id=self.env["res.partner"].create({"name": "Zhao Lei"}).id)
        approved = self.approved_membership(partner_id=self.env["res.partner"].create({"name": "Sun Li"}).id)
        self.pay(submitted.deposit_invoice_id)  # approval waits for the deposit

        def flags(membership, user, name):
            return membership.with_user(user)[name]

        expected_submit = {"clerk": True, "supervisor": True, "director": True, "manager": True,
                           "finance": False, "committee": False}
        expected_decide = {"clerk": False, "supervisor": False, "director": True, "manager": True,
                           "finance": False, "committee": False}
        expected_cancel = {"clerk": False, "supervisor": True, "director": True, "manager": True,
                           "finance": False, "committee": False}
        for key, user in self.users.items():
            with self.subTest(user=key):
                self.assertEqual(flags(draft, user, "can_submit"), expected_submit[key])
                self.assertFalse(flags(submitted, user, "can_submit"))
                for decision in ("can_approve", "can_defer", "can_reject"):
                    self.assertEqual(flags(submitted, user, decision), expected_decide[key])
                    self.assertFalse(flags(draft, user, decision))
                    self.assertFalse(flags(approved, user, decision))
                self.assertEqual(flags(approved, user, "can_cancel"), expected_cancel[key])
                self.assertFalse(flags(submitted, user, "can_cancel"))

    # ------------------------------------------------------------------ bad input

    def test_negative_price_refused(self):
        """R-1.8: a membership price cannot be negative (database constraint)."""
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.create_membership(price=-1.0)
        membership = self.create_membership()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            membership.with_user(self.clerk).write({"price": -100.0})
            membership.flush_recordset()
        membership.invalidate_recordset()
        self.assertEqual(membership.price, 100000.0)

    def test_zero_price_cannot_be_submitted(self):
        """R-1.4: no application without a price to invoice."""
        membership = self.create_membership(price=0.0)
        with self.assertRaises(UserError):
            self.submit(membership)
        self.assertEqual(membership.state, "draft")
        self.assertFalse(membership.invoice_ids)

    def test_installment_count_out_of_range_refused(self):
        """R-1.11: the number of instalments is between 1 and 60 (database constraint)."""
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.create_membership(installment_count=0)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.create_membership(payment_mode="installment", installment_count=61)

    def test_state_cannot_be_forced(self):
        """Lifecycle: a membership cannot jump states by a plain write."""
        membership = self.create_membership()
        with self.assertRaises(UserError):
            membership.with_user(self.clerk).write({"state": "active"})
        self.assertEqual(membership.state, "draft")
        approved_twice = self.submitted_membership(partner_id=self.env["res.partner"].create({"name": "He Yu"}).id)
        self.approve(approved_twice)
        with self.assertRaises(UserError):
            self.approve(approved_twice)
        self.assertEqual(len(approved_twice.invoice_ids.filtered(lambda inv: inv.golf_fee_type == "balance")), 1)

    # ------------------------------------------------------------------ numbers and deletion

    @freeze_time("2026-03-02")
    def test_number_from_sequence(self):
        """Each membership gets its own number from the sequence."""
        first = self.create_membership()
        second = self.create_membership(partner_id=self.env["res.partner"].create({"name": "Xu Ming"}).id)
        self.assertRegex(first.name, r"^GM2026-\d{5}$")
        self.assertRegex(second.name, r"^GM2026-\d{5}$")
        self.assertNotEqual(first.name, second.name)
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)

    def test_unlink_only_drafts_without_invoices(self):
        """A membership with a history is archived, not deleted; a bare draft may be deleted."""
        membership = self.submit(self.create_membership())
        with self.assertRaises(UserError):
            membership.with_user(self.clerk).unlink()
        self.assertTrue(membership.exists())
        self.assertEqual(membership.state, "submitted")
        membership.with_user(self.clerk).action_archive()
        self.assertFalse(membership.active)
        self.assertEqual(membership.deposit_invoice_id.state, "posted")

        draft = self.create_membership(partner_id=self.env["res.partner"].create({"name": "Ma Lin"}).id)
        draft.with_user(self.clerk).unlink()
        self.assertFalse(draft.exists())
