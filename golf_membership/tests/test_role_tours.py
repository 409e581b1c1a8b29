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
        (cls.clerk | cls.director).write({"lang": "zh_CN"})

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
