from odoo.tests import HttpCase, tagged

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestGolfMembershipTour(GolfMembershipCommon, HttpCase):
    """What a person does in the browser: the backend views, menus and buttons."""

    def test_manager_approves_application(self):
        """R-1.3 / R-1.4: a manager approves a submitted application whose documents were all received
        (R-1.1) from the Applications menu; the balance is invoiced."""
        applicant = self.env["res.partner"].create({"name": "Tour Applicant", "email": "tour.applicant@example.com"})
        membership = self.submitted_membership(partner_id=applicant.id)
        self.pay(membership.deposit_invoice_id)  # the deposit is received before approval
        self.assertEqual(membership.state, "submitted")
        self.assertTrue(membership.documents_complete)

        self.start_tour("/odoo", "golf_membership_approve_tour", login=self.manager.login)

        membership.invalidate_recordset()
        self.assertEqual(membership.state, "approved")
        self.assertTrue(membership.date_approved)
        self.assertEqual(membership.balance_invoice_id.state, "posted")
        self.assertEqual(membership.balance_invoice_id.golf_fee_type, "balance")
        self.assertIn(membership.balance_invoice_id, membership.invoice_ids)
