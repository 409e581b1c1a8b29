from odoo import fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    golf_prepaid_account_id = fields.Many2one(
        "golf.prepaid.account", string="Prepaid Account", index="btree_not_null", readonly=True, copy=False,
        help="The member's prepaid account this online payment tops up.",
    )

    def _create_payment(self, **extra_create_values):
        """R-2: money paid online into a prepaid account is the ordinary customer payment of that account, so it
        credits the balance and settles open charge invoices as money paid in at the desk does."""
        if self.golf_prepaid_account_id and not self.invoice_ids:
            extra_create_values.setdefault("golf_prepaid_account_id", self.golf_prepaid_account_id.id)
        return super()._create_payment(**extra_create_values)
