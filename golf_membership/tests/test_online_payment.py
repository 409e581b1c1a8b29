import unittest

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import GolfMembershipCommon


class GolfOnlinePaymentCommon(GolfMembershipCommon):
    """Online payment through Odoo's payment framework (account_payment), with Odoo's demo provider.

    The demo provider (payment_demo) is no dependency of the module: scripts/test.sh installs it next to it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.env["ir.module.module"]._get("payment_demo").state != "installed":
            raise unittest.SkipTest("Odoo's demo payment provider (payment_demo) is not installed.")
        cls.company.golf_suspension_days = 180
        cls.provider = cls._golf_demo_provider()

    @classmethod
    def _golf_demo_provider(cls):
        """The company's demo provider, in test mode and published, its payments in the club's bank journal."""
        Provider = cls.env["payment.provider"]
        provider = Provider.search([("code", "=", "demo"), ("company_id", "=", cls.company.id)], limit=1)
        if not provider:
            provider = Provider.search([("code", "=", "demo")], limit=1).copy({"company_id": cls.company.id})
        provider.write({"state": "test", "is_published": True, "journal_id": cls.bank_journal.id})
        return provider

    def pay_online(self, invoices=None, amount=None, partner=None, **values):
        """A member pays with the demo provider: the transaction Odoo's payment form creates, confirmed by the
        provider (what /payment/demo/simulate_payment does), then post-processed (what the payment status page
        or Odoo's cron does): the payment is created and reconciled."""
        invoices = invoices or self.env["account.move"]
        if invoices:
            values["invoice_ids"] = [Command.set(invoices.ids)]
        Transaction = self.env["payment.transaction"]
        tx = Transaction.create({
            "provider_id": self.provider.id,
            "payment_method_id": self.provider.payment_method_ids[:1].id,
            "reference": Transaction._compute_reference(self.provider.code, prefix=invoices[:1].name or "TOPUP"),
            "amount": amount if amount is not None else sum(invoices.mapped("amount_residual")),
            "currency_id": (invoices.currency_id or self.company.currency_id).id,
            "partner_id": (partner or invoices.partner_id).id,
            "operation": "online_direct",
            **values,
        })
        Transaction._process("demo", {"reference": tx.reference, "payment_details": "4242", "simulated_state": "done"})
        self.assertEqual(tx.state, "done")
        tx._post_process()
        return tx

    def suspended_for_dues(self, **values):
        """A membership that started two years ago, whose dues of this year were billed as if they had fallen due
        more than `golf_suspension_days` ago, suspended by the daily rule (R-6.3). The clock is frozen only while
        the member is admitted, so that a browser can follow."""
        today = fields.Date.context_today(self.env["golf.membership"])
        with freeze_time(today - relativedelta(years=2)):
            membership = self.active_membership(**values)
        run = self.env["golf.billing.run"].with_user(self.finance).create({
            "year": today.year,
            "date_invoice": today - relativedelta(days=200),
            "date_due": today - relativedelta(days=190),
        })
        run.action_run()
        dues = membership.invoice_ids.filtered(lambda move: move.golf_fee_type == "dues")
        self.assertEqual(len(dues), 1)
        self.env["golf.membership"]._cron_dues_suspension()
        self.assertEqual(membership.state, "suspended")
        self.assertTrue(membership.suspended_for_dues)
        return membership, dues


@tagged("post_install", "-at_install")
class TestOnlinePayment(GolfOnlinePaymentCommon):
    """A transaction done with the demo provider is a payment as any other: it reconciles the invoices it pays,
    and what follows payment happens by itself."""

    def test_admission_paid_online_activates(self):
        """R-1.7: the deposit and the balance paid online in one transaction start the membership as a payment
        registered by finance does."""
        membership = self.approved_membership()
        invoices = membership.deposit_invoice_id | membership.balance_invoice_id
        self.assertEqual(membership.state, "approved")

        tx = self.pay_online(invoices)

        self.assertTrue(tx.payment_id)
        self.assertIn(tx.payment_id.state, ("in_process", "paid"))
        self.assertEqual(tx.payment_id.partner_id, membership.partner_id)
        self.assertLessEqual(set(invoices.mapped("payment_state")), {"in_payment", "paid"})
        self.assertEqual(sum(invoices.mapped("amount_residual")), 0.0)
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_start, tx.payment_id.date)
        self.assertLessEqual({"member", "bag_tag", "certificate"}, set(membership.card_ids.mapped("card_type")))

    def test_deposit_alone_does_not_activate(self):
        """R-1.7: the deposit paid online is not the whole admission payment: the membership waits."""
        membership = self.approved_membership()
        self.pay_online(membership.deposit_invoice_id)
        self.assertEqual(membership.deposit_invoice_id.amount_residual, 0.0)
        self.assertEqual(membership.state, "approved")

    def test_first_instalment_paid_online_activates(self):
        """R-1.11 / R-1.7: the deposit and the next instalment, as Odoo's invoice page offers to pay it, paid
        online start a membership bought in instalments; the other instalments stay due."""
        membership = self.approved_membership(payment_mode="installment", installment_count=4)
        self.pay_online(membership.deposit_invoice_id)
        self.assertEqual(membership.state, "approved")
        balance = membership.balance_invoice_id
        instalments = balance.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        first = instalments.sorted("date_maturity")[0]
        next_amount = balance._get_invoice_next_payment_values()["next_amount_to_pay"]
        self.assertEqual(next_amount, first.amount_residual)

        self.pay_online(balance, amount=next_amount)

        self.assertEqual(membership.state, "active")
        self.assertTrue(first.reconciled)
        self.assertEqual(balance.payment_state, "partial")
        self.assertAlmostEqual(balance.amount_residual, balance.amount_total - next_amount)
        self.assertTrue(balance._golf_payment_url(), "the next instalments can still be paid online")

    def test_dues_paid_online_reinstate(self):
        """R-6.3: a membership suspended for unpaid dues is active again once they are paid online."""
        membership, dues = self.suspended_for_dues()

        self.pay_online(dues)

        self.assertEqual(dues.amount_residual, 0.0)
        self.assertEqual(membership.state, "active")
        self.assertFalse(membership.suspended_for_dues)

    def test_part_of_dues_paid_online_keeps_suspension(self):
        """R-6.3: paying part of the overdue dues online does not lift the suspension."""
        membership, dues = self.suspended_for_dues()
        self.pay_online(dues, amount=dues.amount_residual / 2)
        self.assertEqual(dues.payment_state, "partial")
        self.assertEqual(membership.state, "suspended")

    @freeze_time("2026-03-02")
    def test_prepaid_top_up_online(self):
        """R-2: money paid online into a prepaid account is a payment of that account: the balance grows."""
        membership = self.active_membership()
        account = self.env["golf.prepaid.account"].with_user(self.clerk).create({
            "membership_id": membership.id, "agreement_signed": True, "application_signed": True,
            "credit_limit": 0.0, "low_balance_threshold": 0.0,
        })
        account.with_user(self.clerk).action_submit()

        tx = self.pay_online(amount=5000.0, partner=membership.partner_id, golf_prepaid_account_id=account.id)

        self.assertEqual(tx.payment_id.golf_prepaid_account_id, account)
        self.assertIn(tx.payment_id.state, ("in_process", "paid"))
        self.assertEqual(account.balance, 5000.0)
        # finance confirms the funds received online as any other, and the account opens
        account.with_user(self.finance).action_confirm_funds()
        account.with_user(self.finance).action_approve()
        self.assertEqual(account.state, "active")
        self.pay_online(amount=2000.0, partner=membership.partner_id, golf_prepaid_account_id=account.id)
        self.assertEqual(account.balance, 7000.0)

    def test_payment_link_in_statement_and_reminders(self):
        """Every statement and reminder e-mail of an open invoice carries the link to pay it online; none once
        it is paid."""
        membership, dues = self.suspended_for_dues()
        url = dues._golf_payment_url()
        self.assertTrue(url.startswith(dues.get_base_url() + f"/my/invoices/{dues.id}?access_token="))
        self.assertIn("payment=True", url)
        for xmlid in ("golf_membership.mail_template_dues_statement", "golf_membership.mail_template_instalment_reminder"):
            body = self.env.ref(xmlid)._render_field("body_html", dues.ids)[dues.id]
            self.assertIn(url.replace("&", "&amp;"), body, xmlid)
        statement = self.env["ir.actions.report"]._render_qweb_html(
            "golf_membership.report_golf_dues_statement", dues.ids
        )[0].decode()
        self.assertIn(url.replace("&", "&amp;"), statement)
        self.pay_online(dues)
        self.assertFalse(dues._golf_payment_url())
        body = self.env.ref("golf_membership.mail_template_dues_statement")._render_field("body_html", dues.ids)[dues.id]
        self.assertNotIn("/my/invoices/", body)

    @freeze_time("2026-03-02")
    def test_top_up_link_in_prepaid_mails(self):
        """R-2.3: the prepaid statement and the low-balance warning carry the link to top the account up."""
        account = self.env["golf.prepaid.account"].with_user(self.clerk).create({
            "membership_id": self.active_membership().id, "agreement_signed": True, "application_signed": True,
        })
        url = account._golf_top_up_url()
        self.assertTrue(url.startswith(account.get_base_url() + f"/my/prepaid/{account.id}/top_up?access_token="))
        for xmlid in ("golf_membership.mail_template_golf_prepaid_statement",
                      "golf_membership.mail_template_golf_prepaid_low_balance"):
            body = self.env.ref(xmlid)._render_field("body_html", account.ids)[account.id]
            self.assertIn(url, body, xmlid)


