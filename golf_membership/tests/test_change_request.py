from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestChangeRequest(GolfChangesCommon):
    """R-10.1: a change of address or name is applied once the club approves; later bills use it."""

    def setUp(self):
        super().setUp()
        self.enterContext(freeze_time("2025-03-03"))
        self.applicant.write({"street": "1 Old Road", "city": "Shenzhen", "zip": "518000"})
        self.membership = self.active_membership()
        self.country = self.env.ref("base.cn")

    def request(self, **values):
        values = {"membership_id": self.membership.id, **values}
        return self.env["golf.membership.change.request"].with_user(self.clerk).create(values)

    def test_address_applied_on_approval(self):
        request = self.request(new_street="88 Binhai Avenue", new_city="Zhuhai", new_zip="519000",
                               new_country_id=self.country.id)
        self.assertEqual(request.partner_id, self.applicant)
        request.with_user(self.clerk).action_submit()
        # Nothing changes before the club approves.
        self.assertEqual(self.applicant.street, "1 Old Road")
        self.assertTrue(request.with_user(self.supervisor).can_approve)
        request.with_user(self.supervisor).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.applicant.street, "88 Binhai Avenue")
        self.assertEqual(self.applicant.city, "Zhuhai")
        self.assertEqual(self.applicant.zip, "519000")
        self.assertEqual(self.applicant.country_id, self.country)
        # Empty means unchanged.
        self.assertEqual(self.applicant.name, "Zhang Wei")
        self.assertEqual(self.applicant.phone, "13800000001")
        self.assertEqual(self.applicant.email, "zhang.wei@example.com")
        # The history stays visible: the previous values on the request and in the chatters.
        self.assertIn("1 Old Road", request.old_values)
        self.assertIn("Shenzhen", request.old_values)
        self.assertIn("1 Old Road", self.membership.message_ids[0].body)
        self.assertIn(request, self.membership.change_request_ids)
        # Later bills go to the new address.
        with freeze_time("2025-11-20"):
            run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2026})
            run.action_run()
        dues = self.membership.invoice_ids.filtered(lambda m: m.golf_fee_type == "dues")
        html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", dues.ids)[0].decode()
        self.assertIn("88 Binhai Avenue", html)
        self.assertNotIn("1 Old Road", html)

    def test_name_phone_email(self):
        request = self.request(new_name="Zhang Weiming", new_phone="13900000002", new_email="zwm@example.com")
        request.with_user(self.clerk).action_submit()
        request.with_user(self.director).action_approve()
        self.assertEqual(self.applicant.name, "Zhang Weiming")
        self.assertEqual(self.applicant.phone, "13900000002")
        self.assertEqual(self.applicant.email, "zwm@example.com")
        self.assertEqual(self.applicant.street, "1 Old Road")
        self.assertIn("Zhang Wei", request.old_values)

    def test_nothing_to_change(self):
        request = self.request(new_street="   ")
        with self.assertRaisesRegex(UserError, "at least one new value"):
            request.with_user(self.clerk).action_submit()
        self.assertEqual(request.state, "draft")

    def test_who_approves(self):
        """R-10.1: the club approves: a supervisor or above, not a clerk, the committee or finance."""
        request = self.request(new_city="Zhuhai")
        request.with_user(self.clerk).action_submit()
        for user in (self.clerk, self.committee, self.finance):
            with self.assertRaises(AccessError):
                request.with_user(user).action_approve()
        self.assertFalse(request.with_user(self.clerk).can_approve)
        self.assertEqual(self.applicant.city, "Shenzhen")
        self.assertEqual(request.state, "submitted")

    def test_reject_changes_nothing(self):
        request = self.request(new_city="Zhuhai")
        request.with_user(self.clerk).action_submit()
        request.with_user(self.supervisor).action_reject(reason="No written request")
        self.assertEqual(request.state, "rejected")
        self.assertEqual(self.applicant.city, "Shenzhen")
        with self.assertRaises(UserError):
            request.with_user(self.supervisor).action_approve()

    def test_contact_of_the_membership(self):
        """The changed contact is the holder, the nominee or a dependent of the membership."""
        spouse = self.add_dependent(self.membership)
        request = self.request(partner_id=spouse.partner_id.id, new_phone="13700000003")
        request.with_user(self.clerk).action_submit()
        request.with_user(self.supervisor).action_approve()
        self.assertEqual(spouse.partner_id.phone, "13700000003")
        with self.assertRaises(ValidationError):
            self.request(partner_id=self.transferee.id, new_city="Zhuhai")
