from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import format_date

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestGolfReports(GolfMembershipCommon):
    """The printed documents of admission: welcome letter and temporary card (R-1.6), certificate (R-1.7),
    confirmation letter and delivery receipt (R-1.9), and the welcome e-mail posted on approval (R-1.6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.name = "南山高尔夫测试俱乐部"
        cls.applicant.name = "张伟"
        cls.nominee.name = "李娜"
        cls.company_holder.name = "深圳贸易有限公司"

    def render(self, report_xmlid, records):
        html, report_format = self.env["ir.actions.report"]._render_qweb_html(report_xmlid, records.ids)
        self.assertEqual(report_format, "html")
        return html.decode()

    def cards(self, membership, card_type):
        return membership.card_ids.filtered(lambda card: card.card_type == card_type)

    def assert_in_html(self, html, *texts):
        for text in texts:
            self.assertIn(text, html)

    # ------------------------------------------------------------------

    @freeze_time("2025-03-03")
    def test_welcome_letter(self):
        """R-1.6: the letter names the member, the number and tier, and what is due next."""
        membership = self.approved_membership()
        temporary = self.cards(membership, "temporary")
        self.assertEqual(len(temporary), 1)
        html = self.render("golf_membership.report_golf_welcome_letter", membership)
        self.assert_in_html(
            html,
            membership.name,
            "张伟",
            "南山高尔夫测试俱乐部",
            "Gold",
            format_date(self.env, membership.date_approved),
            # the balance: amount, invoice and due date
            membership.balance_invoice_id.name,
            f"{membership.balance_invoice_id.amount_total:,.2f}",
            format_date(self.env, membership.date_balance_due),
            # the temporary card handed over with the letter
            temporary.number,
        )
        self.assertIn("20</span> working days", html, "the formal card follows within the card days (R-1.7)")
        self.assertIn("30</span> working days", html, "the certificate follows within the certificate days")

    @freeze_time("2025-03-03")
    def test_welcome_letter_corporate(self):
        """R-1.2 / R-1.6: a corporate welcome letter goes to the company, for the attention of its nominee."""
        membership = self.approved_membership(
            partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id
        )
        html = self.render("golf_membership.report_golf_welcome_letter", membership)
        self.assert_in_html(html, membership.name, "深圳贸易有限公司", "李娜", "Corporate")

    @freeze_time("2025-03-03")
    def test_temporary_card(self):
        """R-1.6: the temporary card shows club, member, card number, tier and validity."""
        membership = self.approved_membership()
        temporary = self.cards(membership, "temporary")
        html = self.render("golf_membership.report_golf_temporary_card", temporary)
        self.assert_in_html(
            html,
            "南山高尔夫测试俱乐部",
            "张伟",
            temporary.number,
            membership.name,
            "Gold",
            "Temporary Member Card",
            # valid until the balance deadline while the balance is awaited
            format_date(self.env, membership.date_balance_due),
        )

    def test_temporary_card_after_start(self):
        """Once the membership has started, the temporary card is valid one month after the start."""
        with freeze_time("2025-03-03"):
            membership = self.active_membership()
        self.assertEqual(membership.state, "active")
        temporary = self.cards(membership, "temporary")
        html = self.render("golf_membership.report_golf_temporary_card", temporary)
        self.assertIn(format_date(self.env, "2025-04-03"), html)

    # ------------------------------------------------------------------

    @freeze_time("2025-03-03")
    def test_confirmation_letter(self):
        """R-1.9: the confirmation letter states number, tier, holder, start, price and payment mode."""
        membership = self.active_membership()
        html = self.render("golf_membership.report_golf_confirmation_letter", membership)
        self.assert_in_html(
            html,
            "Membership Confirmation Letter",
            membership.name,
            "张伟",
            "南山高尔夫测试俱乐部",
            "Gold",
            "Phase 1",
            format_date(self.env, membership.date_start),
            "100,000.00",
            "Full Payment",
            "Authorised signature and company seal",
        )

    @freeze_time("2025-03-03")
    def test_confirmation_letter_instalments(self):
        """R-1.11: an instalment plan shows the number of instalments."""
        membership = self.approved_membership(payment_mode="installment", installment_count=6)
        html = self.render("golf_membership.report_golf_confirmation_letter", membership)
        self.assert_in_html(
            html, membership.name, "Instalments", "6</span> instalments", "On receipt of the admission payment"
        )

    @freeze_time("2025-03-03")
    def test_certificate(self):
        """R-1.7: the certificate names the holder, the nominee of a corporate membership and its number."""
        membership = self.active_membership(
            partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id
        )
        certificate = self.cards(membership, "certificate")
        certificate.with_user(self.clerk).action_issue()
        html = self.render("golf_membership.report_golf_certificate", membership)
        self.assert_in_html(
            html,
            "Membership Certificate",
            "深圳贸易有限公司",
            "李娜",
            "南山高尔夫测试俱乐部",
            membership.name,
            "Corporate",
            format_date(self.env, membership.date_start),
            certificate.number,
            "Company Seal",
        )

    @freeze_time("2025-03-03")
    def test_delivery_receipt(self):
        """R-1.9: the receipt lists every item made and handed over, and the temporary card returned."""
        membership = self.active_membership()
        member_card = self.cards(membership, "member")
        bag_tag = self.cards(membership, "bag_tag")
        certificate = self.cards(membership, "certificate")
        temporary = self.cards(membership, "temporary")
        self.assertEqual(temporary.state, "issued", "R-1.6: handed over with the welcome letter")
        (member_card | bag_tag).with_user(self.clerk).action_issue()
        html = self.render("golf_membership.report_golf_delivery_receipt", membership)
        self.assertIn(temporary.number, html, "the temporary card to take back is listed before delivery")
        member_card.with_user(self.clerk).action_deliver()
        self.assertEqual(temporary.state, "returned")

        html = self.render("golf_membership.report_golf_delivery_receipt", membership)
        self.assert_in_html(
            html,
            membership.name,
            "张伟",
            member_card.number,
            bag_tag.number,
            "Welcome gift",
            "Membership confirmation letter",
            "Membership contract, stamped by the club",
            temporary.number,
            format_date(self.env, temporary.date_returned),
        )
        self.assertNotIn(certificate.number, html, "a certificate not issued yet is not handed over")

        certificate.with_user(self.clerk).action_issue()
        html = self.render("golf_membership.report_golf_delivery_receipt", membership)
        self.assertIn(certificate.number, html)
        self.assertLess(html.index(member_card.number), html.index(bag_tag.number))
        self.assertLess(html.index(bag_tag.number), html.index(certificate.number))

    def test_print_menu(self):
        """The documents are offered in the Print menu of their model."""
        Report = self.env["ir.actions.report"]
        for xmlid, model in (
            ("golf_membership.report_golf_welcome_letter", "golf.membership"),
            ("golf_membership.report_golf_temporary_card", "golf.membership.card"),
            ("golf_membership.report_golf_confirmation_letter", "golf.membership"),
            ("golf_membership.report_golf_certificate", "golf.membership"),
            ("golf_membership.report_golf_delivery_receipt", "golf.membership"),
        ):
            report = Report._get_report(xmlid)
            self.assertEqual(report.model, model)
            self.assertEqual(report.binding_model_id.model, model)
            self.assertEqual(report.binding_type, "report")

    # ------------------------------------------------------------------ welcome e-mail

    def welcome_message(self, membership):
        return membership.message_ids.filtered(lambda message: message.subject and membership.name in message.subject)

    @freeze_time("2025-03-03")
    def test_welcome_mail_on_approval(self):
        """R-1.6: approving posts the welcome letter in the chatter, with the letter attached."""
        membership = self.submitted_membership()
        self.assertFalse(self.welcome_message(membership))
        self.approve(membership)
        message = self.welcome_message(membership)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subject, f"Welcome to 南山高尔夫测试俱乐部 — membership {membership.name}")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn("张伟", message.body)
        self.assertEqual(message.partner_ids, self.applicant, "the letter is addressed to the holder")
        self.assertTrue(
            message.notification_ids.filtered(
                lambda notif: notif.res_partner_id == self.applicant and notif.notification_type == "email"
            ),
            "the holder receives the welcome letter by e-mail",
        )
        # In test mode the report engine returns HTML instead of calling wkhtmltopdf (see
        # ir.actions.report._pre_render_qweb_pdf); the attachment is the rendered letter all the same.
        self.assertEqual(len(message.attachment_ids), 1)
        attachment = message.attachment_ids
        self.assertEqual(attachment.name, f"Welcome Letter - {membership.name}.html")
        self.assertEqual((attachment.res_model, attachment.res_id), (membership._name, membership.id))
        self.assertIn(membership.name, attachment.raw.decode())
        self.assertIn("张伟", attachment.raw.decode())
