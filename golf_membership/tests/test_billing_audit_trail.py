from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import GolfMembershipCommon

# Odoo's tests run with mail tracking off; the audit trail needs it on, as it is in the club's screens and crons.
AUDIT_CONTEXT = {"tracking_disable": False, "mail_create_nolog": False, "mail_notrack": False}


@tagged("post_install", "-at_install")
class TestBillingAuditTrail(GolfMembershipCommon):
    """Issue 12: with the company's restrictive audit trail, the dues invoices of a billing run (R-6.2) and the
    fee invoices (R-1.4) have the entries of Odoo's audit trail that an invoice entered and confirmed in Odoo's
    screens has: its creation, then its posting (status, number) by the user who billed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.restrictive_audit_trail = True

    def audit_trail(self, invoice):
        """The entries of Accounting > Audit Trail (``account.action_account_audit_trail_report``) for
        ``invoice``, oldest first, as (subtype, preview, author)."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking of a change is logged at the end of the transaction
        messages = self.env["mail.message"].search([
            ("message_type", "=", "notification"),
            ("account_audit_log_move_id", "=", invoice.id),
            ("account_audit_log_restricted", "=", True),
        ], order="id")
        return [(message.subtype_id, message.account_audit_log_preview, message.author_id) for message in messages]

    def screen_invoice_trail(self, user):
        """The audit trail of an invoice entered and confirmed by ``user`` in Odoo's invoice form."""
        form = Form(self.env["account.move"].with_user(user).with_context(default_move_type="out_invoice",
                                                                           **AUDIT_CONTEXT))
        form.partner_id = self.applicant
        form.invoice_date = fields.Date.context_today(self.env.user)
        with form.invoice_line_ids.new() as line:
            line.product_id = self.company._golf_product("dues")
            line.price_unit = 1000.0
        invoice = form.save()
        self.env.cr.flush()  # the save ends its request: the pre-commit hooks run, as at a commit
        invoice.action_post()
        return invoice, self.audit_trail(invoice)

    def assertTrailLike(self, invoice, reference, reference_trail, author):
        """``invoice`` has the entries of ``reference``: the same subtypes and changes, its own number, by
        ``author``."""
        trail = self.audit_trail(invoice)
        expected = [
            (subtype, preview.replace(reference.name, invoice.name), author.partner_id)
            for subtype, preview, _author in reference_trail
        ]
        self.assertEqual(trail, expected)

    @freeze_time("2026-11-20")
    def test_dues_invoice_of_billing_run(self):
        """A dues invoice written by the run (direct journal items) is logged as created, then posted, by the
        finance user who ran the billing; the entries are protected like those of any invoice."""
        with freeze_time("2026-03-02"):
            membership = self.active_membership()
        reference, reference_trail = self.screen_invoice_trail(self.finance)
        self.assertEqual(
            [(subtype, preview.splitlines()[0]) for subtype, preview, _author in reference_trail],
            [(self.env.ref("account.mt_invoice_created"), "Invoice Created"),
             (self.env.ref("account.mt_invoice_validated"), "Updated")],
        )
        self.assertIn("Draft ⇨ Posted (Status)", reference_trail[1][1])

        run = self.env["golf.billing.run"].with_user(self.finance).with_context(**AUDIT_CONTEXT).create({"year": 2027})
        run.action_run()
        dues = run.invoice_ids
        self.assertEqual(dues.golf_membership_id, membership)
        self.assertEqual(dues.state, "posted")
        self.assertTrailLike(dues, reference, reference_trail, self.finance)
        self.assertIn(f"⇨ {dues.name} (Number)", self.audit_trail(dues)[1][1])
        entries = self.env["mail.message"].search([("model", "=", "account.move"), ("res_id", "=", dues.id)])
        with self.assertRaisesRegex(UserError, "restricted audit trail"):
            entries.unlink()

    @freeze_time("2026-11-20")
    def test_taxed_dues_invoice_of_billing_run(self):
        """Taxed dues, computed by Odoo's standard invoice logic, have the same entries."""
        tax = self.env["account.tax"].create({"name": "VAT 6%", "amount": 6.0, "type_tax_use": "sale"})
        self.company._golf_product("dues").taxes_id = tax
        with freeze_time("2026-03-02"):
            self.active_membership()
        reference, reference_trail = self.screen_invoice_trail(self.finance)
        run = self.env["golf.billing.run"].with_user(self.finance).with_context(**AUDIT_CONTEXT).create({"year": 2027})
        run.action_run()
        self.assertEqual(run.invoice_ids.amount_tax, 720.0)
        self.assertTrailLike(run.invoice_ids, reference, reference_trail, self.finance)

    @freeze_time("2026-11-20")
    def test_fee_invoice(self):
        """R-1.4: the deposit invoiced when the clerk files an application is logged as created and posted by
        the clerk, although the clerk may not invoice in Odoo's screens."""
        reference, reference_trail = self.screen_invoice_trail(self.finance)
        membership = self.create_membership().with_context(**AUDIT_CONTEXT)
        membership.with_user(self.clerk).action_submit()
        deposit = membership.deposit_invoice_id
        self.assertEqual(deposit.state, "posted")
        self.assertTrailLike(deposit, reference, reference_trail, self.clerk)