@tagged("post_install", "-at_install")
class TestOnlinePaymentPortal(GolfOnlinePaymentCommon, HttpCase):
    """The member's page offers to pay what is due; a member pays only their own invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.member_a = Partner.create({"name": "Online Member A", "email": "online.a@example.com"})
        cls.member_b = Partner.create({"name": "Online Member B", "email": "online.b@example.com"})
        cls.user_a = new_test_user(cls.env, login="golf_online_a", groups="base.group_portal",
                                   partner_id=cls.member_a.id, password="golf_online_a")
        cls.user_b = new_test_user(cls.env, login="golf_online_b", groups="base.group_portal",
                                   partner_id=cls.member_b.id, password="golf_online_b")

    def setUp(self):
        super().setUp()
        self.membership_a = self.approved_membership(partner_id=self.member_a.id)
        self.membership_b = self.approved_membership(partner_id=self.member_b.id)

    def _transaction_params(self, access_token, invoice):
        return {
            "access_token": access_token,
            "provider_id": self.provider.id,
            "payment_method_id": self.provider.payment_method_ids[:1].id,
            "token_id": None,
            "amount": invoice.amount_residual,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/my",
        }

    def test_pay_now_on_membership_page(self):
        """The member's page lists what is due with a "Pay now" opening Odoo's payment form on the invoice."""
        self.authenticate(self.user_a.login, "golf_online_a")
        page = self.url_open(self.membership_a.access_url)
        self.assertEqual(page.status_code, 200)
        # the deposit was paid before the approval: the balance is what is due
        self.assertNotIn(f'data-invoice="{self.membership_a.deposit_invoice_id.name}"', page.text)
        for invoice in self.membership_a.balance_invoice_id:
            self.assertIn(f'data-invoice="{invoice.name}"', page.text)
            self.assertIn(f"/my/invoices/{invoice.id}?access_token=", page.text)
        self.assertIn("o_golf_pay_now", page.text)

        invoice = self.membership_a.balance_invoice_id
        form = self.url_open(invoice.get_portal_url(anchor="portal_pay", query_string="&payment=True"))
        self.assertEqual(form.status_code, 200)
        self.assertIn('id="pay_with"', form.text)
        self.assertIn(f'data-provider-id="{self.provider.id}"', form.text)

        self.pay_online(self.membership_a.balance_invoice_id)
        page = self.url_open(self.membership_a.access_url)
        self.assertNotIn("golf_membership_payment", page.text)

    def test_member_pays_own_invoice_through_portal(self):
        """The member's own invoice: Odoo's transaction route makes a transaction for it, of what is owed."""
        invoice = self.membership_a.balance_invoice_id
        self.authenticate(self.user_a.login, "golf_online_a")
        result = self.make_jsonrpc_request(
            f"/invoice/transaction/{invoice.id}", self._transaction_params(invoice._portal_ensure_token(), invoice)
        )
        tx = self.env["payment.transaction"].search([("reference", "=", result["reference"])])
        self.assertEqual(tx.invoice_ids, invoice)
        self.assertEqual(tx.amount, invoice.amount_residual)
        self.assertEqual(tx.partner_id, self.member_a)

    def test_member_cannot_pay_another_members_invoice(self):
        """Neither the page nor the payment of another member's invoice, whatever id or access token is given."""
        own = self.membership_a.balance_invoice_id
        other = self.membership_b.balance_invoice_id
        own_token = own._portal_ensure_token()
        self.authenticate(self.user_a.login, "golf_online_a")

        # the other member's page and invoice page, without a token and with the member's own token
        page = self.url_open(self.membership_b.access_url)
        self.assertNotIn(other.name, page.text)
        for url in (f"/my/invoices/{other.id}", f"/my/invoices/{other.id}?access_token={own_token}&payment=True"):
            response = self.url_open(url)
            self.assertNotIn(other.name, response.text, url)
            self.assertNotIn('id="pay_with"', response.text, url)

        # the payment of the other member's invoice, with the member's own token or none
        Transaction = self.env["payment.transaction"]
        before = Transaction.search_count([])
        for token in (own_token, "", "0" * 36):
            with self.subTest(token=token), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(f"/invoice/transaction/{other.id}", self._transaction_params(token, other))
        self.assertEqual(Transaction.search_count([]), before)
        self.assertFalse(other.transaction_ids)
        self.assertEqual(other.payment_state, "not_paid")

    def _prepaid_account(self, membership):
        account = self.env["golf.prepaid.account"].with_user(self.clerk).create({
            "membership_id": membership.id, "agreement_signed": True, "application_signed": True,
            "credit_limit": 0.0, "low_balance_threshold": 0.0,
        })
        account.with_user(self.clerk).action_submit()
        return account

    def test_member_tops_up_prepaid_account(self):
        """R-2.3: from the member's page, the member chooses an amount, pays it on Odoo's payment page with the
        demo provider, and the balance grows by it."""
        membership = self.active_membership(partner_id=self.member_a.id)
        account = self._prepaid_account(membership)
        self.authenticate(self.user_a.login, "golf_online_a")

        page = self.url_open(membership.access_url)
        self.assertIn(f'href="/my/prepaid/{account.id}/top_up"', page.text)
        form = self.url_open(f"/my/prepaid/{account.id}/top_up")
        self.assertEqual(form.status_code, 200)
        self.assertIn('name="amount"', form.text)
        payment_page = self.url_open(f"/my/prepaid/{account.id}/top_up?amount=3000")
        self.assertIn("/payment/pay?", payment_page.url)
        self.assertIn(f"/my/prepaid/{account.id}/transaction", payment_page.text)
        self.assertIn(f'data-provider-id="{self.provider.id}"', payment_page.text)

        params = self._transaction_params(account._golf_top_up_token(), account.invoice_ids)
        params["amount"] = 3000.0
        result = self.make_jsonrpc_request(f"/my/prepaid/{account.id}/transaction", params)
        tx = self.env["payment.transaction"].search([("reference", "=", result["reference"])])
        self.assertEqual((tx.golf_prepaid_account_id, tx.amount, tx.partner_id), (account, 3000.0, self.member_a))
        self.make_jsonrpc_request("/payment/demo/simulate_payment", {
            "reference": tx.reference, "payment_details": "4242", "simulated_state": "done",
        })
        tx._post_process()
        self.assertEqual(tx.payment_id.golf_prepaid_account_id, account)
        self.assertEqual(account.balance, 3000.0)

    def test_top_up_of_another_members_account_refused(self):
        """Neither the top-up page nor a top-up transaction of another member's account without its link;
        the link of the account's e-mails opens the page without logging in."""
        account_b = self._prepaid_account(self.active_membership(partner_id=self.member_b.id))
        account_a = self._prepaid_account(self.active_membership(partner_id=self.member_a.id))
        self.authenticate(self.user_a.login, "golf_online_a")
        response = self.url_open(f"/my/prepaid/{account_b.id}/top_up?amount=100")
        self.assertNotIn(account_b.name, response.text)
        self.assertNotIn("/payment/pay", response.url)
        Transaction = self.env["payment.transaction"]
        before = Transaction.search_count([])
        for token in (account_a._golf_top_up_token(), "", "0" * 64):
            params = dict(self._transaction_params(token, account_b.invoice_ids), amount=100.0)
            with self.subTest(token=token), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(f"/my/prepaid/{account_b.id}/transaction", params)
        self.assertEqual(Transaction.search_count([]), before)

        self.logout()
        link = account_b._golf_top_up_url()
        self.assertTrue(link)
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn(account_b.name, response.text)


