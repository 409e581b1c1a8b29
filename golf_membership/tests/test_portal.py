from odoo import http
from odoo.exceptions import AccessError
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


    # ------------------------------------------------------------------ at /my/account

    def submit_my_details(self, user, password, **changes):
        partner = user.partner_id
        self.authenticate(user.login, password)
        data = {
            "name": partner.name, "email": partner.email, "phone": partner.phone or "",
            "street": partner.street or "", "city": partner.city or "", "zip": partner.zip or "",
            "country_id": str(partner.country_id.id), "partner_id": str(partner.id),
            "csrf_token": http.Request.csrf_token(self), **changes,
        }
        return self.url_open("/my/address/submit", data=data).json()

    def test_member_cannot_rewrite_name_or_address(self):
        """R-10.1: a member's new address or name needs the club's approval; e-mail and phone do not."""
        address = {"street": "1 Shennan Road", "city": "Shenzhen", "zip": "518000",
                   "country_id": self.env.ref("base.cn").id, "phone": "13800000001"}
        self.member_a.write(address)
        name = self.member_a.name
        for change in ({"street": "8 Binhai Avenue"}, {"name": "Portal Member A2"}):
            with self.subTest(change=change):
                feedback = self.submit_my_details(self.user_a, "golf_portal_a", **change)
                self.assertIn(next(iter(change)), feedback["invalid_fields"])
                self.assertIn("change of address or name", " ".join(feedback["messages"]))
        self.assertEqual((self.member_a.name, self.member_a.street), (name, "1 Shennan Road"))
        feedback = self.submit_my_details(self.user_a, "golf_portal_a", phone="13800000002",
                                          email="new.a@example.com")
        self.assertNotIn("messages", feedback)
        self.assertEqual((self.member_a.phone, self.member_a.email), ("13800000002", "new.a@example.com"))

    def test_non_member_edits_own_address(self):
        """Someone without a running membership (a former applicant, a guest) keeps Odoo's usual page."""
        guest = self.env["res.partner"].create({
            "name": "Portal Guest", "email": "guest@example.com", "phone": "13800000003", "street": "1 Shennan Road",
            "city": "Shenzhen", "zip": "518000", "country_id": self.env.ref("base.cn").id,
        })
        user = new_test_user(self.env, login="golf_portal_guest", groups="base.group_portal",
                             partner_id=guest.id, password="golf_portal_guest")
        feedback = self.submit_my_details(user, "golf_portal_guest", street="8 Binhai Avenue")
        self.assertNotIn("messages", feedback)
        self.assertEqual(guest.street, "8 Binhai Avenue")


