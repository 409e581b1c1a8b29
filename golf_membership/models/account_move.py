from odoo import fields, models

GOLF_FEE_TYPES = [
    ("deposit", "Deposit"),
    ("balance", "Admission Balance"),
    ("dues", "Yearly Dues"),
    ("late_fee", "Late Fee"),
    ("refund", "Admission Refund"),
    ("cancellation", "Cancelled Admission"),
    ("transfer_fee", "Transfer Fee"),
    ("rename_fee", "Rename Fee"),
    ("absence_fee", "Absence Fee"),
    ("fine", "Fine"),
    ("bag_storage", "Bag Storage"),
    ("other", "Other"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    golf_membership_id = fields.Many2one(
        "golf.membership", string="Golf Membership", index="btree_not_null", copy=False, readonly=True,
        check_company=True,
    )
    golf_fee_type = fields.Selection(GOLF_FEE_TYPES, string="Golf Fee", copy=False, readonly=True, index=True)
    golf_billing_year = fields.Integer(string="Billing Year", copy=False, readonly=True, index="btree_not_null")

    def _golf_paid_amount(self):
        """Amount of these invoices already settled (payments, credit notes), in company currency."""
        return sum(move.amount_total_signed - move.amount_residual_signed for move in self)

    def _golf_card_paid_amount(self):
        """Share of the payments reconciled with ``self`` received through a credit-card journal (R-1.5)."""
        total = 0.0
        for move in self:
            for partial_vals in move._get_all_reconciled_invoice_partials():
                counterpart = partial_vals["aml"]
                if counterpart.journal_id.golf_is_card_journal:
                    total += partial_vals["amount"]
        return total

    def _golf_last_payment_date(self):
        """Date of the latest payment reconciled with these invoices (the start of a membership, R-1.7)."""
        dates = [
            partial_vals["aml"].date
            for move in self
            for partial_vals in move._get_all_reconciled_invoice_partials()
            if partial_vals["aml"].move_id.origin_payment_id or partial_vals["aml"].statement_line_id
        ]
        return max(dates) if dates else False
