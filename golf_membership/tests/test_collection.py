from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import GolfMembershipCommon

REMINDER_SUBJECT = "payment reminder"


@tagged("post_install", "-at_install")
class TestCollection(GolfMembershipCommon):
    """R-6.1: member services prepare the billing run and finance confirms it; overdue bills get payment
    reminders at the steps of the settings, by e-mail and as printed letters, and are chased from a worklist.
    R-6.6: expired bag storage is billed, reminded and chased like the dues."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"golf_payment_reminder_steps": "15,30,60", "golf_late_fee_days": 30})
        cls.portal_user = new_test_user(cls.env, login="golf_collect_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, login="golf_collect_employee", groups="base.group_user")
        with freeze_time("2026-03-02"):
            cls.member_a = cls._member("Zhao Lei")
            cls.member_b = cls._member("Qian Yu")

    @classmethod
    def _member(cls, name):
        partner = cls.env["res.partner"].create({"name": name, "email": f"{name.split()[0].lower()}@example.com"})
        membership = cls.create_membership(partner_id=partner.id)
        membership.with_user(cls.clerk).action_submit()
        membership.document_ids.with_user(cls.clerk).write({"received": True})
        cls._pay_invoice(membership.deposit_invoice_id)
        membership.with_user(cls.director).action_approve()
        cls._pay_invoice(membership.balance_invoice_id)
        return membership

    @classmethod
    def _pay_invoice(cls, invoice):
        cls.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"journal_id": cls.bank_journal.id}
        )._create_payments()

    def _bill(self):
        """The dues of 2027, billed on 20 November 2026 and due on 31 December 2026."""
        with freeze_time("2026-11-20"):
            run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
            run.action_run()
        return run

    def _dues(self, membership):
        return membership.invoice_ids.filtered(lambda move: move.golf_fee_type == "dues")

    def _reminders(self, invoice):
        return invoice.message_ids.filtered(lambda message: REMINDER_SUBJECT in (message.subject or ""))

    def _remind(self, day):
        self.env.invalidate_all()  # each day's job runs in a transaction of its own (days overdue are read anew)
        with freeze_time(day):
            self.env["account.move"]._cron_golf_payment_reminders()
            self.env["golf.notification.log"]._cron_send_queued()

    def _worklist(self, user, day, domain=()):
        with freeze_time(day):
            return self.env["golf.collection.line"].with_user(user).search(list(domain))

    # ------------------------------------------------------------------ the billing run

    @freeze_time("2026-11-20")
    def test_clerk_prepares_and_finance_confirms_the_run(self):
        """R-6.1: the clerk prepares the run and submits it with what it would bill; finance gets a to-do;
        the clerk cannot start the billing; finance confirms it and the invoices are issued."""
        run = self.env["golf.billing.run"].with_user(self.clerk).create({"year": 2027})
        self.assertTrue(run.can_submit)
        self.assertFalse(run.can_run)
        run.action_submit()
        self.assertEqual(run.state, "submitted")
        self.assertEqual((run.preview_count, run.preview_amount), (2, 24000.0))
        self.assertEqual(run.submitted_by_id, self.clerk)
        activity = run.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("golf_membership.mail_act_golf_billing_run_confirm")
        )
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("golf_membership.group_golf_finance"))

        with self.assertRaises(AccessError):
            run.with_user(self.clerk).action_run()
        self.assertEqual(run.state, "submitted")
        self.assertFalse(run.invoice_ids)
        self.assertFalse(run.with_user(self.clerk).can_run)

        self.assertTrue(run.with_user(self.finance).can_run)
        run.with_user(self.finance).action_run()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.invoice_ids), 2)
        self.assertEqual(sum(run.invoice_ids.mapped("amount_total")), 24000.0)
        self.assertEqual(set(run.invoice_ids.mapped("state")), {"posted"})
        self.assertFalse(run.activity_ids, "finance's to-do is done")

    @freeze_time("2026-11-20")
    def test_finance_sends_the_run_back(self):
        """R-6.1: finance sends a prepared run back to the clerk, who corrects it; a clerk cannot take a run
        past its preparation by writing its state."""
        run = self.env["golf.billing.run"].with_user(self.clerk).create({"year": 2027})
        run.action_submit()
        with self.assertRaises(UserError):
            run.with_user(self.clerk).write({"date_due": date(2027, 1, 31)})
        with self.assertRaises(UserError):
            run.with_user(self.clerk).write({"state": "running"})
        run.with_user(self.finance).action_reset()
        self.assertEqual((run.state, run.preview_count), ("draft", 0))
        self.assertFalse(run.activity_ids)
        run.with_user(self.clerk).write({"date_due": date(2027, 1, 31)})
        self.assertEqual(run.date_due, date(2027, 1, 31))

    def test_yearly_cron_bills_a_prepared_run(self):
        """R-6.2: the system's yearly billing still bills the year, also a run a clerk prepared."""
        with freeze_time("2026-11-19"):
            run = self.env["golf.billing.run"].with_user(self.clerk).create({"year": 2027})
            run.action_submit()
        with freeze_time("2026-11-20"):
            self.env["golf.billing.run"]._cron_yearly_billing()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.invoice_ids), 2)

    # ------------------------------------------------------------------ payment reminders

    def test_reminder_steps_are_sent_once(self):
        """R-6.1: 16 days overdue the first reminder is sent, once however often the daily job runs; 31 days
        overdue the second; a paid invoice gets none."""
        self._bill()
        late, paid = self._dues(self.member_a), self._dues(self.member_b)
        with freeze_time("2027-01-10"):
            self.pay(paid)
        with freeze_time("2027-01-14"):
            self.env["golf.membership"]._cron_daily()
        self.assertFalse(self._reminders(late), "14 days overdue: not yet")
        with freeze_time("2027-01-16"):
            self.env["golf.membership"]._cron_daily()  # the rule is one of the daily rules
            self.env["golf.membership"]._cron_daily()
            self.assertFalse(self._reminders(late), "queued for the notices job")
            self.env["golf.notification.log"]._cron_send_queued()
        self.assertEqual(len(self._reminders(late)), 1)
        self.assertEqual((late.golf_reminder_step, late.golf_reminder_date), (1, date(2027, 1, 16)))
        self._remind("2027-01-17")
        self.assertEqual(len(self._reminders(late)), 1)
        self._remind("2027-01-31")
        self._remind("2027-01-31")
        self.assertEqual(len(self._reminders(late)), 2)
        self.assertEqual(late.golf_reminder_step, 2)
        self.assertIn("31", self._reminders(late)[0].body, "the e-mail says how late the invoice is")
        self.assertIn("12,000.00", self._reminders(late)[0].body)
        self.assertIn("portal_pay", self._reminders(late)[0].body, "with a link to pay online")
        self.assertFalse(self._reminders(paid))
        self.assertEqual(paid.golf_reminder_step, 0)

    def test_invoice_found_late_gets_the_last_step_reached(self):
        """R-6.1: an invoice first seen 61 days overdue gets the last reminder only, not all three."""
        self._bill()
        invoice = self._dues(self.member_a)
        self._remind("2027-03-02")
        self.assertEqual(len(self._reminders(invoice)), 1)
        self.assertEqual(invoice.golf_reminder_step, 3)

    def test_reminder_steps_come_from_the_settings(self):
        """R-6.1: the steps are the club's setting: at 10 and 20 days overdue, none after the last one."""
        self.company.with_user(self.manager).write({"golf_payment_reminder_steps": "10, 20"})
        self._bill()
        invoice = self._dues(self.member_a)
        self._remind("2027-01-11")
        self.assertEqual(invoice.golf_reminder_step, 1)
        self._remind("2027-01-21")
        self.assertEqual(invoice.golf_reminder_step, 2)
        self._remind("2027-03-31")
        self.assertEqual(len(self._reminders(invoice)), 2)
        for wrong in ("30,15", "15,,abc", "0,10"):
            with self.subTest(steps=wrong), self.assertRaises(ValidationError):
                self.company.with_user(self.manager).write({"golf_payment_reminder_steps": wrong})
        self.company.with_user(self.manager).write({"golf_payment_reminder_steps": ""})
        self.assertEqual(self.company._golf_payment_reminder_steps(), [])

    def test_reminder_record_is_the_module_s(self):
        """R-6.1: which reminder was sent is recorded by the module, never typed in."""
        self._bill()
        invoice = self._dues(self.member_a)
        for user in (self.clerk, self.finance):
            with self.assertRaises(UserError):
                invoice.with_user(user).write({"golf_reminder_step": 3})
        self.assertEqual(invoice.golf_reminder_step, 0)

    def test_reminder_letters_printed_one_page_per_member(self):
        """R-6.1: the reminder letters of the selected invoices print with each member's name, what is owed and
        how late, one letter per member."""
        self._bill()
        invoices = self._dues(self.member_a) | self._dues(self.member_b)
        with freeze_time("2027-01-16"):
            action = self.env["golf.collection.line"].with_user(self.clerk).search([]).action_print_reminders()
            self.assertEqual(action["report_name"], "golf_membership.report_payment_reminder")
            self.assertEqual(set(action["context"]["active_ids"]), set(invoices.ids))
            report = self.env["ir.actions.report"].with_user(self.clerk).with_context(lang="en_US")
            html = report._render_qweb_html("golf_membership.report_golf_payment_reminder", invoices.ids)[0].decode()
            pdf = report._render_qweb_pdf("golf_membership.report_golf_payment_reminder", invoices.ids)[0]
        self.assertTrue(pdf)
        self.assertEqual(html.count("Payment Reminder</h2>"), 2)
        for membership in (self.member_a, self.member_b):
            self.assertIn(membership.partner_id.name, html)
            self.assertIn(self._dues(membership).name, html)
        self.assertIn("12,000.00", html)
        self.assertIn("<span>16</span>", html)

    # ------------------------------------------------------------------ the worklist

    def test_worklist_shows_amount_and_age(self):
        """R-6.1: the worklist lists each overdue invoice with what is still to pay, since when and its age,
        groups by age; a paid invoice leaves it; a reminder sent from it is recorded on the line."""
        self._bill()
        late, paid = self._dues(self.member_a), self._dues(self.member_b)
        self.assertFalse(self._worklist(self.clerk, "2026-12-31"), "not overdue on the due date")
        with freeze_time("2027-01-10"):
            self.pay(paid)
        with freeze_time("2027-02-15"):
            lines = self.env["golf.collection.line"].with_user(self.clerk).search([])
            self.assertEqual(lines.move_id, late)
            self.assertEqual(
                (lines.membership_id, lines.partner_id, lines.fee_type, lines.amount_residual, lines.date_due,
                 lines.days_overdue, lines.age_bucket, lines.reminder_step),
                (self.member_a, self.member_a.partner_id, "dues", 12000.0, date(2026, 12, 31), 46, "31_60", 0),
            )
        with freeze_time("2027-04-15"):
            groups = self.env["golf.collection.line"].with_user(self.finance)._read_group(
                [], ["age_bucket"], ["amount_residual:sum"],
            )
            self.assertEqual(groups, [("over_90", 12000.0)])
            self.assertTrue(self.env["golf.collection.line"].with_user(self.finance).search(
                [("age_bucket", "=", "over_90"), ("partner_id", "=", self.member_a.partner_id.id)]
            ))
        with freeze_time("2027-02-15"):
            lines.with_user(self.clerk).action_send_reminder()
            self.assertEqual(len(self._reminders(late)), 1)
            self.assertEqual(lines.with_user(self.clerk).search([]).reminder_step, 2, "46 days: the second step")
            lines.with_user(self.clerk).action_send_reminder()
            self.assertEqual(len(self._reminders(late)), 1, "once a day")
        with freeze_time("2027-02-16"):
            self.pay(late)
        self.assertFalse(self._worklist(self.clerk, "2027-02-16"))

    def test_worklist_for_staff_only(self):
        """R-6.1: member services and finance read the worklist; a portal user or an employee without the
        club's groups neither reads it nor sends reminders."""
        self._bill()
        self.assertEqual(len(self._worklist(self.clerk, "2027-01-16")), 2)
        self.assertEqual(len(self._worklist(self.finance, "2027-01-16")), 2)
        for user in (self.portal_user, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._worklist(user, "2027-01-16")
        with freeze_time("2027-01-16"), self.assertRaises(AccessError):
            self._dues(self.member_a).with_user(self.employee).action_golf_send_payment_reminder()
        self.assertFalse(self._reminders(self._dues(self.member_a)))

    # ------------------------------------------------------------------ bag storage

    def test_expired_bag_storage_is_chased_like_dues(self):
        """R-6.6: an expired storage is listed and billed; its unpaid renewal is in the worklist and gets the
        reminders; once paid it leaves the worklist and the storage is renewed."""
        storage = self.env["golf.bag.storage"].with_user(self.clerk).create({
            "partner_id": self.member_a.partner_id.id, "membership_id": self.member_a.id, "slot": "B-07",
            "fee": 1500.0, "date_start": date(2025, 11, 26), "date_end": date(2026, 11, 25),
        })
        with freeze_time("2026-11-26"):
            self.env["golf.bag.storage"]._cron_bag_storage()
        # "Expired Bag Storage" lists it for member services.
        self.assertIn(storage, self.env["golf.bag.storage"].with_user(self.clerk).search([("state", "=", "expired")]))
        invoice = storage.renewal_invoice_id
        self.assertEqual((invoice.amount_total, invoice.invoice_date_due), (1500.0, date(2026, 12, 3)))

        with freeze_time("2026-12-19"):
            line = self.env["golf.collection.line"].with_user(self.clerk).search([("bag_storage_id", "=", storage.id)])
            self.assertEqual(
                (line.move_id, line.fee_type, line.amount_residual, line.days_overdue, line.age_bucket),
                (invoice, "bag_storage", 1500.0, 16, "1_30"),
            )
        self._remind("2026-12-19")
        self.assertEqual(len(self._reminders(invoice)), 1)
        self.assertEqual(invoice.golf_reminder_step, 1)

        with freeze_time("2026-12-20"):
            self.pay(invoice)
            self.assertFalse(self._worklist(self.clerk, "2026-12-20", [("bag_storage_id", "=", storage.id)]))
            storage.with_user(self.clerk).action_renew()
        self.assertEqual((storage.state, storage.date_end), ("active", date(2027, 11, 25)))
