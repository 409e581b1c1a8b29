import re
from datetime import date, timedelta

from lxml import html

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
        page = self.url_open("/my/account").text
        self.assertIn("change of address or name", page)
        self.assertRegex(page, r'<input[^>]*name="street"[^>]*readonly')
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
        page = self.url_open("/my/account").text
        self.assertNotIn("change of address or name", page)
        self.assertNotRegex(page, r'<input[^>]*name="street"[^>]*readonly')


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
        # The company's dues per year.
        tree = html.fromstring(detail.text)
        self.assertEqual(tree.xpath("//section[@id='golf_membership_dues']//li//strong/text()"),
                         [str(status.year) for status in self.corporate.dues_status_ids])
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


def amount(text):
    """The number shown on the page: '¥ 12,000.00' or '$12,000.00' -> 12000.0."""
    return float(re.sub(r"[^\d.\-]", "", text))


@tagged("post_install", "-at_install")
class TestGolfPortalSections(GolfMembershipCommon, HttpCase):
    """The member's pages (R-1.10): dues per year, cards, issued letters and certificate, dependents, the prepaid
    account with its statement; each member sees and downloads their own and nothing of another member's, by id or
    by the access token of another record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.member_a = Partner.create({"name": "Sections Member A", "email": "sections.a@example.com"})
        cls.member_b = Partner.create({"name": "Sections Member B", "email": "sections.b@example.com"})
        cls.user_a = new_test_user(cls.env, login="golf_sections_a", groups="base.group_portal",
                                   partner_id=cls.member_a.id, password="golf_sections_a")
        cls.user_b = new_test_user(cls.env, login="golf_sections_b", groups="base.group_portal",
                                   partner_id=cls.member_b.id, password="golf_sections_b")
        cls.today = date.today()

    def setUp(self):
        super().setUp()
        self.membership_a = self.active_membership(partner_id=self.member_a.id)
        self.membership_b = self.active_membership(partner_id=self.member_b.id)
        Dependent = self.env["golf.membership.dependent"]
        Partner = self.env["res.partner"]
        Dependent.create([
            {"membership_id": self.membership_a.id, "relation": "spouse",
             "partner_id": Partner.create({"name": "Spouse of Sections A"}).id},
            {"membership_id": self.membership_b.id, "relation": "spouse",
             "partner_id": Partner.create({"name": "Spouse of Sections B"}).id},
        ])
        self.prepaid_a = self.open_prepaid(self.membership_a, 8000.0, "Dinner of Sections A")
        self.prepaid_b = self.open_prepaid(self.membership_b, 3000.0, "Dinner of Sections B")

    # ------------------------------------------------------------------ helpers

    def open_prepaid(self, membership, paid_in, charge):
        """A prepaid account in force (R-2.1 / R-2.2), paid in and charged once."""
        account = self.env["golf.prepaid.account"].with_user(self.clerk).create({
            "membership_id": membership.id, "agreement_signed": True, "application_signed": True,
        })
        account.with_user(self.clerk).action_submit()
        payment = self.env["account.payment"].with_user(self.finance).create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": account.partner_id.id,
            "amount": paid_in, "journal_id": self.bank_journal.id, "golf_prepaid_account_id": account.id,
        })
        payment.action_post()
        account.with_user(self.finance).action_confirm_funds()
        account.with_user(self.finance).action_approve()
        self.env["golf.prepaid.charge"].with_user(self.clerk).create({
            "account_id": account.id, "description": charge, "outlet": "restaurant", "amount": 500.0,
            "signer_id": membership.member_partner_id.id,
        }).action_post()
        return account

    def bill_next_year_overdue(self):
        """R-6.2: next year's dues billed with a due date already past, so that they are overdue today."""
        run = self.env["golf.billing.run"].with_user(self.finance).create({
            "year": self.today.year + 1,
            "date_invoice": self.today - timedelta(days=60),
            "date_due": self.today - timedelta(days=30),
        })
        run.action_run()
        return self.membership_a.invoice_ids.filtered(lambda move: move.golf_billing_year == self.today.year + 1)

    def issue_cards(self, membership, *card_types):
        membership.card_ids.filtered(lambda card: card.card_type in card_types).with_user(self.clerk).action_issue()

    def login(self, user):
        self.authenticate(user.login, user.login)

    def page(self, membership):
        response = self.url_open(membership.access_url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def assertRefused(self, response, *secrets):
        """Redirected to /my (to the login page when not logged in) or not found; nothing of the other member in
        the answer."""
        refused = response.status_code == 404 or response.url.rstrip("/").endswith("/my") or (
            "/web/login" in response.url)
        self.assertTrue(refused, f"{response.status_code} {response.url}")
        self.assertNotIn("application/pdf", response.headers.get("Content-Type", ""))
        for secret in secrets:
            self.assertNotIn(secret, response.text)

    # ------------------------------------------------------------------ dues per year

    def test_dues_per_year(self):
        """Billed, paid, outstanding and overdue per year, from real invoices and payments."""
        dues_invoice = self.bill_next_year_overdue()
        self.assertEqual(dues_invoice.amount_total, 12000.0)
        self.pay(dues_invoice, amount=5000.0)
        # This year: the admission (deposit, balance with this year's dues) and the prepaid charge, all paid.
        this_year = self.membership_a.invoice_ids.filtered(
            lambda move: move.state == "posted"
            and (move.golf_billing_year or move.invoice_date.year) == self.today.year
        )
        self.assertIn(self.membership_a.balance_invoice_id, this_year)
        self.login(self.user_a)
        tree = html.fromstring(self.page(self.membership_a))
        years = {
            int(block.xpath(".//strong")[0].text_content()): {
                name: amount(block.xpath(f".//span[@name='{name}']")[0].text_content())
                for name in ("billed", "paid", "outstanding", "overdue")
            }
            for block in tree.xpath("//section[@id='golf_membership_dues']//li")
        }
        self.assertEqual(years[self.today.year + 1],
                         {"billed": 12000.0, "paid": 5000.0, "outstanding": 7000.0, "overdue": 7000.0})
        billed = sum(this_year.mapped("amount_total"))
        self.assertEqual(years[self.today.year],
                         {"billed": billed, "paid": billed, "outstanding": 0.0, "overdue": 0.0})
        self.assertEqual(set(years), {self.today.year, self.today.year + 1})
        # The invoices are listed with their portal link.
        invoices = tree.xpath("//section[@id='golf_membership_invoices']//a/@href")
        self.assertIn(f"/my/invoices/{dues_invoice.id}", " ".join(invoices))

    # ------------------------------------------------------------------ cards, dependents

    def test_cards_and_dependents_of_own_membership_only(self):
        self.issue_cards(self.membership_a, "member")
        self.login(self.user_a)
        page = self.page(self.membership_a)
        tree = html.fromstring(page)
        cards = tree.xpath("//section[@id='golf_membership_cards']//li")
        member_card = self.membership_a.card_ids.filtered(lambda card: card.card_type == "member")
        shown = {
            card.number: " ".join(item.text_content().split())
            for card in self.membership_a.card_ids.filtered(lambda card: card.state != "cancelled")
            for item in cards if card.number in item.text_content()
        }
        self.assertEqual(len(shown), len(cards))
        self.assertIn("Issued", shown[member_card.number])
        self.assertIn("Spouse of Sections A", page)
        self.assertIn(self.user_a.partner_id.name, shown[member_card.number])
        self.assertNotIn("Spouse of Sections B", page)
        for card in self.membership_b.card_ids:
            self.assertNotIn(card.number, page)
        self.assertTrue(tree.xpath("//section[@id='golf_membership_requests']"))

    # ------------------------------------------------------------------ letters and certificate

    def document_url(self, membership, document, token=None):
        url = f"/my/memberships/{membership.id}/documents/{document}"
        return f"{url}?access_token={token}" if token else url

    def test_documents_offered_once_issued(self):
        """The welcome letter since approval; the confirmation letter with the member card; the certificate once
        issued. Nothing else (the club's internal forms) is downloadable."""
        self.login(self.user_a)
        links = html.fromstring(self.page(self.membership_a)).xpath("//section[@id='golf_membership_documents']//a")
        self.assertEqual([" ".join(link.text_content().split()) for link in links], ["Welcome Letter"])
        self.assertEqual(self.url_open(self.document_url(self.membership_a, "certificate")).status_code, 404)
        self.assertEqual(self.url_open(self.document_url(self.membership_a, "confirmation_letter")).status_code, 404)

        self.issue_cards(self.membership_a, "member", "certificate")
        links = html.fromstring(self.page(self.membership_a)).xpath("//section[@id='golf_membership_documents']//a")
        self.assertEqual(len(links), 3)
        for document in ("welcome_letter", "confirmation_letter", "certificate"):
            with self.subTest(document=document):
                self.assertTrue(any(f"/documents/{document}?" in link.get("href") for link in links))
                response = self.url_open(self.document_url(self.membership_a, document) + "?download=true")
                self.assertEqual(response.status_code, 200)
                self.assertIn(self.membership_a.name, response.text)
                self.assertIn("attachment", response.headers.get("Content-Disposition", ""))
        for document in ("delivery_receipt", "report_golf_memo_transfer"):
            self.assertEqual(self.url_open(self.document_url(self.membership_a, document)).status_code, 404)
        response = self.url_open(self.document_url(self.membership_a, "certificate") + "?report_type=text")
        self.assertEqual(response.status_code, 404)

    def test_documents_of_another_member_refused(self):
        """Changing the id in the URL, or using the access token of one's own membership, opens nothing."""
        self.issue_cards(self.membership_a, "member", "certificate")
        self.issue_cards(self.membership_b, "member", "certificate")
        self.login(self.user_a)
        token_a = self.membership_a._portal_ensure_token()
        for document in ("welcome_letter", "confirmation_letter", "certificate"):
            with self.subTest(document=document):
                for token in (None, token_a):
                    response = self.url_open(self.document_url(self.membership_b, document, token))
                    self.assertRefused(response, self.membership_b.name, self.member_b.name)

    def test_shared_link_opens_that_membership_only(self):
        """A link shared with the access token of a membership opens its documents, and those only."""
        self.issue_cards(self.membership_b, "member", "certificate")
        token_b = self.membership_b._portal_ensure_token()
        self.authenticate(None, None)
        response = self.url_open(self.document_url(self.membership_b, "certificate", token_b))
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.membership_b.name, response.text)
        response = self.url_open(self.document_url(self.membership_a, "certificate", token_b))
        self.assertRefused(response, self.membership_a.name)
        self.assertRefused(self.url_open(self.document_url(self.membership_b, "certificate", "0" * 36)),
                           self.membership_b.name)

    # ------------------------------------------------------------------ prepaid account

    def statement_url(self, membership, account, token=None):
        url = f"/my/memberships/{membership.id}/prepaid/{account.id}/statement"
        return f"{url}?access_token={token}" if token else url

    def test_prepaid_balance_and_statement(self):
        self.login(self.user_a)
        tree = html.fromstring(self.page(self.membership_a))
        section = tree.xpath("//section[@id='golf_membership_prepaid']")[0]
        self.assertEqual(amount(section.xpath(".//span[@name='balance']")[0].text_content()), 7500.0)
        text = section.text_content()
        self.assertIn(self.prepaid_a.name, text)
        self.assertIn("Dinner of Sections A", text)
        self.assertNotIn("Dinner of Sections B", text)
        self.assertNotIn(self.prepaid_b.name, text)
        link = section.xpath(".//a[contains(@href, '/statement')]/@href")[0]
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.prepaid_a.name, response.text)
        self.assertIn("Dinner of Sections A", response.text)

    def test_prepaid_statement_of_another_member_refused(self):
        self.login(self.user_a)
        token_a = self.membership_a._portal_ensure_token()
        for url in (
            self.statement_url(self.membership_a, self.prepaid_b),
            self.statement_url(self.membership_a, self.prepaid_b, token_a),
            self.statement_url(self.membership_b, self.prepaid_b),
            self.statement_url(self.membership_b, self.prepaid_b, token_a),
        ):
            with self.subTest(url=url):
                self.assertRefused(self.url_open(url), self.prepaid_b.name, "Dinner of Sections B")

    # ------------------------------------------------------------------ Chinese

    def test_page_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["golf_membership"], ["zh_CN"], overwrite=True)
        self.user_a.lang = "zh_CN"
        self.bill_next_year_overdue()
        self.login(self.user_a)
        page = self.page(self.membership_a)
        for term in ("每年账单", "附属会员", "预付款账户", "欢迎函", "下载账单", "已逾期"):
            self.assertIn(term, page)
        self.assertNotIn("Bills per Year", page)
