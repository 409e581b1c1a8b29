from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import GolfMembershipCommon

# What the front desk types: the caller ID, and the ways a member spells the number on a form.
PHONE_SPELLINGS = ("13823456701", "+86 138 2345 6701", "0086 138-2345-6701", "8613823456701")


@tagged("post_install", "-at_install")
class TestFrontDesk(GolfMembershipCommon):
    """The front desk finds a member by phone in any spelling and by card number (R-12.4: files are
    searched quickly), and member-facing documents come out in the member's language (R-1.6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.applicant.phone = "+86 138 2345 6701"
        cls.other = cls.env["res.partner"].create({"name": "Wang Fang", "phone": "+86 139 0000 6701"})

    # ------------------------------------------------------------------ helpers

    def _search_view_domain(self, model, field_name, text):
        """The domain the web client builds when ``text`` is searched in the field ``field_name`` of the
        model's default search view (its filter_domain evaluated with ``self`` = the text typed). The
        contacts' phone is ``phone_mobile_search`` when phone_validation is installed."""
        if model == "res.partner" and field_name == "phone":
            field_name = "phone' or @name='phone_mobile_search"
        views = self.env[model].with_user(self.clerk).get_views([(False, "search")])
        arch = etree.fromstring(views["views"]["search"]["arch"])
        node = arch.xpath(f"//field[@name='{field_name}']")[0]
        filter_domain = node.get("filter_domain")
        if not filter_domain:
            return [(field_name, node.get("operator") or "ilike", text)]
        return safe_eval(filter_domain, {"self": text})

    def _main_search_field(self, model):
        views = self.env[model].with_user(self.clerk).get_views([(False, "search")])
        return etree.fromstring(views["views"]["search"]["arch"]).xpath("//field")[0].get("name")

    # ------------------------------------------------------------------ phone and card

    def test_phone_digits_normalised(self):
        Partner = self.env["res.partner"]
        for spelling in PHONE_SPELLINGS:
            self.assertEqual(Partner._golf_phone_digits(spelling), "13823456701", spelling)
        self.assertEqual(Partner._golf_phone_digits("0755-8888 1234"), "75588881234")
        self.assertEqual(Partner._golf_phone_digits("+86 755 8888 1234"), "75588881234")
        self.assertEqual(self.applicant.golf_phone_digits, "13823456701")

    def test_find_membership_by_phone_any_spelling(self):
        membership = self.create_membership()
        other = self.create_membership(partner_id=self.other.id)
        Membership = self.env["golf.membership"].with_user(self.clerk)
        self.assertEqual(self._main_search_field("golf.membership"), "name")
        for spelling in PHONE_SPELLINGS:
            with self.subTest(spelling=spelling):
                found = Membership.browse([rid for rid, __ in Membership.name_search(spelling)])
                self.assertEqual(found, membership)
                for field_name in ("name", "phone"):
                    domain = self._search_view_domain("golf.membership", field_name, spelling)
                    self.assertEqual(Membership.search(domain), membership, field_name)
        # the last digits only (the caller ID dropped the area code of a landline)
        self.assertEqual(Membership.search(self._search_view_domain("golf.membership", "name", "2345 6701")),
                         membership)
        # a name still finds by name, and does not match every phone
        self.assertEqual(Membership.search(self._search_view_domain("golf.membership", "name", "Wang Fang")), other)

    def test_find_membership_by_card_number_in_search_view(self):
        membership = self.approved_membership()
        number = membership.card_ids[:1].number
        self.assertTrue(number)
        # a member whose phone ends with the digits of the card number is not found by the card number
        digits = "".join(char for char in number if char.isdigit())
        lookalike = self.env["res.partner"].create({"name": "Zhao Lei", "phone": f"+86 139 {digits}"})
        self.create_membership(partner_id=lookalike.id)
        Membership = self.env["golf.membership"].with_user(self.clerk)
        domain = self._search_view_domain("golf.membership", "name", number)
        self.assertEqual(Membership.search(domain), membership)
        self.assertIn(membership.id, [rid for rid, __ in Membership.name_search(number)])

    def test_find_contact_by_phone_any_spelling(self):
        Partner = self.env["res.partner"].with_user(self.clerk)
        for spelling in PHONE_SPELLINGS:
            with self.subTest(spelling=spelling):
                domain = self._search_view_domain("res.partner", "phone", spelling)
                self.assertEqual(Partner.search(domain), self.applicant)

    def test_phone_search_uses_stored_digits(self):
        """The search is one SQL condition on the indexed digits, not a Python filter of all contacts."""
        query = self.env["res.partner"]._search([("golf_phone_search", "ilike", "+86 138 2345 6701")])
        self.assertIn("golf_phone_digits", query.select().code)

    # ------------------------------------------------------------------ language

    def test_contact_and_documents_in_club_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["golf_membership"], ["zh_CN"], overwrite=True)
        self.company.partner_id.lang = "zh_CN"
        self.clerk.lang = "en_US"
        # the clerk who opens the members' files may create contacts
        self.clerk.group_ids += self.env.ref("base.group_partner_manager")
        Partner = self.env["res.partner"].with_user(self.clerk).with_context(lang="en_US")
        # a contact created by an English-speaking clerk of a Chinese club speaks Chinese
        member = Partner.create({"name": "陈静", "phone": "13911112222"})
        self.assertEqual(member.lang, "zh_CN")
        # Odoo's own behaviour is kept: an explicit default, or the lang given, wins
        self.assertEqual(Partner.with_context(default_lang="en_US").create({"name": "Guest"}).lang, "en_US")
        self.assertEqual(Partner.create({"name": "Visitor", "lang": "en_US"}).lang, "en_US")

        membership = self.approved_membership(partner_id=member.id)
        html = self.env["ir.actions.report"].with_context(lang="en_US")._render_qweb_html(
            "golf_membership.report_golf_welcome_letter", membership.ids)[0].decode()
        self.assertIn("欢迎加入", html)
        self.assertNotIn("Welcome to", html)

        # names generated by an English user are in the club's language
        run = self.env["golf.billing.run"].with_user(self.finance).with_context(lang="en_US").create({"year": 2027})
        self.assertIn("2027", run.name)
        self.assertNotIn("Dues", run.name)
        report = self.env["golf.membership.register.report"].with_user(self.manager).with_context(
            lang="en_US").create({"year": 2026, "month": "11"})
        self.assertIn("2026-11", report.name)
        self.assertNotIn("Membership report", report.name)

    def test_daily_cron_runs_in_club_language(self):
        """The crons write in the club's language: their code passes the company partner's lang."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.company.partner_id.lang = "zh_CN"
        cron = self.env.ref("golf_membership.ir_cron_golf_membership_daily")
        self.assertIn("partner_id.lang", cron.code)
        cron.ir_actions_server_id.with_context(lang="en_US").run()
