from freezegun import freeze_time
from lxml import etree
from psycopg2.errors import CheckViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GolfMembershipCommon

POLICY_DEFAULTS = {
    "golf_balance_days": 7,
    "golf_card_days": 20,
    "golf_certificate_days": 30,
    "golf_dependent_card_days": 5,
    "golf_late_fee_days": 30,
    "golf_suspension_days": 180,
    "golf_transfer_min_years": 2,
    "golf_transfer_notice_days": 30,
    "golf_absence_min_months": 6,
    "golf_absence_max_months": 24,
    "golf_absence_gap_months": 12,
    "golf_absence_notice_days": 15,
}


@tagged("post_install", "-at_install")
class TestGolfMembershipContacts(GolfMembershipCommon):
    """R-12.4: member files are archived by a fixed scheme and found quickly."""

    def setUp(self):
        super().setUp()
        self.enterContext(freeze_time("2025-03-03"))
        self.membership = self.active_membership()

    def find(self, text, user=None):
        Membership = self.env["golf.membership"].with_user(user or self.clerk)
        return Membership.browse([record_id for record_id, _name in Membership.name_search(text)])

    def test_quick_search(self):
        """R-12.4: a member file is found by its number, the holder's name or phone, or a card number."""
        other = self.create_membership(partner_id=self.env["res.partner"].create({"name": "Liu Yang"}).id)
        member_card = self.membership.card_ids.filtered(lambda c: c.card_type == "member")
        self.assertEqual(self.find(self.membership.name), self.membership)
        self.assertEqual(self.find("Zhang Wei"), self.membership)
        self.assertEqual(self.find("13800000001"), self.membership)
        self.assertEqual(self.find(member_card.number), self.membership)
        self.assertEqual(self.find("Liu Yang"), other)
        self.assertEqual(
            self.env["golf.membership"].with_user(self.clerk).search([("display_name", "ilike", member_card.number)]),
            self.membership,
        )

    def test_search_corporate_by_nominee(self):
        corporate = self.create_membership(
            partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id
        )
        self.assertEqual(self.find("Li Na"), corporate)
        self.assertEqual(self.find("Shenzhen Trading"), corporate)

    def test_partner_membership_summary(self):
        """The contact shows how many memberships the person holds or uses, and the status."""
        self.assertEqual(self.applicant.golf_membership_count, 1)
        self.assertEqual(self.applicant.golf_member_state, "active")
        corporate = self.approved_membership(
            partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id
        )
        self.assertEqual(corporate.state, "approved")
        self.assertEqual(self.company_holder.golf_membership_count, 1)
        self.assertEqual(self.nominee.golf_membership_count, 1, "The nominee uses the corporate membership")
        self.assertEqual(self.nominee.golf_member_state, "approved")
        action = self.applicant.with_user(self.clerk).action_view_golf_memberships()
        self.assertEqual(self.env["golf.membership"].with_user(self.clerk).search(action["domain"]), self.membership)

    def test_archive_instead_of_delete(self):
        """R-12.4: files with a history are archived, not deleted."""
        with self.assertRaisesRegex(UserError, "archive"):
            self.membership.with_user(self.manager).unlink()
        self.membership.with_user(self.clerk).action_archive()
        self.assertFalse(self.membership.active)
        Membership = self.env["golf.membership"].with_user(self.clerk)
        self.assertFalse(Membership.search([("id", "=", self.membership.id)]))
        self.assertEqual(
            Membership.with_context(active_test=False).search([("id", "=", self.membership.id)]), self.membership
        )
        self.membership.with_user(self.clerk).action_unarchive()
        self.assertTrue(self.membership.active)

    def test_draft_without_invoices_can_be_deleted(self):
        draft = self.create_membership(partner_id=self.env["res.partner"].create({"name": "Liu Yang"}).id)
        draft.with_user(self.clerk).unlink()
        self.assertFalse(draft.exists())

    def test_submitted_membership_cannot_be_deleted(self):
        submitted = self.submit(self.create_membership())
        with self.assertRaises(UserError):
            submitted.with_user(self.manager).unlink()
        self.assertTrue(submitted.exists())


