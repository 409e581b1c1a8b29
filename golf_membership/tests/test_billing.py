from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestDuesBilling(GolfMembershipCommon):
    """R-6.2, R-6.3, R-6.5, R-7.5, R-7.6: yearly dues through Odoo accounting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({
            "golf_late_fee_days": 30,
            "golf_late_fee_amount": 0.0,
            "golf_late_fee_percent": 5.0,
            "golf_suspension_days": 180,
        })

    def _active_member(self, **values):
        with freeze_time("2026-03-02"):
            return self.active_membership(**values)

    def _add_dependent(self, membership, relation="spouse", birthdate=None, name="Wang Fang"):
        partner = self.env["res.partner"].create({"name": name})
        dependent = self.env["golf.membership.dependent"].create({
            "membership_id": membership.id,
            "partner_id": partner.id,
            "relation": relation,
            "birthdate": birthdate or date(1985, 5, 1),
        })
        dependent.with_user(self.clerk).action_submit()
        dependent.document_ids.write({"received": True})
        dependent.with_user(self.director).action_review()
        dependent.with_user(self.manager).action_approve()
        return dependent

    def _run(self, year=2027, user=None, **values):
        run = self.env["golf.billing.run"].with_user(user or self.finance).create({"year": year, **values})
        run.action_run()
        return run

    def _dues_invoice(self, membership, year=2027):
        return membership.invoice_ids.filtered(lambda m: m.golf_fee_type == "dues" and m.golf_billing_year == year)

    # ------------------------------------------------------------------ billing run

    @freeze_time("2026-11-20")
    def test_run_bills_member_and_dependents(self):
        """R-6.2 / R-7.5: 12 months of dues for the member and for each active dependent, due 31 Dec."""
        membership = self._active_member()
        with freeze_time("2026-04-01"):
            self._add_dependent(membership)
        run = self._run()
        invoice = self._dues_invoice(membership)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, membership.partner_id)
        self.assertEqual(invoice.invoice_date_due, date(2026, 12, 31))
        self.assertEqual(invoice.amount_total, 12 * 1000.0 + 12 * 300.0)
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("product_id.id")),
            sorted([self.company._golf_product("dues").id, self.company._golf_product("dependent_dues").id]),
        )
        self.assertIn("Wang Fang", " ".join(invoice.invoice_line_ids.mapped("name")))
        self.assertEqual(run.state, "done")
        self.assertEqual(run.billed_count, 1)

    @freeze_time("2026-11-20")
    def test_run_with_taxed_dues(self):
        """Dues with a tax are computed by Odoo's invoice logic: the tax line is there and the total includes it."""
        tax = self.env["account.tax"].create({"name": "VAT 6%", "amount": 6.0, "type_tax_use": "sale"})
        self.company._golf_product("dues").taxes_id = tax
        membership = self._active_member()
        self._run()
        invoice = self._dues_invoice(membership)
        self.assertEqual(invoice.amount_untaxed, 12000.0)
        self.assertEqual(invoice.amount_tax, 720.0)
        self.assertEqual(invoice.amount_total, 12720.0)

    @freeze_time("2026-11-20")
    def test_untaxed_dues_are_ordinary_invoices(self):
        """The untaxed dues invoice has the journal items Odoo would write: income per product line and one
        receivable line due on 31 December, and it is paid through the standard wizard."""
        membership = self._active_member()
        self._run()
        invoice = self._dues_invoice(membership)
        receivable = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable.account_id, membership.partner_id.property_account_receivable_id)
        self.assertEqual(receivable.date_maturity, date(2026, 12, 31))
        self.assertEqual(receivable.balance, 12000.0)
        product_line = invoice.invoice_line_ids
        self.assertEqual(product_line.account_id, product_line.product_id.product_tmpl_id._get_product_accounts()["income"])
        self.assertEqual(product_line.price_subtotal, 12000.0)
        self.pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    @freeze_time("2026-11-20")
    def test_tax_on_income_account_is_invoiced(self):
        """A sales tax set by default on the dues income account is applied: Odoo computes those invoices."""
        tax = self.env["account.tax"].create({"name": "VAT 6%", "amount": 6.0, "type_tax_use": "sale"})
        income = self.company._golf_product("dues").product_tmpl_id._get_product_accounts()["income"]
        income.tax_ids = tax
        membership = self._active_member()
        self._run()
        invoice = self._dues_invoice(membership)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, tax)
        self.assertEqual(invoice.amount_tax, 720.0)
        self.assertEqual(invoice.amount_total, 12720.0)

    @freeze_time("2026-11-20")
    def test_run_numbers_invoices_in_sequence(self):
        """Dues invoices billed in several batches continue the journal's numbering without gap or
        duplicate, and the next ordinary invoice follows them."""
        partners = self.env["res.partner"].create([{"name": f"Member {i}"} for i in range(3)])
        members = self.env["golf.membership"]
        for partner in partners:
            members |= self._active_member(partner_id=partner.id)
        journal = members.invoice_ids.journal_id
        self.assertEqual(len(journal), 1)
        before = self.env["account.move"].search([("journal_id", "=", journal.id), ("state", "=", "posted")])
        self.company.golf_billing_batch_size = 2
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
        run._bill(max_batches=1)
        run.action_run()
        dues = run.invoice_ids
        self.assertEqual(len(dues), 3)
        later = members[0]._create_posted_invoices([members[0]._prepare_invoice_vals(
            "other", [members[0]._prepare_invoice_line_vals(self.company._golf_product("dues"), "Locker", 100.0)],
        )])
        numbers = sorted((before | dues | later).mapped("sequence_number"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + len(numbers))))
        self.assertEqual(sorted(dues.mapped("sequence_number")), numbers[len(before):len(before) + 3])
        self.assertEqual(later.sequence_number, numbers[-1])
        self.assertEqual(len(set((before | dues | later).mapped("name"))), len(numbers))

    @freeze_time("2026-11-20")
    def test_run_skips_members_not_billable(self):
        """R-6.2: never historical, cancelled or not yet active memberships."""
        active = self._active_member()
        approved = self.approved_membership()
        withdrawn = self._active_member(partner_id=self.env["res.partner"].create({"name": "Chen Jie"}).id)
        withdrawn.with_user(self.manager).action_withdraw()
        self._run()
        self.assertTrue(self._dues_invoice(active))
        self.assertFalse(self._dues_invoice(approved))
        self.assertFalse(self._dues_invoice(withdrawn))

    @freeze_time("2026-11-20")
    def test_run_is_idempotent_and_resumable(self):
        """R-6.2: a run stopped after its first batch and resumed bills every membership exactly once."""
        partners = self.env["res.partner"].create([{"name": f"Member {i}"} for i in range(3)])
        members = self.env["golf.membership"]
        for partner in partners:
            members |= self._active_member(partner_id=partner.id)
        self.company.golf_billing_batch_size = 2
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
        run._bill(max_batches=1)
        self.assertEqual(run.state, "running")
        self.assertEqual(run.billed_count, 2)
        run.action_run()
        run.action_run()
        self.assertEqual(run.state, "done")
        for membership in members:
            self.assertEqual(len(self._dues_invoice(membership)), 1)

    @freeze_time("2026-11-20")
    def test_second_run_for_same_year_refused(self):
        """R-6.2: a year is billed by one run only; the wizard for a billed year opens that run, and
        nothing is billed twice."""
        self._active_member()
        run = self._run()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
        wizard = self.env["golf.billing.run.wizard"].with_user(self.finance).create({"year": 2027})
        self.assertEqual(wizard.action_confirm()["res_id"], run.id)
        self.assertEqual(self.env["account.move"].search_count([("golf_billing_year", "=", 2027)]), 1)

    @freeze_time("2026-11-20")
    def test_only_finance_and_management_may_bill(self):
        self._active_member()
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
        for user in (self.clerk, self.supervisor, self.director):
            with self.assertRaises(AccessError):
                run.with_user(user).action_run()
        self.assertEqual(run.billed_count, 0)
        run.with_user(self.manager).action_run()
        self.assertEqual(run.billed_count, 1)

    @freeze_time("2026-11-20")
    def test_bad_dates_refused(self):
        with self.assertRaises(ValidationError):
            self.env["golf.billing.run"].with_user(self.finance).create(
                {"year": 2027, "date_invoice": date(2026, 11, 20), "date_due": date(2026, 11, 1)}
            )
        with self.assertRaises(ValidationError):
            self.env["golf.billing.run"].with_user(self.finance).create({"year": 27})

    @freeze_time("2026-11-20")
    def test_yearly_cron_bills_from_billing_date(self):
        """R-6.2: the cron bills next year from the configured date before 1 December, once."""
        membership = self._active_member()
        with freeze_time("2026-11-10"):
            self.env["golf.billing.run"]._cron_yearly_billing()
            self.assertFalse(self._dues_invoice(membership))
        self.env["golf.billing.run"]._cron_yearly_billing()
        self.env["golf.billing.run"]._cron_yearly_billing()
        self.assertEqual(len(self._dues_invoice(membership)), 1)

    @freeze_time("2026-11-20")
    def test_failing_membership_isolated_and_reported(self):
        """A membership that cannot be billed (its customer's receivable account was archived) is listed on the
        run as failed with the error, the others are billed and the run is done; the daily rule leaves it alone.
        Once finance fixed it, running the billing again bills it, once."""
        good = self._active_member()
        poisoned = self._active_member(partner_id=self.env["res.partner"].create({"name": "Broken Account"}).id)
        receivable = self.env["account.account"].create({
            "name": "Receivable (closed)", "code": "113999", "account_type": "asset_receivable", "reconcile": True,
            "company_ids": [Command.set(self.company.ids)],
        })
        poisoned.partner_id.with_company(self.company).property_account_receivable_id = receivable
        receivable.active = False
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(self._dues_invoice(good)), 1)
        self.assertFalse(self._dues_invoice(poisoned))
        failed = run.line_ids.filtered(lambda line: line.status == "failed")
        self.assertEqual(failed.membership_id, poisoned)
        self.assertIn("archived", failed.error)
        self.assertEqual(run.with_user(self.finance).failed_count, 1)
        self.assertIn("could not be billed", run.message_ids[0].body)
        self.env["golf.billing.run"]._cron_bill_late_dues()
        self.assertEqual(len(run.line_ids.filtered(lambda line: line.status == "failed")), 1, "not tried daily")

        receivable.active = True
        run.with_user(self.finance).action_run()
        self.assertEqual(len(self._dues_invoice(poisoned)), 1)
        self.assertEqual(len(self._dues_invoice(good)), 1)
        self.assertEqual(failed.status, "retried")
        self.assertEqual((run.state, run.failed_count), ("done", 0))

    # ------------------------------------------------------------------ statements

    @freeze_time("2026-11-20")
    def test_statements_printed_and_sent(self):
        """R-6.2: a dues statement per membership, printed in bulk and e-mailed with the PDF."""
        membership = self._active_member()
        bank = self.env["res.partner.bank"].create({
            "partner_id": self.company.partner_id.id, "acc_number": "7559 0123 4567 801",
            "acc_holder_name": "Golf Club Ltd", "company_id": self.company.id,
            "bank_id": self.env["res.bank"].create({"name": "China Merchants Bank", "bic": "CMBCCNBS"}).id,
        })
        run = self._run()
        invoice = self._dues_invoice(membership)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "golf_membership.report_golf_dues_statement", invoice.ids
        )[0].decode()
        self.assertIn(membership.name, html)
        # how to pay: by transfer to the club's account, quoting the invoice's reference
        self.assertIn("How to pay", html)
        for printed in (bank.acc_number, "Golf Club Ltd", "CMBCCNBS", invoice.payment_reference or invoice.name):
            self.assertIn(printed, html)
        action = run.action_print_statements()
        attachment = self.env["ir.attachment"].search([("res_model", "=", run._name), ("res_id", "=", run.id)])
        self.assertIn(f"/web/content/{attachment.id}", action["url"])
        self.assertTrue(attachment.raw)
        run.with_user(self.finance).action_send_statements()
        self.assertTrue(invoice.is_move_sent)
        self.assertEqual(run.sent_count, 1)
        message = invoice.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertTrue(message, "the statement is sent with its PDF")

    # ------------------------------------------------------------------ collection

    @freeze_time("2026-11-20")
    def test_payment_status_per_year(self):
        """R-6.1: paid, outstanding and overdue per year, derived from the invoices."""
        membership = self._active_member()
        self._run()
        invoice = self._dues_invoice(membership)
        self.pay(invoice, amount=5000.0)
        with freeze_time("2027-01-15"):
            self.env.flush_all()
            membership.invalidate_recordset(["dues_status_ids"])
            status = membership.dues_status_ids.filtered(lambda s: s.year == 2027)
            self.assertEqual(status.amount_total, 12000.0)
            self.assertEqual(status.amount_paid, 5000.0)
            self.assertEqual(status.amount_residual, 7000.0)
            self.assertEqual(status.amount_overdue, 7000.0)

    @freeze_time("2026-11-20")
    def test_late_fee_once(self):
        """R-6.3: more than 30 days late, exactly one late fee of 5 % of what is still owed."""
        membership = self._active_member()
        self._run()
        invoice = self._dues_invoice(membership)
        self.pay(invoice, amount=2000.0)
        Membership = self.env["golf.membership"]
        with freeze_time("2027-01-30"):
            Membership._cron_daily()
            self.assertFalse(invoice.golf_late_fee_ids, "30 days late is not more than 30 days")
        with freeze_time("2027-01-31"):
            Membership._cron_daily()
            Membership._cron_daily()
        late_fee = invoice.golf_late_fee_ids
        self.assertEqual(len(late_fee), 1)
        self.assertEqual(late_fee.state, "posted")
        self.assertEqual(late_fee.golf_fee_type, "late_fee")
        self.assertEqual(late_fee.golf_membership_id, membership)
        self.assertEqual(late_fee.amount_total, 500.0)

    @freeze_time("2026-11-20")
    def test_late_fee_fixed_amount(self):
        self.company.golf_late_fee_amount = 300.0
        membership = self._active_member()
        self._run()
        with freeze_time("2027-02-15"):
            self.env["golf.membership"]._cron_daily()
        self.assertEqual(self._dues_invoice(membership).golf_late_fee_ids.amount_total, 300.0)

    def test_negative_late_fee_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.company.golf_late_fee_amount = -1.0
            self.company.flush_recordset()

    @freeze_time("2026-11-20")
    def test_suspension_and_reinstatement(self):
        """R-6.3 / R-7.5: 180 days unpaid suspends member and dependents; paying everything reinstates them."""
        membership = self._active_member()
        with freeze_time("2026-04-01"):
            dependent = self._add_dependent(membership)
        self._run()
        invoice = self._dues_invoice(membership)
        with freeze_time("2027-06-29"):
            self.env["golf.membership"]._cron_daily()
            self.assertEqual(membership.state, "active")
        with freeze_time("2027-06-30"):
            self.env["golf.membership"]._cron_daily()
            self.assertEqual(membership.state, "suspended")
            self.assertTrue(membership.suspended_for_dues)
            self.assertEqual(dependent.state, "suspended")
            self.pay(invoice)
            self.assertEqual(membership.state, "suspended", "the late fee is still overdue")
            self.pay(invoice.golf_late_fee_ids)
            self.assertEqual(membership.state, "active")
            self.assertFalse(membership.suspended_for_dues)
            self.assertEqual(dependent.state, "active")

    @freeze_time("2026-03-02")
    def test_instalment_reminder_and_overdue_activity(self):
        """R-6.5: a reminder before each instalment and an activity when one is overdue."""
        membership = self.approved_membership(payment_mode="installment", installment_count=3)
        balance = membership.balance_invoice_id
        first = balance.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable").sorted(
            "date_maturity"
        )
        self.pay(balance, amount=first[0].balance)
        self.assertEqual(membership.state, "active")
        second_due = first[1].date_maturity
        with freeze_time(second_due - timedelta(days=7)):
            self.env["golf.membership"]._cron_daily()
            self.env["golf.membership"]._cron_daily()
        reminders = balance.message_ids.filtered(lambda m: "instalment" in (m.subject or "").lower())
        self.assertEqual(len(reminders), 1)
        with freeze_time(second_due + timedelta(days=1)):
            self.env["golf.membership"]._cron_daily()
            self.env["golf.membership"]._cron_daily()
        activity_type = self.env.ref("golf_membership.mail_act_golf_instalment_overdue")
        self.assertEqual(len(balance.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)), 1)

    # ------------------------------------------------------------------ dependents

    @freeze_time("2026-11-20")
    def test_dependent_cancelled_within_30_days_is_credited(self):
        """R-7.6: cancelling a dependent within 30 days after the bill credits that dependent's dues."""
        membership = self._active_member()
        with freeze_time("2026-04-01"):
            dependent = self._add_dependent(membership)
        self._run()
        invoice = self._dues_invoice(membership)
        with freeze_time("2026-12-15"):
            dependent.with_user(self.supervisor).action_cancel()
        credit = membership.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(len(credit), 1)
        self.assertEqual(credit.amount_total, 12 * 300.0)
        self.assertEqual(invoice.amount_residual, 12 * 1000.0)

    @freeze_time("2026-11-20")
    def test_dependent_cancelled_late_is_not_credited(self):
        """R-7.4 / R-7.6: after 30 days nothing is refunded."""
        membership = self._active_member()
        with freeze_time("2026-04-01"):
            dependent = self._add_dependent(membership)
        self._run()
        with freeze_time("2026-12-21"):
            dependent.with_user(self.supervisor).action_cancel()
        self.assertFalse(membership.invoice_ids.filtered(lambda m: m.move_type == "out_refund"))
        self.assertEqual(dependent.state, "cancelled")

    # ------------------------------------------------------------------ bag storage

    @freeze_time("2026-11-20")
    def test_bag_storage_expiry(self):
        """R-6.6: reminder before expiry; on expiry 'expired', one renewal invoice, on the expired list."""
        storage = self.env["golf.bag.storage"].with_user(self.clerk).create({
            "partner_id": self.applicant.id, "slot": "A-01", "fee": 1200.0,
            "date_start": date(2026, 1, 1), "date_end": date(2026, 11, 25),
        })
        self.env["golf.membership"]._cron_daily()
        self.assertTrue(storage.reminder_sent)
        self.assertEqual(len(storage.message_ids.filtered(lambda m: "expires" in (m.subject or ""))), 1)
        with freeze_time("2026-11-26"):
            self.env["golf.membership"]._cron_daily()
            self.env["golf.membership"]._cron_daily()
        self.assertEqual(storage.state, "expired")
        self.assertEqual(len(storage.invoice_ids), 1)
        self.assertEqual(storage.renewal_invoice_id.amount_total, 1200.0)
        self.assertEqual(storage.renewal_invoice_id.state, "posted")
        expired = self.env["golf.bag.storage"].search([("state", "=", "expired")])
        self.assertIn(self.applicant, expired.partner_id)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["golf.bag.storage"].create({"partner_id": self.applicant.id, "slot": "B", "fee": -1})

    @freeze_time("2026-11-20")
    def test_accountant_filters(self):
        """Accountants find dues, late fees and a membership's invoices by the stored fields."""
        membership = self._active_member()
        self._run()
        Move = self.env["account.move"]
        self.assertEqual(Move.search([("golf_billing_year", "=", 2027)]).golf_membership_id, membership)
        self.assertEqual(
            set(Move.search([("golf_membership_id", "=", membership.id)]).mapped("golf_fee_type")),
            {"deposit", "balance", "dues"},
        )
        self.assertFalse(Move.search([("golf_fee_type", "=", "late_fee")]))

    # ------------------------------------------------------------------ no way around finance

    @freeze_time("2026-11-20")
    def test_billing_run_state_set_by_running_only(self):
        """R-6.2: a run starts as a draft and is done by billing; nobody writes its state by hand."""
        for user in (self.clerk, self.finance):
            for forged in ({"state": "done"}, {"state": "running"}):
                with self.assertRaises(UserError):
                    self.env["golf.billing.run"].with_user(user).with_context(golf_state_change=True).create(
                        {"year": 2027, **forged}
                    )
        self.assertFalse(self.env["golf.billing.run"].search([("year", "=", 2027)]))
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
        for user in (self.clerk, self.finance, self.manager):
            with self.assertRaises(UserError):
                run.with_user(user).with_context(golf_state_change=True).write({"state": "done"})
        self.assertEqual(run.state, "draft")

    @freeze_time("2026-11-20")
    def test_run_settings_locked_once_billing(self):
        """R-6.2: a resumed run bills like its first batch: year, company and dates stay as they were."""
        membership = self._active_member()
        run = self._run()
        for values in ({"year": 2028}, {"date_invoice": date(2026, 11, 21)}, {"date_due": date(2027, 1, 31)}):
            with self.assertRaises(UserError):
                run.with_user(self.finance).write(values)
        self.assertEqual((run.year, self._dues_invoice(membership).invoice_date_due), (2027, date(2026, 12, 31)))

    @freeze_time("2026-11-20")
    def test_run_button_for_finance_only(self):
        """R-6.2: the Bill button is shown to finance (and management), also on a done run for new members."""
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})

        def allowed():
            # The committee does not read billing runs.
            return {key for key, user in self.users.items() if key != "committee" and run.with_user(user).can_run}

        self.assertEqual(allowed(), {"finance", "manager"})
        run.action_run()
        self.assertEqual(run.state, "done")
        self.assertEqual(allowed(), {"finance", "manager"})

    @freeze_time("2026-11-20")
    def test_wizard_bills_for_finance(self):
        """R-6.2: finance bills the year through the wizard; a clerk may not."""
        membership = self._active_member()
        with self.assertRaises(AccessError):
            self.env["golf.billing.run.wizard"].with_user(self.clerk).create({"year": 2027})
        action = self.env["golf.billing.run.wizard"].with_user(self.finance).create({"year": 2027}).action_confirm()
        run = self.env["golf.billing.run"].browse(action["res_id"])
        self.assertEqual(run.state, "done")
        self.assertEqual(len(self._dues_invoice(membership)), 1)

    @freeze_time("2026-11-20")
    def test_done_run_bills_new_members(self):
        """R-6.2: run again, a done run bills the memberships that became billable since, never twice."""
        first = self._active_member()
        run = self._run()
        second = self._active_member(partner_id=self.env["res.partner"].create({"name": "Chen Jie"}).id)
        run.with_user(self.finance).action_run()
        self.assertEqual(run.state, "done")
        self.assertEqual((len(self._dues_invoice(first)), len(self._dues_invoice(second))), (1, 1))

    # ------------------------------------------------------------------ bag storage

    def _storage(self, **values):
        return self.env["golf.bag.storage"].with_user(self.clerk).create({
            "partner_id": self.applicant.id, "slot": "A-01", "fee": 1200.0,
            "date_start": date(2026, 1, 1), "date_end": date(2026, 11, 25), **values,
        })

    @freeze_time("2026-11-20")
    def test_bag_storage_forged_renewal_refused(self):
        """R-6.6: the renewal invoice, the reminder, the state and the period are set by the module only."""
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.applicant.id,
            "invoice_line_ids": [Command.create({"name": "Storage", "quantity": 1, "price_unit": 1.0})],
        })
        Storage = self.env["golf.bag.storage"].with_user(self.clerk).with_context(golf_state_change=True)
        for forged in ({"renewal_invoice_id": invoice.id}, {"state": "closed"}, {"reminder_sent": True}):
            with self.assertRaises(UserError):
                Storage.create({"partner_id": self.applicant.id, "slot": "A-01", **forged})
        self.assertFalse(self.env["golf.bag.storage"].search([("slot", "=", "A-01")]))
        storage = self._storage()
        for forged in ({"renewal_invoice_id": invoice.id}, {"state": "expired"}, {"reminder_sent": True},
                       {"date_end": date(2099, 12, 31)}, {"date_start": date(2026, 11, 26)}):
            with self.assertRaises(UserError):
                storage.with_user(self.clerk).with_context(golf_state_change=True).write(forged)
        self.assertEqual((storage.state, storage.date_end), ("active", date(2026, 11, 25)))
        self.assertFalse(storage.renewal_invoice_id or storage.reminder_sent)

    @freeze_time("2026-11-20")
    def test_bag_storage_renewed_once_paid(self):
        """R-6.6: the renewal invoice made at expiry must be paid before member services renew."""
        storage = self._storage()
        with freeze_time("2026-11-26"):
            self.env["golf.bag.storage"]._cron_bag_storage()
        invoice = storage.renewal_invoice_id
        self.assertEqual((storage.state, invoice.state), ("expired", "posted"))
        self.assertFalse(storage.with_user(self.clerk).can_renew)
        with self.assertRaisesRegex(UserError, "not paid yet"):
            storage.with_user(self.clerk).action_renew()
        self.assertEqual((storage.state, storage.date_end), ("expired", date(2026, 11, 25)))

        self.pay(invoice)
        storage.invalidate_recordset()
        self.assertEqual({key for key, user in self.users.items() if storage.with_user(user).can_renew},
                         {"clerk", "supervisor", "director", "manager"})
        with self.assertRaises(AccessError):
            storage.with_user(self.finance).action_renew()
        storage.with_user(self.clerk).action_renew()
        self.assertEqual(storage.state, "active")
        self.assertEqual((storage.date_start, storage.date_end), (date(2026, 11, 26), date(2027, 11, 25)))
        self.assertFalse(storage.renewal_invoice_id or storage.reminder_sent)
        self.assertEqual(storage.invoice_ids, invoice)

    @freeze_time("2026-11-20")
    def test_bag_storage_renewal_invoiced_by_the_action(self):
        """R-6.6: renewing a storage without renewal invoice makes the invoice; it is renewed once paid.
        Without a fee there is nothing to pay."""
        storage = self._storage()
        action = storage.with_user(self.clerk).action_renew()
        self.assertEqual(action["tag"], "display_notification")
        invoice = storage.renewal_invoice_id
        self.assertEqual((invoice.state, invoice.amount_total), ("posted", 1200.0))
        self.assertEqual((storage.state, storage.date_end), ("active", date(2026, 11, 25)), "Not renewed yet")
        with self.assertRaisesRegex(UserError, "not paid yet"):
            storage.with_user(self.clerk).action_renew()
        self.pay(invoice)
        storage.with_user(self.clerk).action_renew()
        self.assertEqual(storage.date_end, date(2027, 11, 25))

        free = self._storage(slot="B-02", fee=0.0)
        self.assertTrue(free.with_user(self.clerk).action_renew())
        self.assertEqual((free.date_end, free.invoice_ids), (date(2027, 11, 25), self.env["account.move"]))

    @freeze_time("2026-11-20")
    def test_bag_storage_closed_by_member_services(self):
        storage = self._storage()
        with self.assertRaises(AccessError):
            storage.with_user(self.finance).action_close()
        self.assertFalse(storage.with_user(self.finance).can_close)
        storage.with_user(self.clerk).action_close()
        self.assertEqual(storage.state, "closed")
        with self.assertRaises(UserError):
            storage.with_user(self.clerk).action_renew()
