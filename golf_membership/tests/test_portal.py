from odoo.tests import HttpCase, new_test_user, tagged

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestGolfPortal(GolfMembershipCommon, HttpCase):
    """The member portal: a member's contact with portal access sees only their own memberships."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.member_a = Partner.create({"name": "Portal Member A", "email": "portal.a@example.com",
                                       "golf_id_number": "110101199001011234"})
        cls.member_b = Partner.create({"name": "Portal Member B", "email": "portal.b@example.com"})
        cls.spouse_a = Partner.create({"name": "Spouse of A"})
        cls.user_a = new_test_user(cls.env, login="golf_portal_a", groups="base.group_portal",
                                   partner_id=cls.member_a.id, password="golf_portal_a")
        cls.user_b = new_test_user(cls.env, login="golf_portal_b", groups="base.group_portal",
                                   partner_id=cls.member_b.id, password="golf_portal_b")

    def setUp(self):
        super().setUp()
        self.membership_a = self.active_membership(partner_id=self.member_a.id)
        self.membership_b = self.active_membership(partner_id=self.member_b.id)
        self.env["golf.membership.dependent"].create({
            "membership_id": self.membership_a.id, "partner_id": self.spouse_a.id, "relation": "spouse",
        })

    def test_home_counter(self):
        self.authenticate(self.user_a.login, "golf_portal_a")
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["golf_membership_count"]})
        self.assertEqual(result["golf_membership_count"], 1)
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn("/my/memberships", home.text)

    def test_list_shows_own_memberships_only(self):
        self.authenticate(self.user_a.login, "golf_portal_a")
        response = self.url_open("/my/memberships")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.membership_a.name, response.text)
        self.assertIn(self.membership_a.access_url, response.text)
        self.assertNotIn(self.membership_b.name, response.text)

    def test_detail_of_other_member_refused(self):
        self.authenticate(self.user_a.login, "golf_portal_a")
        response = self.url_open(self.membership_b.access_url)
        self.assertNotIn(self.membership_b.name, response.text)
        self.assertFalse(response.url.endswith(self.membership_b.access_url))
        for card in self.membership_b.card_ids:
            self.assertNotIn(card.number, response.text)

    def test_detail_page(self):
        """Cards, dependents and the posted invoices with their portal link; R-1.10: no ID number."""
        self.authenticate(self.user_a.login, "golf_portal_a")
        response = self.url_open(f"/my/memberships/{self.membership_a.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.membership_a.name, page)
        self.assertIn(self.tier_gold.name, page)
        self.assertTrue(self.membership_a.card_ids.filtered(lambda card: card.card_type == "member"))
        for card in self.membership_a.card_ids:
            self.assertIn(card.number, page)
        self.assertIn("Spouse of A", page)
        invoices = self.membership_a.invoice_ids.filtered(lambda move: move.state == "posted")
        self.assertTrue(invoices)
        for invoice in invoices:
            self.assertIn(invoice.name, page)
            self.assertIn(f"/my/invoices/{invoice.id}", page)
        self.assertNotIn("110101199001011234", page)

        # The invoice link opens the standard invoice portal page for the member.
        invoice_page = self.url_open(f"/my/invoices/{invoices[0].id}")
        self.assertEqual(invoice_page.status_code, 200)
        self.assertIn(invoices[0].name, invoice_page.text)