@tagged("post_install", "-at_install")
class TestGolfMembershipSecurity(GolfMembershipCommon):
    """R-1.10: member records are confidential."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.applicant.sudo().golf_id_number = "110101199003071234"
        cls.other_partner = cls.env["res.partner"].create({"name": "Liu Yang"})
        cls.portal_user = new_test_user(
            cls.env, login="golf_portal", groups="base.group_portal", partner_id=cls.applicant.id, name="Zhang Wei",
            company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)],
        )

    def test_id_number_hidden_from_finance(self):
        """R-1.10: member services see the ID number; finance does not."""
        membership = self.create_membership()
        self.assertEqual(self.applicant.with_user(self.clerk).golf_id_number, "110101199003071234")
        self.assertEqual(membership.with_user(self.clerk).member_id_number, "110101199003071234")

        partner = self.applicant.with_user(self.finance)
        self.assertEqual(partner.name, "Zhang Wei")
        with self.assertRaises(AccessError):
            partner.golf_id_number  # noqa: B018
        with self.assertRaises(AccessError):
            partner.read(["golf_id_number"])
        self.assertNotIn("golf_id_number", partner.fields_get())
        finance_membership = membership.with_user(self.finance)
        self.assertEqual(finance_membership.partner_id, self.applicant)
        with self.assertRaises(AccessError):
            finance_membership.member_id_number  # noqa: B018
        self.assertNotIn("member_id_number", finance_membership.fields_get())
        with self.assertRaises(AccessError):
            partner.write({"golf_id_number": "X"})

    def test_finance_cannot_read_documents(self):
        """R-1.10: the document checklist (ID copies, photos) stays with member services."""
        membership = self.submit(self.create_membership())
        self.assertTrue(membership.document_ids)
        with self.assertRaises(AccessError):
            self.env["golf.membership.document"].with_user(self.finance).search([])
        with self.assertRaises(AccessError):
            membership.document_ids.with_user(self.finance).read(["name"])

    @freeze_time("2025-03-03")
    def test_finance_opens_membership_form(self):
        """Finance works on memberships (fees, refunds) without seeing the restricted parts of the file."""
        membership = self.submit(self.create_membership())
        Membership = self.env["golf.membership"].with_user(self.finance)
        form = Membership.get_views([(False, "form")])["views"]["form"]
        # The fields the web client reads: those of the form itself, not of embedded sub-views.
        names = {node.get("name") for node in etree.fromstring(form["arch"]).xpath("//field[not(ancestor::field)]")}
        self.assertNotIn("member_id_number", names)
        self.assertNotIn("document_ids", names)
        fields = Membership.fields_get(list(names), ["type"])
        spec = {
            name: {"fields": {"display_name": {}}} if field["type"] in ("one2many", "many2many", "many2one") else {}
            for name, field in fields.items()
        }
        self.assertTrue(Membership.browse(membership.id).web_read(spec))

    def test_portal_sees_only_own_memberships(self):
        mine = self.create_membership()
        theirs = self.create_membership(partner_id=self.other_partner.id)
        Membership = self.env["golf.membership"].with_user(self.portal_user)
        self.assertEqual(Membership.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_user).write({"note": "hello"})

    def test_multi_company(self):
        """A club's memberships are not visible to the staff of another club."""
        company_b = self.env["res.company"].create({"name": "Golf Club B"})
        tier_b = self.env["golf.membership.type"].sudo().create({
            "name": "Gold B", "code": "GOLDB", "kind": "individual", "entrance_fee": 90000.0,
            "company_id": company_b.id,
        })
        membership_b = self.env["golf.membership"].sudo().with_company(company_b).create({
            "partner_id": self.other_partner.id, "type_id": tier_b.id, "company_id": company_b.id,
        })
        self.assertEqual(membership_b.company_id, company_b)
        self.assertFalse(membership_b.phase_id, "The open phase of company A is not used by company B")
        self.assertEqual(membership_b.price, 90000.0)
        mine = self.create_membership()

        Membership = self.env["golf.membership"].with_user(self.clerk)
        self.assertEqual(Membership.search([("id", "in", (mine | membership_b).ids)]), mine)
        with self.assertRaises(AccessError):
            membership_b.with_user(self.clerk).read(["name"])
        self.assertFalse(self.env["golf.membership.type"].with_user(self.clerk).search([("id", "=", tier_b.id)]))

        both = new_test_user(
            self.env, login="golf_manager_ab", groups="golf_membership.group_golf_manager",
            company_id=self.company.id, company_ids=[Command.set((self.company | company_b).ids)],
        )
        Membership = self.env["golf.membership"].with_user(both).with_context(
            allowed_company_ids=(self.company | company_b).ids
        )
        self.assertEqual(Membership.search([("id", "in", (mine | membership_b).ids)]), mine | membership_b)


