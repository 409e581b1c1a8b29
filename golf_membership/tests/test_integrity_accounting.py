from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import GolfMembershipCommon

# Contexts a client could send along a write: none of them lets a user rewrite what an invoice bills.
CONTEXTS = (
    {},
    {"golf_state_change": True},
    {"golf_batch_numbering": True},
    {"skip_invoice_sync": True, "check_move_validity": False},
    {"install_mode": True, "module": "golf_membership"},
    {"import_file": True, "tracking_disable": True},
)


@tagged("post_install", "-at_install")
class TestGolfInvoiceIntegrity(GolfMembershipCommon):
    """R-6.2: what a golf invoice bills (fee type, billing year, membership, run) is written by the module alone;
    Odoo's own flows on those invoices (credit note, modify, duplicate) keep working."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user_values = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.invoicing_user = new_test_user(
            cls.env, login="golf_invoicing", groups="account.group_account_invoice", **user_values
        )
        cls.accountant = new_test_user(cls.env, login="golf_accountant", groups="account.group_account_user",
                                       **user_values)

    def setUp(self):
        super().setUp()
        with freeze_time("2026-03-02"):
            self.membership = self.active_membership().with_env(self.env)
        with freeze_time("2026-11-20"):
            run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
            run.action_run()
        self.run = run.with_env(self.env)
        self.dues = self.membership.invoice_ids.filtered(lambda move: move.golf_fee_type == "dues")
        self.deposit = self.membership.deposit_invoice_id

    def assertUnchanged(self, invoice, values):
        invoice.invalidate_recordset()
        self.assertRecordValues(invoice, [values])

    def test_module_invoices_are_written_for_the_acting_user(self):
        """The module writes its invoices as superuser; the user who took the step stays their author."""
        self.assertEqual(len(self.dues), 1)
        self.assertEqual(self.dues.state, "posted")
        self.assertEqual(self.dues.golf_billing_run_id, self.run)
        self.assertEqual(self.dues.create_uid, self.finance)
        self.assertEqual(self.deposit.golf_fee_type, "deposit")
        self.assertEqual(self.deposit.create_uid, self.clerk)

    def test_invoicing_user_cannot_rewrite_billing_fields(self):
        """R-6.2: a posted dues or deposit invoice keeps its fee type and year, whatever the context."""
        other_run = self.env["golf.billing.run"].create({"year": 2028})
        expected = {
            self.dues: {"golf_fee_type": "dues", "golf_billing_year": 2027, "golf_membership_id": self.membership.id,
                        "golf_billing_run_id": self.run.id},
            self.deposit: {"golf_fee_type": "deposit", "golf_billing_year": 0,
                           "golf_membership_id": self.membership.id, "golf_billing_run_id": False},
        }
        attempts = (
            {"golf_billing_year": 2028},
            {"golf_fee_type": "other"},
            {"golf_fee_type": False, "golf_billing_year": False},
            {"golf_membership_id": False},
            {"golf_billing_run_id": other_run.id},
            {"golf_late_fee_origin_id": self.deposit.id},
            {"ref": "harmless", "golf_billing_year": 2026},
        )
        for invoice, values in expected.items():
            for context in CONTEXTS:
                for vals in attempts:
                    with self.subTest(invoice=invoice.golf_fee_type, context=context, vals=vals):
                        with self.assertRaisesRegex(UserError, "one dues invoice per membership and year"):
                            invoice.with_user(self.invoicing_user).with_context(**context).write(vals)
            self.assertUnchanged(invoice, values)
        # Through the other side of a relation: the late fees of an invoice.
        with self.assertRaises(UserError):
            self.dues.with_user(self.invoicing_user).write({"golf_late_fee_ids": [Command.link(self.deposit.id)]})
        self.assertFalse(self.deposit.golf_late_fee_origin_id)
        # The dues line of a dependent names whose dues it bills.
        dependent = self.env["golf.membership.dependent"].create({
            "membership_id": self.membership.id, "relation": "spouse",
            "partner_id": self.env["res.partner"].create({"name": "Wang Fang"}).id,
        })
        line = self.dues.invoice_line_ids[:1]
        with self.assertRaises(UserError):
            line.with_user(self.invoicing_user).write({"golf_dependent_id": dependent.id})
        self.assertFalse(line.golf_dependent_id)
        # Nothing billed twice: the membership is still billed for 2027.
        billable = self.env["golf.membership"].search(self.run._billable_domain())
        self.assertNotIn(self.membership, billable)
        # Other fields of the invoice remain the accountant's.
        self.dues.with_user(self.invoicing_user).write({"ref": "Dues 2027"})
        self.assertEqual(self.dues.ref, "Dues 2027")

    def test_invoicing_user_cannot_create_golf_invoice(self):
        """An invoice cannot be passed off as the module's: no fee type, year, run or late-fee origin by hand."""
        Move = self.env["account.move"].with_user(self.invoicing_user)
        vals = {
            "move_type": "out_invoice",
            "partner_id": self.applicant.id,
            "invoice_line_ids": [Command.create({"name": "Dues", "quantity": 1, "price_unit": 100.0})],
        }
        for golf_vals in (
            {"golf_fee_type": "dues", "golf_billing_year": 2028},
            {"golf_billing_run_id": self.run.id},
            {"golf_late_fee_origin_id": self.dues.id},
        ):
            with self.subTest(vals=golf_vals), self.assertRaisesRegex(UserError, "one dues invoice per membership and year"):
                Move.create({**vals, **golf_vals})
        with self.assertRaises(UserError):
            Move.with_context(default_golf_fee_type="dues", default_golf_billing_year=2028).create(vals)
        self.assertEqual(self.env["account.move"].search_count([("golf_billing_year", "=", 2028)]), 0)
        # An ordinary invoice of the accountant's is untouched by the rule.
        invoice = Move.create(vals)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(invoice.golf_fee_type)

    def test_superuser_may_correct(self):
        """A correction by the superuser (a migration, odoo-bin shell) goes through."""
        self.dues.with_user(self.invoicing_user).sudo().write({"golf_billing_year": 2026})
        self.assertEqual(self.dues.golf_billing_year, 2026)
        self.dues.write({"golf_billing_year": 2027, "golf_fee_type": "dues"})
        self.assertEqual(self.dues.golf_billing_year, 2027)

    def _reverse(self, invoice, user, modify=False):
        wizard = self.env["account.move.reversal"].with_user(user).with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({"reason": "Billed by mistake", "journal_id": invoice.journal_id.id})
        action = wizard.modify_moves() if modify else wizard.refund_moves()
        return wizard.new_move_ids, action

    def test_credit_note_from_invoicing(self):
        """Odoo's credit-note wizard still reverses a golf invoice for an invoicing user and an accountant; the
        credit note does not pass for a golf invoice (the golf fields are not copied)."""
        for user, invoice in ((self.invoicing_user, self.dues), (self.accountant, self.deposit)):
            with self.subTest(user=user.login):
                credit_notes, _action = self._reverse(invoice, user)
                self.assertEqual(len(credit_notes), 1)
                credit_note = credit_notes.with_user(user)
                credit_note.action_post()
                self.assertRecordValues(credit_note, [{
                    "move_type": "out_refund", "state": "posted", "reversed_entry_id": invoice.id,
                    "amount_total": invoice.amount_total, "golf_fee_type": False, "golf_billing_year": 0,
                    "golf_membership_id": False, "golf_billing_run_id": False,
                }])
                self.assertFalse(credit_note.invoice_line_ids.golf_dependent_id)
        # Posting the credit note settled the unpaid dues with it (the module's payment rules ran for the user).
        self.assertEqual(self.dues.payment_state, "reversed")
        self.assertEqual(self.membership.state, "active")
        # The dues of 2027 stay billed: reversing them is an accounting decision, not a reason to bill again.
        self.assertNotIn(self.membership, self.env["golf.membership"].search(self.run._billable_domain()))

    def test_payment_by_invoicing_user(self):
        """An invoicing user outside the club's groups registers a payment on a golf invoice."""
        self.pay_as(self.invoicing_user, self.dues)
        self.assertIn(self.dues.payment_state, ("paid", "in_payment"))

    def test_modify_and_duplicate_from_invoicing(self):
        """'Reverse and create invoice' and 'Duplicate' work on golf invoices; the new draft is an ordinary one."""
        new_moves, _action = self._reverse(self.dues, self.accountant, modify=True)
        draft = new_moves.filtered(lambda move: move.move_type == "out_invoice")
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.amount_total, self.dues.amount_total)
        self.assertFalse(draft.golf_fee_type or draft.golf_billing_year or draft.golf_membership_id)
        self.assertEqual(self.dues.payment_state, "reversed")
        self.assertEqual(self.dues.golf_fee_type, "dues")

        copy = self.deposit.with_user(self.invoicing_user).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.golf_fee_type or copy.golf_membership_id)
        copy.action_post()
        self.assertEqual(copy.state, "posted")
