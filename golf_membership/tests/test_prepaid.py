from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import GolfMembershipCommon

# The context keys that once let the module's own code write a state: they must authorise nothing.
OLD_BYPASS = {"golf_state_change": True, "golf_service_action": True}


@tagged("post_install", "-at_install")
class TestGolfPrepaid(GolfMembershipCommon):
    """R-2: prepaid accounts (预付款) and charge-to-account signing (签单), through real accounting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The admission helpers of the common fixture are instance methods: run them on a throw-away instance.
        fixture = cls(methodName="test_members_only")
        cls.membership = fixture.active_membership()
        cls.member = cls.membership.partner_id
        cls.spouse = cls.env["res.partner"].create({"name": "Wang Fang", "email": "wang.fang@example.com"})
        cls.stranger = cls.env["res.partner"].create({"name": "Guest Chen"})
        cls.other_member_partner = cls.env["res.partner"].create({"name": "Liu Yang", "email": "liu@example.com"})
        cls.other_membership = fixture.active_membership(partner_id=cls.other_member_partner.id)
        cls.product = cls.env.ref("golf_membership.product_golf_prepaid_charge")

    # ------------------------------------------------------------------ helpers

    def create_account(self, membership=None, user=None, **values):
        membership = membership or self.membership
        vals = {
            "membership_id": membership.id,
            "agreement_signed": True,
            "application_signed": True,
            "credit_limit": 0.0,
            "low_balance_threshold": 0.0,
        }
        vals.update(values)
        return self.env["golf.prepaid.account"].with_user(user or self.clerk).create(vals)

    def pay_in(self, account, amount, partner=None, payment_date=None, user=None):
        """Finance registers an ordinary customer payment carrying the prepaid account."""
        vals = {
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": (partner or account.partner_id).id,
            "amount": amount,
            "journal_id": self.bank_journal.id,
            "golf_prepaid_account_id": account.id,
        }
        if payment_date:
            vals["date"] = payment_date
        payment = self.env["account.payment"].with_user(user or self.finance).create(vals)
        payment.action_post()
        return payment

    def open_account(self, amount=10000.0, approver=None, **values):
        account = self.create_account(**values)
        account.with_user(self.clerk).action_submit()
        if amount:
            self.pay_in(account, amount)
        account.with_user(self.finance).action_confirm_funds()
        account.with_user(approver or self.finance).action_approve()
        return account

    def charge(self, account, amount, signer=None, post=True, user=None, **values):
        vals = {
            "account_id": account.id,
            "description": values.pop("description", "Lunch"),
            "outlet": values.pop("outlet", "restaurant"),
            "amount": amount,
            "signer_id": (signer or account.membership_id.member_partner_id).id,
        }
        vals.update(values)
        charge = self.env["golf.prepaid.charge"].with_user(user or self.clerk).create(vals)
        if post:
            charge.action_post()
        return charge

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Like assertRaisesRegex, inside a savepoint rolled back on the error (as an RPC call would be)."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), pattern)

    def receivable(self, partner):
        """What the partner owes the club (negative: what the club owes the partner)."""
        lines = self.env["account.move.line"].search([
            ("partner_id", "=", partner.commercial_partner_id.id),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("company_id", "=", self.company.id),
        ])
        return sum(lines.mapped("amount_residual"))

    def assertBalanced(self, account, balance):
        """The account balance and the partner's receivable tell the same story."""
        account.invalidate_recordset()
        self.assertAlmostEqual(account.balance, balance)
        self.assertAlmostEqual(self.receivable(account.partner_id), -balance)

    # ------------------------------------------------------------------ the agreement

    @freeze_time("2027-02-10 12:00:00")
    def test_agreement_workflow_and_who_may_approve(self):
        """R-2.1 / R-2.2: signed papers, finance confirms the money, finance or management approves."""
        account = self.create_account(agreement_signed=False)
        self.assertTrue(account.name.startswith("PA"))
        self.assertEqual(account.state, "draft")
        self.assertEqual(account.partner_id, self.member)
        self.assertEqual(account.signer_ids, self.member, "By default the member signs for charges.")

        with self.assertRefused(UserError, "two signed copies"):
            account.with_user(self.clerk).action_submit()
        self.assertEqual(account.state, "draft")
        scan = self.env["ir.attachment"].with_user(self.clerk).create({"name": "agreement-signed.pdf", "raw": b"%PDF-1.4"})
        account.with_user(self.clerk).write({
            "agreement_signed": True,
            "signer_ids": [Command.link(self.spouse.id)],
            "attachment_ids": [Command.link(scan.id)],
        })
        self.assertEqual(account.signer_ids, self.member | self.spouse)
        self.assertEqual(account.attachment_ids, scan, "The signed copies are kept with the agreement (R-2.2).")
        with self.assertRaises(AccessError):
            account.with_user(self.committee).action_submit()
        account.with_user(self.clerk).action_submit()
        self.assertEqual(account.state, "submitted")
        funds_activity = account.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("golf_membership.mail_act_golf_prepaid_funds"))
        self.assertTrue(funds_activity.user_id.has_group("golf_membership.group_golf_finance"))

        # Nothing is approved before finance has confirmed that the money arrived.
        self.assertFalse(account.with_user(self.finance).can_approve)
        with self.assertRefused(UserError, "confirm"):
            account.with_user(self.finance).action_approve()
        with self.assertRefused(UserError, "No money has been received"):
            account.with_user(self.finance).action_confirm_funds()
        self.pay_in(account, 20000.0)
        with self.assertRaises(AccessError):
            account.with_user(self.clerk).action_confirm_funds()
        account.with_user(self.finance).action_confirm_funds()
        self.assertEqual(account.date_funds_confirmed, date(2027, 2, 10))
        self.assertEqual(account.funds_confirmed_by_id, self.finance)
        self.assertFalse(account.activity_ids.filtered(lambda a: a.activity_type_id == funds_activity.activity_type_id))

        # Only finance or management approve.
        for user in (self.clerk, self.supervisor, self.director, self.committee):
            self.assertFalse(account.with_user(user).can_approve)
            with self.assertRaises(AccessError):
                account.with_user(user).action_approve()
            self.assertEqual(account.state, "submitted")
        self.assertTrue(account.with_user(self.manager).can_approve)
        account.with_user(self.manager).action_approve()
        self.assertEqual(account.state, "active")
        self.assertEqual(account.approved_by_id, self.manager)
        self.assertEqual(account.date_approved, date(2027, 2, 10))
        self.assertAlmostEqual(account.balance, 20000.0)

        other = self.open_account(amount=5000.0, approver=self.finance, membership=self.other_membership)
        self.assertEqual(other.state, "active")
        self.assertEqual(other.approved_by_id, self.finance)

        # The contract approval form (合同审批单) prints.
        html = self.env["ir.actions.report"]._render_qweb_html(
            "golf_membership.action_report_golf_prepaid_approval", account.ids)[0].decode()
        self.assertIn(account.name, html)
        self.assertIn("Contract Approval Form", html)
        self.assertIn("Noto Sans CJK SC", html)

    def test_members_only(self):
        """R-2: only a running membership of the same holder may open an account."""
        applicant = self.env["res.partner"].create({"name": "Applicant Sun"})
        submitted = self.submitted_membership(partner_id=applicant.id)
        with self.assertRefused(ValidationError, "Only members"):
            self.create_account(membership=submitted)
        with self.assertRefused(ValidationError, "must belong to the holder"):
            self.create_account(partner_id=self.stranger.id)
        self.assertFalse(self.env["golf.prepaid.account"].search([("partner_id", "in", (applicant | self.stranger).ids)]))

        # A membership that stops running stops the account being approved or charged.
        account = self.create_account()
        account.with_user(self.clerk).action_submit()
        self.pay_in(account, 1000.0)
        account.with_user(self.finance).action_confirm_funds()
        self.membership.with_user(self.manager).action_withdraw()
        with self.assertRefused(UserError, "no longer running"):
            account.with_user(self.finance).action_approve()
        self.assertEqual(account.state, "submitted")

    # ------------------------------------------------------------------ charges

    def test_signers_and_limits(self):
        """R-2.1 / R-2.3: only named signers; never beyond the balance plus the credit limit."""
        account = self.open_account(amount=1000.0, credit_limit=500.0)
        account.with_user(self.clerk).signer_ids = [Command.link(self.spouse.id)]

        stranger_charge = self.charge(account, 100.0, signer=self.stranger, post=False)
        with self.assertRefused(UserError, "may not sign"):
            stranger_charge.action_post()
        self.assertEqual(stranger_charge.state, "draft")
        self.assertFalse(stranger_charge.invoice_id)

        too_much = self.charge(account, 1500.01, post=False)
        with self.assertRefused(UserError, "exceeds"):
            too_much.action_post()
        self.assertEqual(too_much.state, "draft")
        self.assertBalanced(account, 1000.0)

        spouse_charge = self.charge(account, 1500.0, signer=self.spouse)
        self.assertEqual(spouse_charge.state, "posted")
        self.assertBalanced(account, -500.0)
        self.assertAlmostEqual(account.amount_available, 0.0)
        with self.assertRefused(UserError, "exceeds"):
            self.charge(account, 0.01)

        # A committee member may not charge; the credit limit of an account in force is finance's call.
        with self.assertRaises(AccessError):
            self.charge(account, 10.0, post=False).with_user(self.committee).action_post()
        with self.assertRaises(AccessError):
            account.with_user(self.clerk).credit_limit = 5000.0
        account.with_user(self.finance).credit_limit = 600.0
        self.charge(account, 100.0)
        self.assertBalanced(account, -600.0)

    def test_suspended_member_cannot_sign(self):
        """R-2.3 / R-3.1: while the membership is suspended nobody signs for charges on its account; once it is
        reinstated the member signs again."""
        account = self.open_account(amount=1000.0)
        self.membership.with_user(self.supervisor).action_suspend(reason="Sanction")
        charge = self.charge(account, 100.0, post=False)
        with self.assertRefused(UserError, "is suspended"):
            charge.action_post()
        self.assertEqual(charge.state, "draft")
        self.assertBalanced(account, 1000.0)
        self.membership.with_user(self.supervisor).action_reinstate()
        charge.action_post()
        self.assertEqual(charge.state, "posted")
        self.assertBalanced(account, 900.0)

    def test_balance_invoices_reconciliation_and_receivable(self):
        """R-2.3: charges are invoiced at once and settled with the money paid in; the partner's
        receivable is minus the balance."""
        account = self.open_account(amount=10000.0)
        self.assertBalanced(account, 10000.0)

        lunch = self.charge(account, 1200.0, description="Lunch for four", reference="R-0001")
        green_fee = self.charge(account, 800.0, outlet="course", description="Green fee")
        self.assertEqual(account.amount_charged, 2000.0)
        self.assertBalanced(account, 8000.0)
        for charge in lunch | green_fee:
            invoice = charge.invoice_id
            self.assertEqual(invoice.state, "posted")
            self.assertEqual(invoice.move_type, "out_invoice")
            self.assertEqual(invoice.partner_id, self.member)
            self.assertEqual(invoice.golf_membership_id, self.membership)
            self.assertEqual(invoice.golf_fee_type, "other")
            self.assertEqual(invoice.invoice_line_ids.product_id, self.product)
            self.assertFalse(invoice.invoice_line_ids.tax_ids)
            self.assertAlmostEqual(invoice.amount_total, charge.amount)
            self.assertEqual(invoice.payment_state, "paid", "Settled against the prepayment automatically.")
        self.assertIn("R-0001", lunch.invoice_id.invoice_line_ids.name)
        self.assertEqual(account.invoice_ids, (lunch | green_fee).invoice_id)
        self.assertEqual(account.invoice_count, 2)
        self.assertEqual(account.payment_count, 1)
        self.assertIn(lunch.invoice_id, self.membership.invoice_ids)

        self.pay_in(account, 500.0)
        self.assertEqual(account.amount_paid_in, 10500.0)
        self.assertBalanced(account, 8500.0)

    def test_credit_used_then_top_up(self):
        """Beyond the balance within the credit limit the member owes the club; money paid in later
        settles the open charge invoice."""
        account = self.open_account(amount=1000.0, credit_limit=2000.0)
        charge = self.charge(account, 2500.0)
        self.assertEqual(charge.invoice_id.payment_state, "partial")
        self.assertAlmostEqual(charge.invoice_id.amount_residual, 1500.0)
        self.assertBalanced(account, -1500.0)

        self.pay_in(account, 3000.0)
        self.assertEqual(charge.invoice_id.payment_state, "paid")
        self.assertBalanced(account, 1500.0)

    def test_posted_charge_is_locked_and_cancel(self):
        account = self.open_account(amount=1000.0, invoice_grouping="day")
        charge = self.charge(account, 300.0)
        with self.assertRefused(UserError, "cannot be changed"):
            charge.write({"amount": 30.0})
        with self.assertRaises(UserError):
            charge.unlink()
        with self.assertRefused(UserError, "buttons"):
            charge.write({"state": "cancelled"})
        # The clerk may cancel drafts only; a posted charge is finance's.
        with self.assertRaises(AccessError):
            charge.with_user(self.clerk).action_cancel()
        self.assertAlmostEqual(account.balance, 700.0)
        charge.with_user(self.finance).action_cancel()
        self.assertEqual(charge.state, "cancelled")
        self.assertBalanced(account, 1000.0)

        invoiced = self.charge(account, 200.0)
        invoiced.with_user(self.clerk).action_invoice()
        self.assertEqual(invoiced.invoice_id.payment_state, "paid")
        with self.assertRefused(UserError, "credit note"):
            invoiced.with_user(self.finance).action_cancel()
        self.assertBalanced(account, 800.0)

    # ------------------------------------------------------------------ daily run

    def test_daily_invoicing_by_cron(self):
        """Per-day accounts get one invoice per account and day from the daily run; idempotent."""
        Charge = self.env["golf.prepaid.charge"]
        with freeze_time("2027-03-10 12:00:00"):
            account = self.open_account(amount=5000.0, invoice_grouping="day")
            day_one = self.charge(account, 100.0) | self.charge(account, 250.0, outlet="bar")
        with freeze_time("2027-03-11 12:00:00"):
            day_two = self.charge(account, 400.0)
            self.assertFalse((day_one | day_two).invoice_id, "Per-day accounts wait for the daily run.")
            self.assertAlmostEqual(account.balance, 4250.0)
            self.assertAlmostEqual(self.receivable(self.member), -5000.0)

            Charge._cron_daily_prepaid()
            invoice = day_one.invoice_id
            self.assertEqual(len(invoice), 1, "One invoice for the account and day.")
            self.assertEqual(invoice.invoice_date, date(2027, 3, 10))
            self.assertEqual(len(invoice.invoice_line_ids), 2)
            self.assertAlmostEqual(invoice.amount_total, 350.0)
            self.assertEqual(invoice.payment_state, "paid")
            self.assertFalse(day_two.invoice_id, "Today is not over yet.")

            Charge._cron_daily_prepaid()
            self.assertEqual(account.invoice_count, 1, "Running twice changes nothing.")

        with freeze_time("2027-03-12 12:00:00"):
            Charge._cron_daily_prepaid()
            self.assertEqual(account.invoice_count, 2)
            self.assertEqual(day_two.invoice_id.payment_state, "paid")
            self.assertBalanced(account, 4250.0)

    def test_cron_catches_uninvoiced_per_charge(self):
        """A posted charge left without invoice on a per-charge account is invoiced by the next run."""
        account = self.open_account(amount=5000.0, invoice_grouping="day")
        charge = self.charge(account, 100.0)
        account.with_user(self.clerk).invoice_grouping = "charge"
        self.env["golf.prepaid.charge"]._cron_daily_prepaid()
        self.assertEqual(charge.invoice_id.payment_state, "paid")
        self.assertBalanced(account, 4900.0)

    def test_cron_daily_entry_point(self):
        """The module's single daily entry point runs the prepaid invoicing."""
        account = self.open_account(amount=5000.0, invoice_grouping="day")
        with freeze_time("2027-04-01 12:00:00"):
            charge = self.charge(account, 100.0)
        with freeze_time("2027-04-02 12:00:00"):
            self.env["golf.membership"]._cron_daily()
            self.assertEqual(charge.invoice_id.payment_state, "paid")
            self.env["golf.membership"]._cron_daily()
            self.assertEqual(account.invoice_count, 1)

    # ------------------------------------------------------------------ low balance

    def test_low_balance_warning_once_per_crossing(self):
        """R-2.3: below the threshold the member gets an e-mail and the clerk an activity, once."""
        activity_type = self.env.ref("golf_membership.mail_act_golf_prepaid_low_balance")
        account = self.open_account(amount=5000.0, low_balance_threshold=2000.0)

        def warnings():
            return account.message_ids.filtered(lambda m: m.subject and "is low" in m.subject)

        def activities():
            return account.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        self.charge(account, 2500.0)
        self.assertFalse(warnings())
        self.assertFalse(account.low_balance_warned)

        self.charge(account, 1000.0)
        self.assertAlmostEqual(account.balance, 1500.0)
        self.assertEqual(len(warnings()), 1)
        self.assertIn(self.member, warnings().partner_ids, "The member is told by e-mail.")
        self.assertEqual(warnings().message_type, "comment")
        self.assertEqual(activities().user_id, self.clerk)
        self.assertTrue(account.low_balance_warned)

        self.charge(account, 100.0)
        self.assertEqual(len(warnings()), 1, "Once per crossing.")
        self.assertEqual(len(activities()), 1)

        self.pay_in(account, 3000.0)
        self.assertFalse(account.low_balance_warned, "Topping up re-arms the warning.")
        self.assertFalse(activities())

        self.charge(account, 3000.0)
        self.assertEqual(len(warnings()), 2)
        self.assertEqual(len(activities()), 1)

    # ------------------------------------------------------------------ statement

    def test_statement(self):
        """R-2.3: money in, charges and balance of a period, printed and e-mailed."""
        with freeze_time("2027-01-20 12:00:00"):
            account = self.open_account(amount=3000.0)
            self.charge(account, 500.0, description="January dinner")
        with freeze_time("2027-02-05 12:00:00"):
            self.pay_in(account, 1000.0, payment_date=date(2027, 2, 5))
            self.charge(account, 300.0, description="Golf balls", outlet="pro_shop")
        with freeze_time("2027-03-02 12:00:00"):
            self.charge(account, 200.0, description="March lunch")
            data = account._get_statement_data()  # default: last month
            self.assertEqual((data["date_from"], data["date_to"]), (date(2027, 2, 1), date(2027, 2, 28)))
            self.assertAlmostEqual(data["opening"], 2500.0)
            self.assertEqual([line["description"] for line in data["lines"]][-1], "Golf balls")
            self.assertAlmostEqual(data["total_in"], 1000.0)
            self.assertAlmostEqual(data["total_out"], 300.0)
            self.assertAlmostEqual(data["closing"], 3200.0)
            self.assertAlmostEqual(account.balance, 3000.0)

            account.with_user(self.clerk).action_send_statement(date(2027, 1, 1), date(2027, 3, 31))
            data = account._get_statement_data()
            self.assertAlmostEqual(data["opening"], 0.0)
            self.assertEqual(len(data["lines"]), 5)
            self.assertAlmostEqual(data["closing"], 3000.0)
            message = account.message_ids.filtered(lambda m: m.subject and "statement" in m.subject)
            self.assertEqual(len(message), 1)
            self.assertIn(self.member, message.partner_ids)
            self.assertTrue(message.attachment_ids, "The statement is attached.")

            html = self.env["ir.actions.report"]._render_qweb_html(
                "golf_membership.action_report_golf_prepaid_statement", account.ids)[0].decode()
            self.assertIn("Golf balls", html)
            self.assertIn("March lunch", html)
            self.assertIn("Noto Sans CJK SC", html)
            # how to top the account up: the club's bank account, quoting the agreement
            self.assertIn("How to pay", html)
            self.assertIn(account.name, html)

    # ------------------------------------------------------------------ closing

    def test_close_and_refund(self):
        """Closing: no more charges; the remaining balance goes back by an outbound payment."""
        account = self.open_account(amount=5000.0, invoice_grouping="day")
        self.charge(account, 1200.0)
        draft = self.charge(account, 300.0, post=False)
        with self.assertRaises(AccessError):
            account.with_user(self.clerk).action_close()
        self.assertEqual(account.state, "active")

        account.with_user(self.finance).action_close()
        self.assertEqual(account.state, "closed")
        self.assertEqual(account.close_mode, "refund")
        self.assertEqual(draft.state, "cancelled")
        self.assertEqual(account.charge_ids.filtered(lambda c: c.state == "posted").invoice_id.payment_state, "paid",
                         "Charges waiting for the daily run are invoiced on closing.")
        refund = account.refund_payment_id
        self.assertEqual(refund.payment_type, "outbound")
        self.assertEqual(refund.partner_type, "customer")
        self.assertAlmostEqual(refund.amount, 3800.0)
        self.assertEqual(refund.golf_prepaid_account_id, account)
        self.assertBalanced(account, 0.0)
        self.assertIn("refunded", account.message_ids[0].body)

        with self.assertRefused(UserError, "closed"):
            self.charge(account, 10.0, post=False)
        with self.assertRefused(UserError, "is Closed"):
            account.with_user(self.finance).action_close()
        with self.assertRefused(ValidationError, "closed"):
            self.pay_in(account, 100.0)

    def test_close_and_carry(self):
        account = self.open_account(amount=2000.0)
        self.charge(account, 500.0)
        account.with_user(self.manager).action_close(refund=False)
        self.assertEqual(account.state, "closed")
        self.assertEqual(account.close_mode, "carry")
        self.assertFalse(account.refund_payment_id)
        self.assertBalanced(account, 1500.0)
        self.assertIn("carried forward", account.message_ids[0].body)

    # ------------------------------------------------------------------ bad input

    def test_bad_input_is_refused_and_nothing_changes(self):
        account = self.open_account(amount=1000.0)
        Charge = self.env["golf.prepaid.charge"]
        count = Charge.search_count([])

        # A negative (or zero) charge.
        for amount in (-50.0, 0.0):
            with self.assertRefused(ValidationError, "positive"):
                self.charge(account, amount, post=False)
        self.assertEqual(Charge.search_count([]), count)

        # A charge on an account not approved yet.
        pending = self.create_account(membership=self.other_membership)
        pending.with_user(self.clerk).action_submit()
        unapproved = self.charge(pending, 10.0, post=False)
        with self.assertRefused(UserError, "not in force"):
            unapproved.action_post()
        self.assertEqual(unapproved.state, "draft")
        self.assertFalse(unapproved.invoice_id)

        # A payment linked to another partner's account.
        payments = self.env["account.payment"].search_count([])
        with self.assertRefused(ValidationError, "cannot be linked"):
            self.pay_in(account, 100.0, partner=self.other_member_partner)
        self.assertEqual(self.env["account.payment"].search_count([]), payments)
        ordinary = self.env["account.payment"].with_user(self.finance).create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": self.other_member_partner.id,
            "amount": 100.0, "journal_id": self.bank_journal.id,
        })
        with self.assertRefused(ValidationError, "cannot be linked"):
            ordinary.write({"golf_prepaid_account_id": account.id})
        self.assertFalse(ordinary.golf_prepaid_account_id)
        self.assertBalanced(account, 1000.0)

    # ------------------------------------------------------------------ no way around the approvals

    @freeze_time("2027-02-10 12:00:00")
    def test_clerk_cannot_forge_an_approval(self):
        """R-2.2 / R-2.3: an account in force and a posted or invoiced charge come from the actions only. A clerk
        creating or writing them directly is refused whatever the context; only the superuser (imports) may."""
        account = self.open_account(amount=1000.0, invoice_grouping="day")
        draft = self.create_account(membership=self.other_membership)
        charge = self.charge(account, 100.0, post=False)
        posted = self.charge(account, 200.0)
        invoice = self.charge(self.open_account(amount=500.0, membership=self.other_membership), 50.0).invoice_id
        Account = self.env["golf.prepaid.account"]
        Charge = self.env["golf.prepaid.charge"]
        counts = (Account.search_count([]), Charge.search_count([]))
        account_vals = {"membership_id": self.membership.id, "agreement_signed": True, "application_signed": True}
        charge_vals = {"account_id": account.id, "description": "Dinner", "amount": 10.0,
                       "signer_id": self.membership.member_partner_id.id}
        for context in ({}, OLD_BYPASS):
            clerk_env = self.env(user=self.clerk, context=dict(self.env.context, **context), su=False)
            with self.assertRefused(UserError, "starts as Draft"):
                clerk_env["golf.prepaid.account"].create(dict(account_vals, state="active"))
            with self.assertRefused(UserError, "Funds Confirmed On"):
                clerk_env["golf.prepaid.account"].create(dict(account_vals, date_funds_confirmed="2027-02-10"))
            with self.assertRefused(UserError, "starts as Draft"):
                clerk_env["golf.prepaid.charge"].create(dict(charge_vals, state="posted"))
            with self.assertRefused(UserError, "Invoice"):
                clerk_env["golf.prepaid.charge"].create(dict(charge_vals, invoice_id=invoice.id))
            for record, vals in (
                (draft, {"state": "active"}),
                (draft, {"date_funds_confirmed": "2027-02-10"}),
                (draft, {"approved_by_id": self.clerk.id, "date_approved": "2027-02-10"}),
                (charge, {"state": "posted"}),
                (posted, {"invoice_id": invoice.id}),
            ):
                with self.assertRefused(UserError, "change only through its actions"):
                    record.with_env(clerk_env).write(vals)

        # Nothing changed.
        self.assertEqual((Account.search_count([]), Charge.search_count([])), counts)
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.date_funds_confirmed or draft.approved_by_id)
        self.assertEqual(charge.state, "draft")
        self.assertFalse(posted.invoice_id)
        self.assertAlmostEqual(account.balance, 800.0)

        # The superuser still may: history imported by a script.
        imported = Account.sudo().create(dict(account_vals, state="active", date_funds_confirmed="2027-01-05"))
        self.assertEqual(imported.state, "active")
        imported_charge = Charge.sudo().create(dict(charge_vals, account_id=imported.id, state="posted"))
        self.assertEqual(imported_charge.state, "posted")
        draft.sudo().write({"state": "submitted", "date_funds_confirmed": "2027-02-09"})
        self.assertEqual(draft.state, "submitted")
        posted.sudo().write({"invoice_id": invoice.id})
        self.assertEqual(posted.invoice_id, invoice)

    def test_buttons_follow_the_table(self):
        """R-2.2 / R-2.3: each button shows exactly for the group the transition table allows."""
        def shown(record, user, *names):
            record = record.with_user(user)
            return {name for name in names if record[f"can_{name}"]}

        account_buttons = ("submit", "reset", "confirm_funds", "approve", "close", "send_statement")
        draft = self.create_account()
        self.assertEqual(shown(draft, self.clerk, *account_buttons), {"submit", "send_statement"})
        self.assertEqual(shown(draft, self.finance, *account_buttons), {"close", "send_statement"},
                         "No money yet: nothing to confirm.")
        self.assertEqual(shown(draft, self.committee, *account_buttons), set())

        draft.with_user(self.clerk).action_submit()
        self.pay_in(draft, 1000.0)
        self.assertEqual(shown(draft, self.finance, *account_buttons),
                         {"reset", "confirm_funds", "close", "send_statement"})
        draft.with_user(self.finance).action_confirm_funds()
        submitted = draft
        for user in (self.finance, self.manager):
            self.assertEqual(shown(submitted, user, *account_buttons), {"reset", "approve", "close", "send_statement"})
        for user in (self.clerk, self.supervisor, self.director):
            self.assertEqual(shown(submitted, user, *account_buttons), {"reset", "send_statement"})
        self.assertEqual(shown(submitted, self.committee, *account_buttons), set())

        submitted.with_user(self.finance).action_approve()
        self.assertEqual(shown(submitted, self.clerk, *account_buttons), {"send_statement"})
        self.assertEqual(shown(submitted, self.finance, *account_buttons), {"close", "send_statement"})

        # Charges: member services or finance post; a posted charge is cancelled by finance only, and neither
        # cancelled nor invoiced again once invoiced.
        submitted.with_user(self.finance).invoice_grouping = "day"
        charge_buttons = ("post", "cancel", "invoice")
        draft_charge = self.charge(submitted, 100.0, post=False)
        for user in (self.clerk, self.finance):
            self.assertEqual(shown(draft_charge, user, *charge_buttons), {"post", "cancel"})
        self.assertEqual(shown(draft_charge, self.committee, *charge_buttons), set())
        draft_charge.with_user(self.clerk).action_post()
        self.assertEqual(shown(draft_charge, self.clerk, *charge_buttons), {"invoice"})
        self.assertEqual(shown(draft_charge, self.finance, *charge_buttons), {"cancel", "invoice"})
        draft_charge.with_user(self.clerk).action_invoice()
        self.assertTrue(draft_charge.invoice_id)
        for user in (self.clerk, self.finance):
            self.assertEqual(shown(draft_charge, user, *charge_buttons), set())
        with self.assertRefused(UserError, "already invoiced"):
            draft_charge.with_user(self.finance).action_invoice()

    # ------------------------------------------------------------------ portal

    def test_portal_sees_own_account_read_only(self):
        account = self.open_account(amount=1000.0)
        other = self.open_account(amount=1000.0, membership=self.other_membership)
        self.charge(account, 100.0)
        portal = new_test_user(self.env, login="golf_portal_member", groups="base.group_portal",
                               partner_id=self.member.id)
        Account = self.env["golf.prepaid.account"].with_user(portal)
        self.assertEqual(Account.search([]), account)
        self.assertAlmostEqual(account.with_user(portal).balance, 900.0)
        self.assertEqual(len(self.env["golf.prepaid.charge"].with_user(portal).search([])), 1)
        with self.assertRaises(AccessError):
            other.with_user(portal).read(["balance"])
        with self.assertRaises(AccessError):
            account.with_user(portal).write({"credit_limit": 1000000.0})