@tagged("post_install", "-at_install")
class TestGolfMembershipSettings(GolfMembershipCommon):
    """The club's policies are settings of the company, with the procedures' figures as defaults."""

    def test_policy_defaults(self):
        company = self.env["res.company"].create({"name": "New Golf Club"})
        for field_name, value in POLICY_DEFAULTS.items():
            self.assertEqual(company[field_name], value, field_name)

    def test_negative_policy_refused(self):
        with self.assertRaises(CheckViolation), mute_logger("odoo.sql_db"):
            self.company.with_user(self.manager).write({"golf_balance_days": -1})
            self.env.flush_all()

    def test_manager_edits_policies(self):
        self.company.with_user(self.manager).write({"golf_card_days": 15, "golf_absence_max_months": 12})
        self.assertEqual(self.company.golf_card_days, 15)
        self.assertEqual(self.company.golf_absence_max_months, 12)
        with self.assertRaises(AccessError):
            self.company.with_user(self.clerk).write({"golf_card_days": 10})
        self.assertEqual(self.company.golf_card_days, 15)

    def test_manager_edits_golf_settings_only(self):
        """Club management edits the golf settings, not the company: name, currency, or a mix, are refused."""
        currency = self.env.ref("base.EUR") if self.company.currency_id != self.env.ref("base.EUR") \
            else self.env.ref("base.USD")
        company = self.company.with_user(self.manager)
        name, currency_before = self.company.name, self.company.currency_id
        for vals in (
            {"name": "Renamed Club"},
            {"currency_id": currency.id},
            {"golf_card_days": 11, "name": "Renamed Club"},
            {"golf_card_days": 11, "resource_calendar_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                company.write(vals)
        self.assertRecordValues(self.company, [{
            "name": name, "currency_id": currency_before.id, "golf_card_days": 20,
        }])
        self.assertFalse(self.env["ir.model.access"].with_user(self.manager).check(
            "res.company", "write", raise_exception=False), "no write access to companies as such")
        # Products and the internal memo recipients are golf settings too.
        product = self.env["product.product"].create({"name": "Dues (club)", "type": "service"})
        company.write({"golf_product_dues_id": product.id, "golf_memo_partner_ids": [Command.link(self.applicant.id)]})
        self.assertEqual(self.company._golf_product("dues"), product)
        self.assertEqual(self.company.golf_memo_partner_ids, self.applicant)
        # Administrators still edit the company.
        self.company.with_user(self.env.ref("base.user_admin")).write({"name": "Renamed Club"})
        self.assertEqual(self.company.name, "Renamed Club")

    def test_manager_settings_of_other_company_refused(self):
        other = self.env["res.company"].create({"name": "Golf Club B"})
        with self.assertRaises(AccessError):
            other.with_user(self.manager).write({"golf_card_days": 9})
        self.assertEqual(other.golf_card_days, 20)

    def test_manager_settings_screen(self):
        """The Settings menu of club management opens the golf settings of the company, and saves them."""
        action = self.env.ref("golf_membership.action_golf_settings").with_user(self.manager).run()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.company", self.company.id))
        view = self.env.ref("golf_membership.res_company_view_form_golf")
        form = Form(self.company.with_user(self.manager), view=view)
        form.golf_card_days = 12
        form.golf_late_fee_amount = 50.0
        form.save()
        self.assertEqual(self.company.golf_card_days, 12)
        self.assertEqual(self.company.golf_late_fee_amount, 50.0)
        arch = self.env["res.company"].with_user(self.manager).get_views([(view.id, "form")])["views"]["form"]["arch"]
        calendar = etree.fromstring(arch).xpath("//field[@name='resource_calendar_id']")
        self.assertEqual(len(calendar), 1)
        self.assertEqual(calendar[0].get("readonly"), "1", "the calendar is the company's: read only here")
