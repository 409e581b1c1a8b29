from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import GolfMembershipCommon

PDF = b"%PDF-1.4 scanned document"


class GolfPortalRequestsCommon(GolfMembershipCommon, HttpCase):
    """Two members with a portal access, each with an active membership."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.member_a = Partner.create({"name": "Request Member A", "email": "request.a@example.com",
                                       "street": "1 Shennan Road", "city": "Shenzhen",
                                       "country_id": cls.env.ref("base.cn").id})
        cls.member_b = Partner.create({"name": "Request Member B", "email": "request.b@example.com"})
        cls.user_a = new_test_user(cls.env, login="golf_request_a", groups="base.group_portal",
                                   partner_id=cls.member_a.id, password="golf_request_a")
        cls.user_b = new_test_user(cls.env, login="golf_request_b", groups="base.group_portal",
                                   partner_id=cls.member_b.id, password="golf_request_b")

    def setUp(self):
        super().setUp()
        self.membership_a = self.active_membership(partner_id=self.member_a.id)
        self.membership_b = self.active_membership(partner_id=self.member_b.id)
        self.today = fields.Date.context_today(self.membership_a)

    def file(self, membership, kind, files=None, **data):
        """Post the portal form ``kind`` of ``membership`` as the logged-in member; the page shown after."""
        data["csrf_token"] = http.Request.csrf_token(self)
        response = self.url_open(f"/my/memberships/{membership.id}/requests/{kind}", data=data, files=files)
        self.assertEqual(response.status_code, 200)
        return response

    def assertRefused(self, response, message):
        """The form is shown again with the reason; the member stays on it."""
        self.assertIn("/requests/", response.url)
        self.assertIn('id="golf_request_error"', response.text)
        self.assertIn(message, response.text)

    def assertFiled(self, response, membership):
        self.assertIn(f"/my/memberships/{membership.id}?golf_request_filed=1#", response.url)
        self.assertIn('id="golf_request_filed"', response.text)


@tagged("post_install", "-at_install")
class TestGolfPortalRequests(GolfPortalRequestsCommon):
    """Requests from the member portal: the same documents member services file, the rules of the models, the
    member's own memberships only, and the club's answer shown to the member."""

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_a.login, "golf_request_a")

    # ------------------------------------------------------------------ service request

    def test_service_request_online(self):
        """R-11.1: a complaint filed online is a new service request of the member, with its photo; member services
        answer it and the member reads the answer (R-11.2)."""
        response = self.file(self.membership_a, "service", category="complaint", subject="Locker key broken",
                             description="The key of locker 12 does not turn.",
                             files=[("documents", ("locker.jpg", b"\xff\xd8\xff photo", "image/jpeg"))])
        self.assertFiled(response, self.membership_a)
        request = self.env["golf.service.request"].search([("membership_id", "=", self.membership_a.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual((request.state, request.channel, request.category), ("new", "online", "complaint"))
        self.assertEqual(request.partner_id, self.member_a)
        self.assertEqual(request.subject, "Locker key broken")
        self.assertIn("locker 12", request.description)
        self.assertEqual(request.user_id, self.company._golf_responsible_user("golf_membership.group_golf_clerk"))
        self.assertEqual(request.date_response_deadline, request.date_received + relativedelta(hours=24))
        photo = self.env["ir.attachment"].search([("res_model", "=", request._name), ("res_id", "=", request.id)])
        self.assertEqual(photo.mapped("name"), ["locker.jpg"])
        self.assertIn("Locker key broken", response.text)
        self.assertIn("New", response.text)

        request.with_user(self.clerk).action_respond()
        page = self.url_open(self.membership_a.access_url).text
        self.assertIn("To be settled by", page)
        request.with_user(self.clerk).write({
            "resolution": "<p>The lock was replaced on Monday.</p>",
            "root_cause": "Worn lock", "corrective_action": "Locks checked monthly",
        })
        request.with_user(self.clerk).action_resolve()
        page = self.url_open(self.membership_a.access_url).text
        self.assertIn("The lock was replaced on Monday.", page)
        self.assertIn("Resolved", page)

    def test_service_request_needs_a_subject(self):
        response = self.file(self.membership_a, "service", category="enquiry", subject="  ")
        self.assertRefused(response, "Please fill in: Subject.")
        self.assertFalse(self.env["golf.service.request"].search([("partner_id", "=", self.member_a.id)]))

    # ------------------------------------------------------------------ change of address or name

    def test_address_change(self):
        """R-10.1: the written request is a submitted change request for the supervisor; the member's details
        change only on approval; a rejection's reason is shown to the member."""
        response = self.file(
            self.membership_a, "address", partner_id=str(self.member_a.id), new_street="8 Binhai Avenue",
            new_city="Hangzhou", new_country_id=str(self.env.ref("base.cn").id),
            files=[("documents", ("request.pdf", PDF, "application/pdf"))],
        )
        self.assertFiled(response, self.membership_a)
        change = self.env["golf.membership.change.request"].search([("membership_id", "=", self.membership_a.id)])
        self.assertEqual(len(change), 1)
        self.assertEqual(change.state, "submitted")
        self.assertEqual(change.partner_id, self.member_a)
        self.assertEqual((change.new_street, change.new_city), ("8 Binhai Avenue", "Hangzhou"))
        self.assertFalse(change.new_name)
        self.assertEqual(change.attachment_ids.mapped("name"), ["request.pdf"])
        self.assertEqual(change.attachment_ids.res_id, change.id)
        self.assertEqual(self.member_a.street, "1 Shennan Road")
        self.assertTrue(change.activity_ids)
        self.assertIn(change.name, response.text)

        change.with_user(self.supervisor).action_reject(reason="Please send the new lease.")
        page = self.url_open(self.membership_a.access_url).text
        self.assertIn("Please send the new lease.", page)
        self.assertIn("Rejected", page)

    def test_address_change_without_new_value_refused(self):
        """R-10.1: the model's own check: at least one new value."""
        response = self.file(self.membership_a, "address", partner_id=str(self.member_a.id), new_city=" ")
        self.assertRefused(response, "enter at least one new value")
        self.assertFalse(self.env["golf.membership.change.request"].search([]))

    def test_account_page_links_to_the_change_form(self):
        """R-10.1: /my/account, where a member's name and address are read only, links to the request form."""
        self.assertIn("/my/requests/address", self.url_open("/my/account").text)
        response = self.url_open("/my/requests/address")
        self.assertTrue(response.url.endswith(f"/my/memberships/{self.membership_a.id}/requests/address"))
        self.assertIn('name="new_city"', response.text)

    # ------------------------------------------------------------------ R-9 absence

    def absence(self, months, **data):
        start = self.today + relativedelta(days=20)
        values = {"date_from": str(start), "date_to": str(start + relativedelta(months=months)),
                  "reason": "Posted to our Singapore office"}
        values.update(data)
        return values

    def test_absence_with_documents(self):
        """R-9.3: the application with its documents is submitted for the director; the fee is the tier's."""
        response = self.file(self.membership_a, "absence",
                             files=[("documents", ("contract.pdf", PDF, "application/pdf")),
                                    ("documents", ("permit.pdf", PDF, "application/pdf"))],
                             **self.absence(8))
        self.assertFiled(response, self.membership_a)
        absence = self.membership_a.absence_ids
        self.assertEqual(len(absence), 1)
        self.assertEqual(absence.state, "submitted")
        self.assertEqual(absence.date_to, absence.date_from + relativedelta(months=8))
        self.assertEqual(absence.date_request, self.today)
        self.assertTrue(absence.documents_received)
        self.assertEqual(sorted(absence.attachment_ids.mapped("name")), ["contract.pdf", "permit.pdf"])
        self.assertEqual(absence.fee_amount, 1000.0)
        self.assertEqual(self.membership_a.state, "active")

    def test_absence_rules_refused(self):
        """R-9.1 / R-9.3 / R-9.4: too short, too long, too soon, without documents: the model's message, nothing
        kept."""
        document = [("documents", ("contract.pdf", PDF, "application/pdf"))]
        soon = self.absence(8, date_from=str(self.today + relativedelta(days=5)),
                            date_to=str(self.today + relativedelta(days=5, months=8)))
        for data, files, message in (
            (self.absence(5), document, "an absence lasts at least 6 months"),
            (self.absence(25), document, "one absence lasts at most 24 months"),
            (soon, document, "at least 15 days before the absence starts"),
            (self.absence(8), None, "the documents supporting the reason are missing"),
            (self.absence(8, date_to=""), document, "Please enter a valid date: Back on."),
        ):
            with self.subTest(message=message):
                self.assertRefused(self.file(self.membership_a, "absence", files=files, **data), message)
        self.assertFalse(self.env["golf.membership.absence"].search([("membership_id", "=", self.membership_a.id)]))
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "contract.pdf")]))

    def test_absence_ending_before_it_starts_refused(self):
        """The model's database constraint, read as a message."""
        data = self.absence(8, date_to=str(self.today))
        self.assertRefused(self.file(self.membership_a, "absence", **data), "An absence must end after it starts.")
        self.assertFalse(self.membership_a.absence_ids)

    # ------------------------------------------------------------------ R-7 dependent card

    def test_dependent_spouse_with_documents(self):
        """R-7.2: the spouse's application is submitted for the marketing director, each file on its line of the
        checklist; the director still checks them."""
        response = self.file(
            self.membership_a, "dependent", relation="spouse", dependent_name="Wang Fang",
            files=[
                ("document_photos", ("photo1.jpg", b"\xff\xd8\xff 1", "image/jpeg")),
                ("document_photos", ("photo2.jpg", b"\xff\xd8\xff 2", "image/jpeg")),
                ("document_id_copy", ("id.pdf", PDF, "application/pdf")),
                ("document_marriage_certificate", ("marriage.pdf", PDF, "application/pdf")),
            ],
        )
        self.assertFiled(response, self.membership_a)
        dependent = self.membership_a.dependent_ids
        self.assertEqual(len(dependent), 1)
        self.assertEqual((dependent.state, dependent.relation), ("submitted", "spouse"))
        self.assertEqual(dependent.partner_id.name, "Wang Fang")
        files = {line.code: sorted(line.attachment_ids.mapped("name")) for line in dependent.document_ids}
        self.assertEqual(files, {
            "dependent_application": [], "photos": ["photo1.jpg", "photo2.jpg"], "id_copy": ["id.pdf"],
            "marriage_certificate": ["marriage.pdf"],
        })
        self.assertFalse(dependent.document_ids.filtered("received"))
        self.assertIn("Wang Fang", response.text)

    def test_dependent_rules_refused(self):
        """R-7.1: a child over 18, a second spouse, a child beyond the tier's number: refused, nothing kept."""
        self.env["golf.membership.dependent"].create({
            "membership_id": self.membership_a.id, "relation": "spouse",
            "partner_id": self.env["res.partner"].create({"name": "First Spouse"}).id,
        })
        too_old = str(self.today - relativedelta(years=20))
        child = str(self.today - relativedelta(years=10))
        for data, message in (
            ({"relation": "child", "dependent_name": "Old Child", "birthdate": too_old}, "aged 4 to 18"),
            ({"relation": "spouse", "dependent_name": "Second Spouse"}, "already has a spouse card"),
            ({"relation": "child", "dependent_name": "Unborn Child"}, "Enter the date of birth"),
        ):
            with self.subTest(message=message):
                self.assertRefused(self.file(self.membership_a, "dependent", **data), message)
        self.tier_gold.max_dependents = 0
        self.assertRefused(
            self.file(self.membership_a, "dependent", relation="child", dependent_name="Young Child", birthdate=child),
            "allows at most 0 children",
        )
        self.assertEqual(self.membership_a.dependent_ids.partner_id.mapped("name"), ["First Spouse"])
        self.assertFalse(self.env["res.partner"].search([("name", "in", ("Old Child", "Second Spouse",
                                                                          "Unborn Child", "Young Child"))]))

    # ------------------------------------------------------------------ transfer declaration

    def transfer(self, days, **data):
        values = {"transferee_name": "Liu Yang", "transferee_email": "liu.yang@example.com",
                  "date_effective": str(self.today + relativedelta(days=days)), "fee_payer": "transferee"}
        values.update(data)
        return values

    def test_transfer_declaration(self):
        """R-4.1: two years after joining, declared 40 days ahead with the transferee's confirmation: submitted
        for the review committee."""
        self.membership_a.sudo().write({"date_start": self.today - relativedelta(years=3)})
        signed = [("document_declaration", ("declaration.pdf", PDF, "application/pdf")),
                  ("document_confirmation", ("confirmation.pdf", PDF, "application/pdf"))]
        response = self.file(self.membership_a, "transfer", files=signed, **self.transfer(40))
        self.assertFiled(response, self.membership_a)
        transfer = self.membership_a.transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.state, "submitted")
        self.assertEqual(transfer.transferee_id.name, "Liu Yang")
        self.assertEqual(transfer.transferee_id.email, "liu.yang@example.com")
        self.assertEqual(transfer.date_notice, self.today)
        self.assertEqual(transfer.date_effective, self.today + relativedelta(days=40))
        self.assertTrue(transfer.declaration_received and transfer.confirmation_received)
        self.assertEqual(sorted(transfer.attachment_ids.mapped("name")), ["confirmation.pdf", "declaration.pdf"])

    def test_transfer_rules_refused(self):
        """R-4.1: too early after joining, too short a notice, no confirmation: refused, nothing kept."""
        signed = [("document_declaration", ("declaration.pdf", PDF, "application/pdf")),
                  ("document_confirmation", ("confirmation.pdf", PDF, "application/pdf"))]
        self.assertRefused(self.file(self.membership_a, "transfer", files=signed, **self.transfer(40)),
                           "can be transferred only 2 years after it started")
        self.membership_a.sudo().write({"date_start": self.today - relativedelta(years=3)})
        self.assertRefused(self.file(self.membership_a, "transfer", files=signed, **self.transfer(10)),
                           "at least 30 days before the transfer")
        self.assertRefused(self.file(self.membership_a, "transfer", files=signed[:1], **self.transfer(40)),
                           "the transfer confirmation signed by the transferee")
        self.assertFalse(self.membership_a.transfer_ids)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Liu Yang")]))

    # ------------------------------------------------------------------ scope

    def test_only_own_membership(self):
        """R-1.10: another member's membership id is refused for every kind; nothing is created for it."""
        for kind, data in (
            ("service", {"subject": "Intrusion"}),
            ("address", {"new_city": "Intrusion"}),
            ("absence", self.absence(8)),
            ("dependent", {"relation": "spouse", "dependent_name": "Intruder"}),
            ("transfer", self.transfer(40)),
        ):
            with self.subTest(kind=kind):
                form = self.url_open(f"/my/memberships/{self.membership_b.id}/requests/{kind}")
                self.assertNotIn("golf_request_form", form.text)
                response = self.file(self.membership_b, kind, **data)
                self.assertNotIn("golf_request_filed", response.url)
                self.assertTrue(response.url.endswith("/my/memberships"), response.url)
        for model in ("golf.service.request", "golf.membership.change.request", "golf.membership.absence",
                      "golf.membership.dependent", "golf.membership.transfer"):
            self.assertFalse(self.env[model].search([("membership_id", "=", self.membership_b.id)]), model)
        page = self.url_open(self.membership_b.access_url).text
        self.assertNotIn("golf_request_buttons", page)

    def test_request_without_csrf_token_refused(self):
        response = self.url_open(f"/my/memberships/{self.membership_a.id}/requests/service",
                                 data={"subject": "No token"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["golf.service.request"].search([("subject", "=", "No token")]))

    def test_history_shows_only_this_membership(self):
        """The member sees the requests of the membership, their state, and nothing of another member's."""
        self.env["golf.service.request"].create({
            "subject": "Other member's question", "partner_id": self.member_b.id,
            "membership_id": self.membership_b.id, "channel": "phone",
        })
        self.env["golf.service.request"].create({
            "subject": "Phoned question", "partner_id": self.member_a.id,
            "membership_id": self.membership_a.id, "channel": "phone",
        })
        page = self.url_open(self.membership_a.access_url).text
        self.assertIn("Phoned question", page)
        self.assertNotIn("Other member's question", page)
        self.assertIn("golf_request_buttons", page)


@tagged("post_install", "-at_install")
class TestGolfPortalRequestsTour(GolfPortalRequestsCommon):
    """On a phone-sized screen, in Chinese: a member files a change of address and a complaint."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["base", "web", "portal", "golf_membership"], ["zh_CN"])
        cls.user_a.write({"lang": "zh_CN"})

    def test_member_files_address_change_and_complaint(self):
        self.start_tour(self.membership_a.access_url, "golf_portal_requests_tour", login=self.user_a.login)

        change = self.env["golf.membership.change.request"].search([("membership_id", "=", self.membership_a.id)])
        self.assertEqual(len(change), 1)
        self.assertEqual(change.state, "submitted")
        self.assertEqual((change.new_city, change.new_street), ("杭州", "西湖大道 8 号"))
        self.assertEqual(change.partner_id, self.member_a)
        self.assertEqual(self.member_a.city, "Shenzhen")
        service = self.env["golf.service.request"].search([("membership_id", "=", self.membership_a.id)])
        self.assertEqual(len(service), 1)
        self.assertEqual((service.state, service.channel, service.category), ("new", "online", "complaint"))
        self.assertEqual(service.subject, "更衣柜钥匙无法使用")
        self.assertEqual(service.partner_id, self.member_a)

    def test_refusal_in_chinese(self):
        """The model's message, in the member's language."""
        self.authenticate(self.user_a.login, "golf_request_a")
        response = self.file(self.membership_a, "address", partner_id=str(self.member_a.id))
        self.assertRefused(response, "请至少填写一项变更后的信息")
