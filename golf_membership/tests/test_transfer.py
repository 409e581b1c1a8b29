from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestTransfer(GolfChangesCommon):
    """R-4: transfer of a membership to someone else."""

    def setUp(self):
        super().setUp()
        with freeze_time("2023-01-02"):
            self.membership = self.active_membership()
        self.enterContext(freeze_time("2025-03-03"))

    def transfer(self, membership=None, **values):
        values = {
            "membership_id": (membership or self.membership).id,
            "transferee_id": self.transferee.id,
            "date_notice": date(2025, 3, 3),
            "date_effective": date(2025, 4, 2),
            "declaration_received": True,
            "confirmation_received": True,
            **values,
        }
        return self.env["golf.membership.transfer"].with_user(self.clerk).create(values)

    def approved_transfer(self, membership=None, **values):
        transfer = self.transfer(membership, **values)
        transfer.with_user(self.clerk).action_submit()
        transfer.with_user(self.supervisor).action_review()
        transfer.with_user(self.committee).action_approve()
        return transfer

    def assert_refused(self, transfer, message):
        with self.assertRaisesRegex(UserError, message):
            transfer.with_user(self.clerk).action_submit()
        self.assertEqual(transfer.state, "draft")

    # ------------------------------------------------------------------ the whole transfer

    def test_transfer(self):
        """R-4.1 to R-4.5: committee approval, fee, returns; on the transfer date announced by the declaration
        the old file becomes historical and a new membership starts for the transferee."""
        sold_before = self.phase.line_ids.filtered(lambda line: line.type_id == self.tier_gold).sold_count
        member_card = self.hand_over(self.membership)
        transfer = self.approved_transfer()
        self.assertEqual(transfer.state, "approved")
        invoice = transfer.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.golf_fee_type, "transfer_fee")
        self.assertEqual(invoice.partner_id, self.transferee)
        self.assertEqual(invoice.amount_total, 20000.0)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.company._golf_product("transfer_fee"))
        self.assertEqual(invoice.golf_membership_id, self.membership)

        # not before the fee is paid.
        with self.assertRaisesRegex(UserError, r"not paid yet"):
            transfer.with_user(self.clerk).action_done()
        with freeze_time("2025-03-10"):
            self.pay(invoice)
        self.assertTrue(transfer.fee_paid)
        self.assertEqual(transfer.date_fee_paid, date(2025, 3, 10))

        # not before the card, certificate and locker key are back.
        with freeze_time("2025-03-12"):
            with self.assertRaisesRegex(UserError, rf"still holds {member_card.number}"):
                transfer.with_user(self.clerk).action_done()
            member_card.with_user(self.clerk).action_return()
            with self.assertRaisesRegex(UserError, r"locker key"):
                transfer.with_user(self.clerk).action_done()
            self.assertEqual(transfer.state, "approved")
            self.assertEqual(self.membership.state, "active")
            transfer.locker_key_returned = True
            # the transferee's application, photos and ID copy.
            with self.assertRaisesRegex(UserError, r"transferee's documents are not all received"):
                transfer.with_user(self.clerk).action_done()
            self.receive_documents(transfer)
            # R-4.1: the 30 days' notice runs until the transfer date the declaration announced.
            with self.assertRaisesRegex(UserError, r"takes effect on 2025-04-02"):
                transfer.with_user(self.clerk).action_done()
            self.assertEqual((transfer.state, self.membership.state), ("approved", "active"))
        with freeze_time("2025-04-02"):
            transfer.with_user(self.clerk).action_done()

        self.assertEqual(transfer.state, "done")
        self.assertEqual(transfer.date_done, date(2025, 4, 2))
        old, new = self.membership, transfer.new_membership_id
        self.assertEqual(old.state, "historical")
        self.assertEqual(old.historical_reason, "transferred")
        self.assertEqual(old.date_end, date(2025, 4, 2))
        self.assertEqual(old.successor_id, new)
        self.assertEqual(new.predecessor_id, old)
        self.assertEqual(new.partner_id, self.transferee)
        self.assertEqual(new.type_id, self.tier_gold)
        self.assertEqual(new.state, "active")
        self.assertEqual(new.date_start, date(2025, 4, 2))
        self.assertNotEqual(new.name, old.name)
        # Not a new sale: no place of the phase is used and nothing is owed for the membership.
        self.assertFalse(new.phase_id)
        self.assertEqual(new.price, 0.0)
        self.assertEqual(self.phase.line_ids.filtered(lambda line: line.type_id == self.tier_gold).sold_count, sold_before)
        # the transferee's own documents: new cards.
        self.assertTrue({"application", "photos", "id_copy"} <= set(new.document_ids.mapped("code")))
        self.assertEqual(sorted(new.card_ids.mapped("card_type")), ["bag_tag", "certificate", "member"])
        self.assertEqual(new.card_ids.partner_id, self.transferee)
        self.assertTrue(all(card.state == "to_issue" for card in new.card_ids))
        self.assertTrue(new.admission_paid, "the certificate of a transferred membership can be issued")
        new.card_ids.filtered(lambda c: c.card_type == "certificate").with_user(self.clerk).action_issue()
        # The old file's cards not made yet are not made.
        self.assertTrue(all(
            card.state in ("returned", "cancelled") for card in old.card_ids if card.card_type != "temporary"
        ))

    def test_internal_memo(self):
        """R-4.5: the departments set in Settings receive the internal memo with its PDF."""
        transfer = self.approved_transfer(locker_key_returned=True)
        self.pay(transfer.invoice_id)
        self.return_cards(self.membership)
        self.receive_documents(transfer)
        with freeze_time("2025-04-02"):  # the transfer date
            transfer.with_user(self.clerk).action_done()
        self.assertTrue(transfer.memo_sent)
        memo = self.messages_to(transfer, self.departments)
        self.assertEqual(len(memo), 1)
        self.assertIn("Internal memo", memo.subject)
        self.assertEqual(len(memo.attachment_ids), 1)
        self.assertTrue(memo.attachment_ids.name.startswith("Internal Memo"))
        html = self.env["ir.actions.report"]._render_qweb_html(
            "golf_membership.report_memo_transfer", transfer.ids)[0].decode()
        self.assertIn("Internal Memo", html)
        self.assertIn(self.transferee.name, html)
        self.assertIn(transfer.new_membership_id.name, html)
        self.assertIn("Finance Department", html)
        approval_form = self.env["ir.actions.report"]._render_qweb_html(
            "golf_membership.report_transfer_approval", transfer.ids)[0].decode()
        self.assertIn("Membership Transfer Approval Form", approval_form)

    # ------------------------------------------------------------------ refusals

    def test_two_years(self):
        """R-4.1: at least 2 years since the membership officially started."""
        with freeze_time("2025-01-01"):
            transfer = self.transfer(date_notice=date(2025, 1, 1), date_effective=date(2025, 2, 1))
            self.assert_refused(transfer, r"only 2 years after it started.*from 2025-01-02")
        with freeze_time("2025-01-02"):
            transfer.with_user(self.clerk).action_submit()
        self.assertEqual(transfer.state, "submitted")

    def test_notice(self):
        """R-4.1: the declaration reaches the club at least 30 days before the transfer."""
        self.assert_refused(self.transfer(date_effective=date(2025, 4, 1)), r"at least 30 days")
        transfer = self.transfer(date_effective=date(2025, 4, 2))
        transfer.with_user(self.clerk).action_submit()
        self.assertEqual(transfer.state, "submitted")

    def test_tier_not_transferable(self):
        self.tier_gold.transferable = False
        self.assert_refused(self.transfer(), r"cannot be transferred")

    def test_nothing_owed(self):
        invoice = self.owe(self.membership, 800.0)
        transfer = self.transfer()
        self.assert_refused(transfer, r"still owes the club")
        self.pay(invoice)
        transfer.with_user(self.clerk).action_submit()
        self.assertEqual(transfer.state, "submitted")

    def test_documents(self):
        """R-4.1: the transfer declaration and the transferee's confirmation."""
        self.assert_refused(self.transfer(declaration_received=False), r"transfer declaration")
        self.assert_refused(self.transfer(confirmation_received=False), r"transfer confirmation")

    def test_one_transfer_at_a_time(self):
        self.transfer().with_user(self.clerk).action_submit()
        self.assert_refused(self.transfer(), r"already under way")

    def test_not_to_the_holder(self):
        with self.assertRaises(ValidationError):
            self.transfer(transferee_id=self.applicant.id)

    def test_individual_membership_to_a_person(self):
        self.assert_refused(self.transfer(transferee_id=self.company_holder.id), "goes to a person")

    # ------------------------------------------------------------------ who decides

    def test_committee_approves(self):
        """R-4.2: the membership review committee approves; nobody else but management."""
        transfer = self.transfer()
        transfer.with_user(self.clerk).action_submit()
        transfer.with_user(self.supervisor).action_review()  # the department heads first
        for user in (self.clerk, self.supervisor, self.director, self.finance):
            self.assertFalse(transfer.with_user(user).can_approve)
            with self.assertRaises(AccessError):
                transfer.with_user(user).action_approve()
            with self.assertRaises(AccessError):
                transfer.with_user(user).action_reject()
        self.assertEqual(transfer.state, "submitted")
        self.assertFalse(transfer.invoice_id)
        self.assertTrue(transfer.with_user(self.committee).can_approve)
        self.assertTrue(transfer.with_user(self.manager).can_approve)
        transfer.with_user(self.committee).action_approve()
        self.assertEqual(transfer.state, "approved")
        self.assertEqual(transfer.decided_by_id, self.committee)
        # Completing the transfer is member services' work, not the committee's.
        self.assertFalse(transfer.with_user(self.committee).can_done)
        with self.assertRaises(AccessError):
            transfer.with_user(self.committee).action_done()

    def test_reject(self):
        transfer = self.transfer()
        transfer.with_user(self.clerk).action_submit()
        transfer.with_user(self.committee).action_reject(reason="Transferee not suitable")
        self.assertEqual(transfer.state, "rejected")
        self.assertFalse(transfer.invoice_id)
        self.assertEqual(self.membership.state, "active")

    def test_cancel_cancels_unpaid_fee(self):
        transfer = self.approved_transfer()
        invoice = transfer.invoice_id
        transfer.with_user(self.clerk).action_cancel()
        self.assertEqual(transfer.state, "cancelled")
        self.assertEqual(invoice.state, "cancel")
        self.assertEqual(self.membership.state, "active")

    def test_cancel_refused_once_paid(self):
        transfer = self.approved_transfer()
        self.pay(transfer.invoice_id)
        with self.assertRaisesRegex(UserError, "the fee is paid"):
            transfer.with_user(self.clerk).action_cancel()
        self.assertEqual(transfer.state, "approved")

    # ------------------------------------------------------------------ corporate memberships

    def test_corporate_transfer_needs_nominee(self):
        with freeze_time("2023-01-02"):
            corporate = self.active_membership(
                partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id,
            )
        buyer = self.env["res.partner"].create({"name": "Guangzhou Steel Ltd.", "is_company": True})
        buyer_nominee = self.env["res.partner"].create({"name": "Sun Li", "parent_id": buyer.id})
        transfer = self.transfer(corporate, transferee_id=buyer.id, locker_key_returned=True)
        self.assert_refused(transfer, r"goes to a company")
        transfer.transferee_nominee_id = buyer_nominee
        transfer.with_user(self.clerk).action_submit()
        transfer.with_user(self.supervisor).action_review()
        transfer.with_user(self.committee).action_approve()
        self.assertEqual(transfer.invoice_id.amount_total, 30000.0)
        self.pay(transfer.invoice_id)
        self.return_cards(corporate)
        self.receive_documents(transfer)
        with freeze_time("2025-04-02"):  # the transfer date
            transfer.with_user(self.clerk).action_done()
        new = transfer.new_membership_id
        self.assertEqual(new.partner_id, buyer)
        self.assertEqual(new.nominee_id, buyer_nominee)
        self.assertEqual(new.member_partner_id, buyer_nominee)
        self.assertEqual(new.card_ids.partner_id, buyer_nominee)
        # the new corporate membership's nominee is on record from its first day.
        self.assertEqual(new.nominee_history_ids.mapped(lambda n: (n.partner_id, n.date_from, n.date_to)),
                         [(buyer_nominee, date(2025, 4, 2), False)])
