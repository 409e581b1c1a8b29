from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestNomineeChange(GolfChangesCommon):
    """R-5: a company replaces the nominee of its corporate membership."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_nominee = cls.env["res.partner"].create({"name": "Chen Jie", "parent_id": cls.company_holder.id})

    def setUp(self):
        super().setUp()
        self.enterContext(freeze_time("2025-03-03"))
        self.membership = self.active_membership(
            partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id,
        )

    def change(self, membership=None, **values):
        values = {
            "membership_id": (membership or self.membership).id,
            "new_nominee_id": self.new_nominee.id,
            "application_signed": True,
            **values,
        }
        return self.env["golf.membership.nominee.change"].with_user(self.clerk).create(values)

    def approved_change(self, **values):
        change = self.change(**values)
        change.with_user(self.clerk).action_submit()
        change.with_user(self.supervisor).action_review()
        change.with_user(self.director).action_approve()
        self.receive_documents(change)
        return change

    def test_nominee_change(self):
        """R-5.2 to R-5.5: after the rename fee is paid the new nominee replaces the old one, who stays in the
        nominee history; a new card, no new confirmation letter or contract."""
        old_card = self.hand_over(self.membership)
        documents_before = self.membership.document_ids
        change = self.change()
        self.assertEqual(change.old_nominee_id, self.nominee)
        self.assertEqual(change.fee_amount, 8000.0)
        change.with_user(self.clerk).action_submit()
        change.with_user(self.supervisor).action_review()
        change.with_user(self.director).action_approve()
        invoice = change.invoice_id
        self.assertEqual(invoice.golf_fee_type, "rename_fee")
        self.assertEqual(invoice.partner_id, self.company_holder)
        self.assertEqual(invoice.amount_total, 8000.0)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.company._golf_product("rename_fee"))

        with self.assertRaisesRegex(UserError, r"not paid yet"):
            change.with_user(self.clerk).action_done()
        with freeze_time("2025-03-07"):
            self.pay(invoice)
        with self.assertRaisesRegex(UserError, r"loss declaration"):
            change.with_user(self.clerk).action_done()
        change.documents_returned = True
        with self.assertRaisesRegex(UserError, r"new nominee's documents are not all received: .*Chen Jie"):
            change.with_user(self.clerk).action_done()
        self.assertEqual(self.membership.nominee_id, self.nominee)
        self.receive_documents(change)
        with freeze_time("2025-03-10"):
            change.with_user(self.clerk).action_done()

        self.assertEqual(change.state, "done")
        self.assertEqual(change.date_done, date(2025, 3, 7))
        self.assertEqual(self.membership.state, "active")
        self.assertEqual(self.membership.nominee_id, self.new_nominee)
        self.assertEqual(self.membership.member_partner_id, self.new_nominee)
        # the old nominee stays in the membership's nominee history.
        history = self.membership.nominee_change_ids.filtered(lambda c: c.state == "done")
        self.assertEqual(history.old_nominee_id, self.nominee)
        self.assertEqual(history.new_nominee_id, self.new_nominee)
        # The old card is back, a new member card is made for the new nominee.
        self.assertEqual(old_card.state, "returned")
        new_cards = self.membership.card_ids.filtered(lambda c: c.partner_id == self.new_nominee)
        self.assertEqual(new_cards.mapped("card_type"), ["member"])
        self.assertEqual(new_cards.state, "to_issue")
        # the new nominee's application, photos and ID copy join the file; no new confirmation
        # letter or contract.
        self.assertEqual(self.membership.document_ids - documents_before, change.document_ids)
        self.assertEqual(sorted(change.document_ids.mapped("code")), ["application", "id_copy", "photos"])
        self.assertTrue(change.memo_sent)
        self.assertEqual(len(self.messages_to(change, self.departments)), 1)

    def test_loss_declaration(self):
        """R-5.2: lost documents: the company's loss declaration; the old card is blocked."""
        old_card = self.hand_over(self.membership)
        change = self.approved_change(loss_declaration=True)
        self.pay(change.invoice_id)
        change.with_user(self.clerk).action_done()
        self.assertEqual(change.state, "done")
        self.assertEqual(old_card.state, "lost")
        self.assertEqual(self.membership.nominee_id, self.new_nominee)

    def test_old_nominee_dependents_end(self):
        spouse = self.add_dependent(self.membership)
        change = self.approved_change(documents_returned=True)
        self.pay(change.invoice_id)
        change.with_user(self.clerk).action_done()
        self.assertEqual(spouse.state, "cancelled")

    def test_corporate_only(self):
        """R-5.1: only a corporate membership has a nominee to change."""
        individual = self.active_membership()
        relative = self.env["res.partner"].create({"name": "Zhang Lei", "parent_id": self.applicant.id})
        change = self.change(individual, new_nominee_id=relative.id)
        with self.assertRaisesRegex(UserError, r"only a corporate membership"):
            change.with_user(self.clerk).action_submit()
        self.assertEqual(change.state, "draft")

    def test_application_signed_and_stamped(self):
        """R-5.1: the application is signed by an authorised person and stamped with the company seal."""
        change = self.change(application_signed=False)
        with self.assertRaisesRegex(UserError, r"signed by an authorised person"):
            change.with_user(self.clerk).action_submit()
        self.assertEqual(change.state, "draft")

    def test_new_nominee_of_the_company(self):
        """R-1.2: the nominee is a person of the company holding the membership."""
        outsider = self.env["res.partner"].create({"name": "Outsider"})
        with self.assertRaises(ValidationError):
            self.change(new_nominee_id=outsider.id)
        with self.assertRaises(ValidationError):
            self.change(new_nominee_id=self.nominee.id)

    def test_who_approves(self):
        """R-5.1: once the department heads reviewed, the marketing director or management decide; not clerks,
        supervisors, the committee or finance."""
        change = self.change()
        change.with_user(self.clerk).action_submit()
        change.with_user(self.supervisor).action_review()
        for user in (self.clerk, self.supervisor, self.committee, self.finance):
            self.assertFalse(change.with_user(user).can_approve)
            with self.assertRaises(AccessError):
                change.with_user(user).action_approve()
        self.assertEqual(change.state, "submitted")
        self.assertTrue(change.with_user(self.director).can_approve)
        change.with_user(self.manager).action_approve()
        self.assertEqual(change.state, "approved")

    def test_reject(self):
        change = self.change()
        change.with_user(self.clerk).action_submit()
        change.with_user(self.director).action_reject(reason="Not stamped")
        self.assertEqual(change.state, "rejected")
        self.assertEqual(self.membership.nominee_id, self.nominee)
        self.assertFalse(change.invoice_id)

    def test_memo_pdf(self):
        change = self.approved_change(documents_returned=True)
        self.pay(change.invoice_id)
        change.with_user(self.clerk).action_done()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "golf_membership.report_memo_nominee_change", change.ids)[0].decode()
        self.assertIn("Internal Memo", html)
        self.assertIn(self.new_nominee.name, html)
        self.assertIn(self.nominee.name, html)
