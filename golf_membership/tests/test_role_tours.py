from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestRoleTours(GolfMembershipCommon, HttpCase):
    """Each role's main task in the browser, in Chinese (zh_CN): the tours select by xml ids and names."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["base", "web", "mail", "golf_membership"], ["zh_CN"])
        (cls.clerk | cls.director | cls.finance).write({"lang": "zh_CN"})

    def _holder(self, name):
        return self.env["res.partner"].create({"name": name, "email": "tour.holder@example.com"})

    def test_clerk_files_address_change(self):
        """R-10.1: the clerk files a change of address from the Changes menu and submits it."""
        membership = self.active_membership(partner_id=self._holder("Tour Address Holder").id)
        self.assertEqual(membership.state, "active")

        self.start_tour("/odoo", "golf_clerk_address_change_tour", login=self.clerk.login)

        request = self.env["golf.membership.change.request"].search([("membership_id", "=", membership.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.new_city, "杭州")
        self.assertEqual(request.partner_id, membership.partner_id)

    def test_clerk_files_absence(self):
        """R-9.3: the clerk files an absence of seven months starting in three weeks; the member owes nothing."""
        membership = self.active_membership(partner_id=self._holder("Tour Absent Holder").id)
        self.assertEqual(membership.state, "active")
        self.assertFalse(self.receivable_residual(membership.partner_id) > 0)

        self.start_tour("/odoo", "golf_clerk_absence_tour", login=self.clerk.login)

        absence = self.env["golf.membership.absence"].search([("membership_id", "=", membership.id)])
        self.assertEqual(len(absence), 1)
        self.assertEqual(absence.state, "submitted")
        today = fields.Date.context_today(absence)
        self.assertGreaterEqual(absence.date_from, today + relativedelta(days=15))
        self.assertEqual(absence.date_to, absence.date_from + relativedelta(months=7))
        self.assertTrue(absence.documents_received)
        self.assertTrue(absence.reason)

    def test_director_approves_from_activity_menu(self):
        """R-1.3: the director opens the application from the activity menu and approves it."""
        applicant = self._holder("Tour Reviewed Applicant")
        membership = self.submitted_membership(partner_id=applicant.id)
        self.pay(membership.deposit_invoice_id)  # the deposit is received before approval
        review = membership.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("golf_membership.mail_act_golf_review")
        )
        self.assertEqual(len(review), 1)
        # The review falls due today: the activity menu lists what is due or overdue.
        review.write({"user_id": self.director.id, "date_deadline": fields.Date.today()})

        self.start_tour("/odoo", "golf_director_activity_approve_tour", login=self.director.login)

        membership.invalidate_recordset()
        self.assertEqual(membership.state, "approved")
        self.assertTrue(membership.date_approved)

    def test_clerk_registers_new_applicant(self):
        """R-1.1: the clerk registers a person not yet in the database from the application and files it."""
        Partner = self.env["res.partner"]
        self.assertFalse(Partner.search([("name", "=", "周新人")]))

        self.start_tour("/odoo", "golf_clerk_new_applicant_tour", login=self.clerk.login)

        applicant = Partner.search([("name", "=", "周新人")])
        self.assertEqual(len(applicant), 1)
        self.assertEqual(applicant.email, "zhou.xinren@example.com")
        self.assertIn("13912345678", applicant.phone.replace(" ", ""))
        self.assertEqual(applicant.create_uid, self.clerk)
        membership = self.env["golf.membership"].search([("partner_id", "=", applicant.id)])
        self.assertEqual(len(membership), 1)
        self.assertEqual(membership.state, "submitted")
        self.assertEqual(membership.type_id, self.tier_gold)
        self.assertEqual(membership.phase_id, self.phase)
        self.assertEqual(membership.price, 100000.0)
        self.assertEqual(membership.create_uid, self.clerk)
        # filing the application invoices the deposit.
        self.assertEqual(membership.deposit_invoice_id.state, "posted")
        self.assertEqual(membership.deposit_invoice_id.amount_total, 10000.0)

    def test_clerk_logs_complaint(self):
        """R-11.1: the clerk logs a member's complaint at the service desk; it waits for its answer."""
        membership = self.active_membership(partner_id=self._holder("Tour Complaining Member").id)

        self.start_tour("/odoo", "golf_clerk_complaint_tour", login=self.clerk.login)

        request = self.env["golf.service.request"].search([("partner_id", "=", membership.partner_id.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.category, "complaint")
        self.assertEqual(request.state, "new")
        self.assertEqual(request.membership_id, membership)
        self.assertEqual(request.subject, "更衣柜钥匙无法使用")
        self.assertIn("更衣柜钥匙", request.description)
        self.assertEqual(request.user_id, self.clerk)
        self.assertNotEqual(request.name, "/")
        # answered within 24 hours.
        self.assertTrue(request.date_response_deadline)

    def test_finance_pays_balance_from_invoice(self):
        """R-1.7: finance opens the membership from its balance invoice and registers the payment; the
        deposit already paid, the membership starts."""
        membership = self.approved_membership(partner_id=self._holder("Tour Paying Holder").id)
        self.assertEqual(membership.state, "approved")
        balance = membership.balance_invoice_id
        self.assertEqual(balance.payment_state, "not_paid")

        self.start_tour("/odoo", "golf_finance_invoice_payment_tour", login=self.finance.login)

        balance.invalidate_recordset()
        membership.invalidate_recordset()
        self.assertIn(balance.payment_state, ("paid", "in_payment"))
        payment = balance._get_reconciled_payments()
        self.assertEqual(payment.create_uid, self.finance)
        self.assertEqual(payment.amount, balance.amount_total)
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_start, fields.Date.context_today(membership))
        # the cards, the bag tag and the certificate are now due.
        self.assertLessEqual({"member", "bag_tag", "certificate"}, set(membership.card_ids.mapped("card_type")))
        self.assertFalse(self.receivable_residual(membership.partner_id) > 0)