@tagged("post_install", "-at_install")
class TestOnlinePaymentTour(GolfOnlinePaymentCommon, HttpCase):
    """In the browser, in Chinese: a member pays the dues of the year online and is reinstated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # Not payment_demo's: its Chinese translates the values of its "payment status" choice (完成 for done),
        # which the demo provider then refuses as an unknown status. The demo form stays in English.
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "web", "portal", "payment", "account", "account_payment", "golf_membership"], ["zh_CN"],
        )
        cls.member = cls.env["res.partner"].create({
            "name": "Online Tour Member", "email": "online.tour@example.com", "lang": "zh_CN",
        })
        cls.member_user = new_test_user(cls.env, login="golf_online_tour", groups="base.group_portal",
                                        partner_id=cls.member.id, password="golf_online_tour", lang="zh_CN")

    def test_member_pays_dues_online(self):
        """R-6.3: the member opens their membership, suspended for unpaid dues, pays the dues of the year with the
        demo provider from "Pay now", sees the invoice paid and the membership active again."""
        membership, dues = self.suspended_for_dues(partner_id=self.member.id)
        self.assertEqual(dues.payment_state, "not_paid")

        self.start_tour(membership.access_url, "golf_online_payment_tour", login=self.member_user.login)

        membership.invalidate_recordset()
        dues.invalidate_recordset()
        self.assertEqual(dues.amount_residual, 0.0)
        self.assertIn(dues.payment_state, ("in_payment", "paid"))
        tx = dues.transaction_ids
        self.assertEqual(len(tx), 1)
        self.assertEqual((tx.state, tx.provider_id), ("done", self.provider))
        self.assertEqual(tx.payment_id.partner_id, self.member)
        self.assertEqual(membership.state, "active")
        self.assertFalse(membership.suspended_for_dues)