@tagged("post_install", "-at_install")
class TestGolfPortalScope(GolfMembershipCommon, HttpCase):
    """R-1.10: two contacts of one company, each with an individual membership, see nothing of each other; the
    company's corporate membership is seen by its nominee and by the company's invoice contact (its authorised
    contact), not by the other contacts of the company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.corp = Partner.create({"name": "Guangzhou Steel Ltd.", "is_company": True})
        cls.colleague_a = Partner.create({"name": "Chen Jie", "parent_id": cls.corp.id, "type": "contact",
                                          "email": "chen.jie@example.com"})
        cls.colleague_b = Partner.create({"name": "Huang Min", "parent_id": cls.corp.id, "type": "contact",
                                          "email": "huang.min@example.com"})
        cls.corp_nominee = Partner.create({"name": "Zhao Lei", "parent_id": cls.corp.id, "type": "contact",
                                           "email": "zhao.lei@example.com"})
        cls.corp_billing = Partner.create({"name": "Accounts Guangzhou Steel", "parent_id": cls.corp.id,
                                           "type": "invoice", "email": "accounts@example.com"})
        cls.portal_users = {
            key: new_test_user(cls.env, login=f"golf_scope_{key}", password=f"golf_scope_{key}",
                               groups="base.group_portal", partner_id=partner.id)
            for key, partner in (("a", cls.colleague_a), ("b", cls.colleague_b), ("nominee", cls.corp_nominee),
                                 ("billing", cls.corp_billing))
        }

    def setUp(self):
        super().setUp()
        self.membership_a = self.active_membership(partner_id=self.colleague_a.id)
        self.membership_b = self.active_membership(partner_id=self.colleague_b.id)
        self.corporate = self.active_membership(
            partner_id=self.corp.id, nominee_id=self.corp_nominee.id, type_id=self.tier_corporate.id
        )
        self.membership_b.sudo().write({"decision_note": "Slow payer, watch the dues", "key_member": True})
        Dependent = self.env["golf.membership.dependent"]
        self.dependent_a = Dependent.create({
            "membership_id": self.membership_a.id, "relation": "spouse",
            "partner_id": self.env["res.partner"].create({"name": "Spouse of Chen"}).id,
        })
        self.dependent_b = Dependent.create({
            "membership_id": self.membership_b.id, "relation": "spouse",
            "partner_id": self.env["res.partner"].create({"name": "Spouse of Huang"}).id,
        })
        Prepaid = self.env["golf.prepaid.account"]
        self.prepaid_a = Prepaid.create({"membership_id": self.membership_a.id})
        self.prepaid_b = Prepaid.create({"membership_id": self.membership_b.id})
        self.prepaid_corp = Prepaid.create({"membership_id": self.corporate.id})

    def _visible(self, key, model):
        return self.env[model].with_user(self.portal_users[key]).search([])

    def test_scope_through_the_orm(self):
        """What each portal user finds by search and may read over RPC (R-1.10)."""
        memberships = {
            "a": self.membership_a, "b": self.membership_b,
            "nominee": self.corporate, "billing": self.corporate,
        }
        prepaid = {"a": self.prepaid_a, "b": self.prepaid_b, "nominee": self.prepaid_corp,
                   "billing": self.prepaid_corp}
        all_memberships = self.membership_a | self.membership_b | self.corporate
        for key, mine in memberships.items():
            with self.subTest(user=key):
                user = self.portal_users[key]
                self.assertEqual(self._visible(key, "golf.membership"), mine)
                self.assertEqual(self._visible(key, "golf.membership.dependent"), mine.dependent_ids)
                self.assertEqual(self._visible(key, "golf.membership.card"), mine.card_ids)
                self.assertTrue(mine.card_ids)
                self.assertEqual(self._visible(key, "golf.prepaid.account"), prepaid[key])
                self.assertEqual(mine.with_user(user).read(["name"])[0]["name"], mine.name)
                for other in all_memberships - mine:
                    with self.assertRaises(AccessError):
                        other.with_user(user).read(["name"])
                    with self.assertRaises(AccessError):
                        other.card_ids.with_user(user).read(["number"])
                    if other.dependent_ids:
                        with self.assertRaises(AccessError):
                            other.dependent_ids.with_user(user).read(["partner_id"])
        # The contacts of the company who are not its invoice contact see nothing of the corporate membership.
        self.assertNotIn(self.corporate, self._visible("a", "golf.membership"))
        # Odoo's own invoice rules give the company's invoices to its contacts; the club's files are not.
        corporate_invoice = self.corporate.deposit_invoice_id
        self.assertEqual(corporate_invoice.with_user(self.portal_users["billing"]).read(["name"])[0]["name"],
                         corporate_invoice.name)

    def test_internal_fields_hidden_from_portal(self):
        """R-1.10: decision notes, internal notes, sales representative, reviewers are for the club's staff."""
        user = self.portal_users["b"]
        membership = self.membership_b.with_user(user)
        self.assertEqual(membership.name, self.membership_b.name)
        for field_name in ("decision_note", "note", "user_id", "suspended_for_dues", "key_member"):
            with self.subTest(field=field_name):
                with self.assertRaises(AccessError):
                    membership.read([field_name])
                self.assertNotIn(field_name, membership.fields_get())
        with self.assertRaises(AccessError):
            self.dependent_b.with_user(user).read(["reviewer_id"])
        for field_name in ("note", "user_id", "approved_by_id", "funds_confirmed_by_id"):
            with self.assertRaises(AccessError):
                self.prepaid_b.with_user(user).read([field_name])
        # The club's staff still read them.
        self.assertEqual(self.membership_b.with_user(self.clerk).decision_note, "Slow payer, watch the dues")
        self.assertTrue(self.membership_b.with_user(self.finance).key_member)

    def _login(self, key):
        self.authenticate(f"golf_scope_{key}", f"golf_scope_{key}")

    def test_colleagues_pages(self):
        """A colleague's membership is neither listed nor opened, by id or by its access URL."""
        self._login("a")
        page = self.url_open("/my/memberships")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.membership_a.name, page.text)
        self.assertNotIn(self.membership_b.name, page.text)
        self.assertNotIn(self.corporate.name, page.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["golf_membership_count"]})
        self.assertEqual(counters["golf_membership_count"], 1)
        for membership in (self.membership_b, self.corporate):
            response = self.url_open(f"/my/memberships/{membership.id}")
            self.assertIn(response.status_code, (200, 403, 404))
            self.assertFalse(response.url.endswith(f"/my/memberships/{membership.id}"))
            self.assertNotIn(membership.name, response.text)
            for card in membership.card_ids:
                self.assertNotIn(card.number, response.text)
        page = self.url_open(f"/my/memberships/{self.membership_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Spouse of Chen", page.text)
        self.assertNotIn("Spouse of Huang", page.text)

    def test_authorised_contact_pages(self):
        """The company's invoice contact sees the corporate membership with its invoices, not the colleagues'."""
        self._login("billing")
        page = self.url_open("/my/memberships")
        self.assertIn(self.corporate.name, page.text)
        self.assertNotIn(self.membership_a.name, page.text)
        self.assertNotIn(self.membership_b.name, page.text)
        detail = self.url_open(f"/my/memberships/{self.corporate.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.corporate.name, detail.text)
        self.assertIn(self.corp_nominee.name, detail.text)
        self.assertIn(f"/my/invoices/{self.corporate.deposit_invoice_id.id}", detail.text)
        self.assertNotIn("Slow payer", detail.text)
        response = self.url_open(f"/my/memberships/{self.membership_a.id}")
        self.assertNotIn(self.membership_a.name, response.text)

    def test_nominee_pages(self):
        self._login("nominee")
        page = self.url_open("/my/memberships")
        self.assertIn(self.corporate.name, page.text)
        self.assertNotIn(self.membership_a.name, page.text)
        detail = self.url_open(f"/my/memberships/{self.corporate.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.corporate.name, detail.text)
