from odoo import api, fields, models
from odoo.exceptions import UserError

from .golf_membership_change_mixin import CHANGE_WORKFLOW_FIELDS

FEE_WORKFLOW_FIELDS = (*CHANGE_WORKFLOW_FIELDS, "invoice_id")


class GolfMembershipFeeMixin(models.AbstractModel):
    """A change document whose approval bills a fee through accounting (R-3.1 fine, R-4.2 transfer fee,
    R-5.4 rename fee, R-9.3 absence handling fee). Whether it is paid is read from the invoice."""

    _name = "golf.membership.fee.mixin"
    _description = "Membership Change Document with a Fee"
    _inherit = ["golf.membership.change.mixin"]
    # The fee invoice's golf_fee_type, also the key of its product (res.company._golf_product).
    _fee_type = None
    _workflow_fields = FEE_WORKFLOW_FIELDS

    fee_amount = fields.Monetary(
        string="Fee", compute="_compute_fee_amount", store=True, readonly=False, precompute=True, tracking=True,
        help="Billed when the request is approved; defaults to the fee of the tier.",
    )
    invoice_id = fields.Many2one("account.move", string="Fee Invoice", readonly=True, copy=False, index="btree_not_null")
    invoice_payment_state = fields.Selection(related="invoice_id.payment_state", string="Fee Payment")
    fee_paid = fields.Boolean(compute="_compute_fee_paid")
    date_fee_paid = fields.Date(compute="_compute_fee_paid", string="Fee Paid On")

    _fee_positive = models.Constraint("CHECK(fee_amount >= 0)", "A fee cannot be negative.")

    def _compute_fee_amount(self):
        for document in self:
            document.fee_amount = 0.0

    @api.depends("invoice_id.state", "invoice_id.amount_residual", "fee_amount")
    def _compute_fee_paid(self):
        for document in self:
            invoice = document.invoice_id
            if invoice:
                paid = invoice.state == "posted" and invoice.currency_id.is_zero(invoice.amount_residual)
                document.fee_paid = paid
                document.date_fee_paid = paid and (invoice._golf_last_payment_date() or invoice.invoice_date)
            else:
                # Nothing to pay: a zero fee is never invoiced.
                document.fee_paid = not document.fee_amount or document.currency_id.is_zero(document.fee_amount)
                document.date_fee_paid = False

    # ------------------------------------------------------------------ invoices

    def _fee_product(self):
        """The product billed for the fee: the company's product of ``_fee_type``."""
        return self.company_id._golf_product(self._fee_type)

    def _fee_label(self):
        """The invoice line's description of the fee (abstract: each document using the mixin words it)."""
        raise NotImplementedError

    def _fee_partner(self):
        self.ensure_one()
        return self.membership_id.partner_id

    def _prepare_fee_invoice_vals(self):
        self.ensure_one()
        membership = self.membership_id
        line = membership._prepare_invoice_line_vals(self._fee_product(), self._fee_label(), self.fee_amount)
        vals = membership._prepare_invoice_vals(self._fee_type, [line])
        vals.update(partner_id=self._fee_partner().id, ref=self.name)
        return vals

    def _create_fee_invoices(self):
        """Bill the fee of each document once; the approver need not be an accountant, the invoice is
        written by the system on the approver's decision."""
        to_bill = self.filtered(lambda d: not d.invoice_id and not d.currency_id.is_zero(d.fee_amount))
        for document in to_bill:
            invoice = document.membership_id.sudo()._create_posted_invoices(
                [document._prepare_fee_invoice_vals()]
            )
            document.sudo().invoice_id = invoice
            document.message_post(
                body=self.env._("Fee invoiced: %(invoice)s, %(amount)s.", invoice=invoice.name,
                                amount=document.currency_id.format(invoice.amount_total))
            )
        return to_bill.invoice_id

    def _cancel_unpaid_fee(self):
        """Cancel the fee invoice of each document when nothing was paid on it; a fee already (partly) paid
        is kept. Only the document's own fee invoice is touched."""
        for document in self:
            invoice = document.invoice_id.sudo()
            if (
                invoice.state == "posted"
                and invoice.golf_membership_id == document.membership_id
                and invoice.golf_fee_type == document._fee_type
                and invoice.ref == document.name
                and invoice.currency_id.compare_amounts(invoice.amount_residual, invoice.amount_total) == 0
            ):
                invoice.button_draft()
                invoice.button_cancel()

    def _check_cancellation(self):
        for document in self:
            if document.invoice_id and document.fee_paid:
                raise UserError(self.env._("%(name)s: the fee is paid; complete the request or refund the fee first.",
                                           name=document.display_name))

    def _after_cancellation(self):
        self._cancel_unpaid_fee()

    def _check_fee_paid(self):
        for document in self:
            if not document.fee_paid:
                raise UserError(
                    self.env._(
                        "%(name)s: the fee %(invoice)s is not paid yet.",
                        name=document.display_name, invoice=document.invoice_id.name or "",
                    )
                )

    def action_view_fee_invoice(self):
        self.ensure_one()
        if not self.invoice_id:
            raise UserError(self.env._("No fee was invoiced for %(name)s.", name=self.display_name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "views": [(False, "form")],
        }
