import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestGolfNotifications(GolfChangesCommon):
    """Issue 13.4: the member is e-mailed once on each event, in their language, and the e-mail is kept in
    the chatter; issue 13.5: invitation to the portal on activation; R-1.9: collecting the cards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({
            "golf_late_fee_days": 30,
            "golf_late_fee_amount": 0.0,
            "golf_late_fee_percent": 5.0,
            "golf_suspension_days": 180,
        })

    def setUp(self):
        super().setUp()
        # Monday 2 March 2026: the member joined and paid everything that day.
        self.enterContext(freeze_time("2026-03-02"))

    def notices(self, record, subject):
        """The e-mails posted in the chatter of ``record`` whose subject contains ``subject``."""
        return record.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.subtype_id == self.env.ref("mail.mt_comment")
            and subject in (m.subject or "")
        )

    def assert_emailed_once(self, record, subject, partner):
        """One e-mail of ``subject`` on ``record``, sent by e-mail to ``partner``."""
        notice = self.notices(record, subject)
        self.assertEqual(len(notice), 1, f"one e-mail '{subject}' on {record.display_name}")
        self.assertIn(partner, notice.partner_ids)
        emailed = notice.notification_ids.filtered(lambda n: n.notification_type == "email").res_partner_id
        self.assertIn(partner, emailed, "the member receives it by e-mail")
        return notice

    def speak_chinese(self, partner):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["golf_membership"], ["zh_CN"], overwrite=True)
        partner.lang = "zh_CN"

    def dues_invoice(self, membership, year=2027):
        self.env["golf.billing.run"].with_user(self.finance).create({"year": year}).action_run()
        return membership.invoice_ids.filtered(lambda m: m.golf_fee_type == "dues" and m.golf_billing_year == year)

    # ------------------------------------------------------------------ dues: late fee, suspension, reinstatement

    def test_late_fee_suspension_and_reinstatement_told_once(self):
        """R-6.3: the late fee invoice is e-mailed once, linked (no PDF rendered per late fee by the daily job); the suspension for dues and the
        reinstatement once everything is paid are told once each, whatever the number of daily runs."""
        membership = self.active_membership()
        with freeze_time("2026-11-20"):
            invoice = self.dues_invoice(membership)
        with freeze_time("2027-01-31"):
            self.run_cron()
            self.run_cron()
        late_fee = invoice.golf_late_fee_ids
        notice = self.assert_emailed_once(late_fee, f"late fee {late_fee.name}", self.applicant)
        self.assertIn(invoice.name, notice.body)
        self.assertFalse(notice.attachment_ids, "no PDF rendered by the daily job")
        self.assertIn(late_fee.get_portal_url(), notice.body, "the late fee invoice is linked")

        with freeze_time("2027-06-30"):
            self.run_cron()
            self.run_cron()
            self.assertEqual(membership.state, "suspended")
            notice = self.assert_emailed_once(membership, "suspended", self.applicant)
            self.assertIn("180", notice.body, "the member reads why")
            self.pay(invoice)
            self.pay(late_fee)
            self.assertEqual(membership.state, "active")
            self.run_cron()
        self.assert_emailed_once(membership, "reinstated", self.applicant)

    def test_daily_rule_queues_its_notices_for_the_notices_job(self):
        """R-6.3: the daily rule creates the late fee at once and queues its notice; the notices job, woken
        by the rule, e-mails it once, however often the rule and the job run again the same day."""
        membership = self.active_membership()
        with freeze_time("2026-11-20"):
            invoice = self.dues_invoice(membership)
        Log = self.env["golf.notification.log"]
        with freeze_time("2027-01-31"):
            self.env["golf.membership"]._cron_daily()
            late_fee = invoice.golf_late_fee_ids
            self.assertEqual(late_fee.state, "posted")
            log = Log.search([("res_model", "=", "account.move"), ("res_id", "=", late_fee.id)])
            self.assertEqual(log.state, "queued")
            self.assertFalse(self.notices(late_fee, "late fee"), "not sent by the rule itself")
            triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self.env.ref(
                "golf_membership.ir_cron_golf_send_notices").id)])
            self.assertTrue(triggers, "the notices job is woken")
            Log._cron_send_queued()
            self.env["golf.membership"]._cron_daily()
            Log._cron_send_queued()
        notice = self.assert_emailed_once(late_fee, f"late fee {late_fee.name}", self.applicant)
        self.assertEqual((log.state, log.message_id), ("sent", notice))
        # The notices are the module's record: member services and supervisors read them, nobody edits them.
        self.assertEqual(log.with_user(self.supervisor).state, "sent")
        for user in (self.clerk, self.supervisor, self.finance):
            with self.assertRaises(AccessError):
                log.with_user(user).write({"state": "queued"})

    def test_notice_that_cannot_be_sent_is_isolated_and_reported(self):
        """A notice the club's edited template cannot render for one member is marked failed with the reason;
        the late fees stay, and the other member's notice is sent."""
        template = self.env.ref("golf_membership.mail_template_golf_late_fee")
        # The club's edit fails for the transferee, who has no reference (Odoo checks the template on another
        # invoice when it is saved).
        template.subject = ("Late fee for {{ object.partner_id.ref.upper() if object.partner_id.ref "
                            "or object.partner_id.email == 'wang.fang@example.com' else '' }}")
        self.applicant.ref = "m-001"
        first = self.active_membership()
        second = self.active_membership(partner_id=self.transferee.id)
        with freeze_time("2026-11-20"):
            self.dues_invoice(first)
        with freeze_time("2027-01-31"):
            self.run_cron()
        late_fees = (first | second).invoice_ids.golf_late_fee_ids
        self.assertEqual(late_fees.mapped("state"), ["posted", "posted"])
        logs = self.env["golf.notification.log"].search([("res_model", "=", "account.move"),
                                                         ("res_id", "in", late_fees.ids)])
        sent = logs.filtered(lambda log: log.state == "sent")
        failed = logs - sent
        self.assertEqual(sent.res_id, first.invoice_ids.golf_late_fee_ids.id)
        self.assertEqual(failed.state, "failed")
        self.assertIn("upper", failed.error)
        self.assert_emailed_once(first.invoice_ids.golf_late_fee_ids, "M-001", self.applicant)
        self.assertFalse(second.invoice_ids.golf_late_fee_ids.message_ids.filtered(lambda m: m.message_type == "comment"))
        todo = second.invoice_ids.golf_late_fee_ids.activity_ids
        self.assertEqual(todo.activity_type_id, self.env.ref("golf_membership.mail_act_golf_notice_failed"))
        self.assertIn("could not be sent", str(todo.note))
        self.assertTrue(todo.user_id.has_group("golf_membership.group_golf_clerk"), "member services tell the member")

    def test_suspension_by_the_club_in_chinese(self):
        """A member who reads Chinese is told of a suspension and of its end in Chinese, by the supervisor's
        buttons as by the rules."""
        self.speak_chinese(self.applicant)
        membership = self.active_membership()
        membership.with_user(self.supervisor).action_suspend(reason="Unpaid green fees")
        notice = self.assert_emailed_once(membership, "暂停", self.applicant)
        self.assertEqual(notice.subject, f"{self.company.name}：会籍 {membership.name} 已暂停")
        self.assertIn("会籍权益", notice.body)
        with self.assertRaises(UserError):
            membership.with_user(self.supervisor).action_suspend()
        membership.with_user(self.supervisor).action_reinstate()
        self.assert_emailed_once(membership, "已恢复", self.applicant)
        self.assertFalse(self.notices(membership, "suspended"), "nothing in English")

    def test_same_event_twice_the_same_day_is_told_once(self):
        """The mark of an event: raised again the same day (a rule run again), it is not told again."""
        membership = self.active_membership()
        Log = self.env["golf.notification.log"]
        told = Log._send_once(membership, "membership_suspended", "golf_membership.mail_template_golf_membership_suspended")
        again = Log._send_once(membership, "membership_suspended", "golf_membership.mail_template_golf_membership_suspended")
        self.assertEqual(told, membership)
        self.assertFalse(again)
        self.assertEqual(len(self.notices(membership, "suspended")), 1)
        with freeze_time("2026-03-03"):
            Log._send_once(membership, "membership_suspended", "golf_membership.mail_template_golf_membership_suspended")
        self.assertEqual(len(self.notices(membership, "suspended")), 2, "another day, another event")

    def test_template_edited_by_the_club(self):
        """The club edits its texts: the e-mail says what the club wrote."""
        template = self.env.ref("golf_membership.mail_template_golf_membership_suspended")
        template.write({"subject": "Membership {{ object.name }} on hold"})
        membership = self.active_membership()
        membership.with_user(self.supervisor).action_suspend()
        self.assert_emailed_once(membership, "on hold", self.applicant)

    def test_batch_in_each_member_language(self):
        """Memberships suspended together: each member gets their own e-mail, in their own language."""
        self.speak_chinese(self.applicant)
        self.transferee.lang = "en_US"
        chinese = self.active_membership()
        english = self.active_membership(partner_id=self.transferee.id)
        (chinese | english).with_user(self.supervisor).action_suspend()
        notice = self.assert_emailed_once(chinese, "已暂停", self.applicant)
        self.assertNotIn(self.transferee, notice.partner_ids)
        notice = self.assert_emailed_once(english, "suspended", self.transferee)
        self.assertNotIn(self.applicant, notice.partner_ids)

    # ------------------------------------------------------------------ absences, dependents

    def test_absence_start_and_end_told_once(self):
        """R-9.6 / R-9.7: the member is told when the absence starts and when it ends, once each."""
        membership = self.active_membership()
        absence = self.env["golf.membership.absence"].with_user(self.clerk).create({
            "membership_id": membership.id,
            "date_request": date(2026, 3, 2),
            "date_from": date(2026, 3, 18),
            "date_to": date(2026, 9, 18),
            "reason": "Posted to the Hamburg office",
            "documents_received": True,
        })
        absence.with_user(self.clerk).action_submit()
        absence.with_user(self.director).action_approve()
        self.pay(absence.invoice_id)  # the absence starts once its handling fee is paid
        with freeze_time("2026-03-18"):
            self.run_cron()
            self.run_cron()
        self.assertEqual(membership.state, "absent")
        self.assert_emailed_once(absence, "has started", self.applicant)
        self.assertFalse(self.notices(absence, "has ended"))
        with freeze_time("2026-09-18"):
            self.run_cron()
            self.run_cron()
        self.assertEqual(membership.state, "active")
        self.assert_emailed_once(absence, "has ended", self.applicant)
        self.assertFalse(self.notices(membership, "reinstated"), "the end of an absence is told as such")

    def test_dependent_approved_told_to_the_holder(self):
        """R-7.3: the holder is told the dependent card is approved; the dependent has no e-mail of their own."""
        membership = self.active_membership()
        dependent = self.add_dependent(membership, name="Zhao Min")
        self.assertEqual(dependent.state, "active")
        notice = self.assert_emailed_once(dependent, "Zhao Min", self.applicant)
        self.assertNotIn(dependent.partner_id, notice.partner_ids)

    # ------------------------------------------------------------------ cards

    def test_cards_ready_to_collect_told_once(self):
        """R-1.9: when the card and bag tag are made, the member is told to collect them; the certificate,
        made later (R-1.7), is told on its own; nothing is told for the temporary card."""
        membership = self.active_membership()
        self.assertFalse(self.notices(membership, "ready to collect"))
        cards = membership.card_ids.filtered(lambda c: c.card_type in ("member", "bag_tag"))
        cards.with_user(self.clerk).action_issue()
        notice = self.assert_emailed_once(membership, "ready to collect", self.applicant)
        for card in cards:
            self.assertIn(card.number, notice.body)
        certificate = membership.card_ids.filtered(lambda c: c.card_type == "certificate")
        self.assertNotIn(certificate.number, notice.body)
        with self.assertRaises(UserError):
            cards.with_user(self.clerk).action_issue()
        self.assertEqual(len(self.notices(membership, "ready to collect")), 1)
        certificate.with_user(self.clerk).action_issue()
        notices = self.notices(membership, "ready to collect")
        self.assertEqual(len(notices), 2)
        self.assertIn(certificate.number, notices[0].body, "the latest e-mail names the certificate")

    def test_delivery_records_the_signed_item_list(self):
        """R-1.9: the clerk hands over the items and records the item list the member signed: the day, who
        handed over and its scan; finance may not."""
        membership = self.active_membership()
        items = membership.card_ids.filtered(lambda c: c.card_type in ("member", "bag_tag", "certificate"))
        items.with_user(self.clerk).action_issue()
        member_card = items.filtered(lambda c: c.card_type == "member")
        with self.assertRaises(AccessError):
            member_card.with_user(self.finance).action_open_deliver_wizard()
        action = member_card.with_user(self.clerk).action_open_deliver_wizard()
        self.assertEqual(set(action["context"]["default_card_ids"]), set(items.ids), "everything ready, together")
        scan = base64.b64encode(b"%PDF-1.4 signed item list")
        with freeze_time("2026-03-20"):
            # What the hand-over screen sends: the items ready, the uploaded scan and its file name.
            wizard = self.env[action["res_model"]].with_user(self.clerk).with_context(**action["context"]).create({
                "receipt": scan, "receipt_name": "item-list.pdf",
            })
            self.assertEqual(wizard.card_ids, items)
            wizard.action_confirm()
        self.assertEqual(set(items.mapped("state")), {"delivered"})
        self.assertEqual(set(items.mapped("date_delivered")), {date(2026, 3, 20)})
        self.assertEqual(items.delivered_by_id, self.clerk)
        self.assertEqual(set(items.mapped("delivery_receipt")), {scan})
        self.assertEqual(set(items.mapped("delivery_receipt_name")), {"item-list.pdf"})
        temporary = membership.card_ids.filtered(lambda c: c.card_type == "temporary")
        self.assertEqual(temporary.state, "returned", "R-1.7: the temporary card is taken back")
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).write({"delivered_by_id": self.manager.id})

    # ------------------------------------------------------------------ portal invitation (issue 13.5)

    def portal_users(self, partner):
        return partner.with_context(active_test=False).user_ids

    def test_portal_invitation_on_activation_once(self):
        """A member without a portal user gets one when the membership becomes active, in their language;
        a second membership of the same member does not invite again."""
        self.speak_chinese(self.applicant)
        approved = self.approved_membership()
        self.assertFalse(self.portal_users(self.applicant), "not before the membership is active")
        self.pay(approved.balance_invoice_id)  # the deposit was paid before approval
        self.assertEqual(approved.state, "active")
        user = self.portal_users(self.applicant)
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "zhang.wei@example.com")
        self.assertEqual(user.lang, "zh_CN")
        second = self.active_membership()
        self.assertEqual(second.state, "active")
        self.assertEqual(self.portal_users(self.applicant), user, "invited once")

    def test_no_invitation_when_the_club_says_so(self):
        self.company.golf_portal_invite = False
        membership = self.active_membership()
        self.assertEqual(membership.state, "active")
        self.assertFalse(self.portal_users(self.applicant))

    def test_member_without_email_is_not_invited_and_activation_goes_on(self):
        """A member without an e-mail address cannot be invited: the membership starts all the same and
        member services read why in the chatter."""
        member = self.env["res.partner"].create({"name": "Chen Jie", "phone": "13800000003"})
        membership = self.active_membership(partner_id=member.id)
        self.assertEqual(membership.state, "active")
        self.assertFalse(self.portal_users(member))
        self.assertTrue(membership.message_ids.filtered(lambda m: "not invited to the portal" in (m.body or "")))

    # ------------------------------------------------------------------ notifications already in place

    def test_request_answered_told_once_in_chinese(self):
        """R-11.2: the member is told the expected date when the request is answered, once, in their language."""
        self.speak_chinese(self.applicant)
        request = self.env["golf.service.request"].with_user(self.clerk).create({
            "partner_id": self.applicant.id, "subject": "Locker key does not work", "complexity": "general",
        })
        request.with_user(self.clerk).action_respond()
        notice = self.assert_emailed_once(request, "预计于", self.applicant)
        self.assertIn(request.name, notice.subject)
        with self.assertRaises(UserError):
            request.with_user(self.clerk).action_respond()
        self.assertEqual(len(self.notices(request, request.name)), 1)

    def test_low_prepaid_balance_told_once_in_chinese(self):
        """R-2.3: below its threshold the member is told once, in their language."""
        self.speak_chinese(self.applicant)
        membership = self.active_membership()
        account = self.env["golf.prepaid.account"].with_user(self.clerk).create({
            "membership_id": membership.id, "agreement_signed": True, "application_signed": True,
            "credit_limit": 0.0, "low_balance_threshold": 2000.0,
        })
        account.with_user(self.clerk).action_submit()
        payment = self.env["account.payment"].with_user(self.finance).create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": account.partner_id.id,
            "amount": 5000.0, "journal_id": self.bank_journal.id, "golf_prepaid_account_id": account.id,
        })
        payment.action_post()
        account.with_user(self.finance).action_confirm_funds()
        account.with_user(self.finance).action_approve()
        Charge = self.env["golf.prepaid.charge"].with_user(self.clerk)
        for amount in (3500.0, 100.0):
            Charge.create({
                "account_id": account.id, "description": "Lunch", "outlet": "restaurant", "amount": amount,
                "signer_id": membership.member_partner_id.id,
            }).action_post()
        notice = self.assert_emailed_once(account, "余额不足", self.applicant)
        self.assertEqual(notice.subject, f"{self.company.name}：您的预付款账户 {account.name} 余额不足")
