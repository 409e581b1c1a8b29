from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    golf_prepaid_account_id = fields.Many2one(
        "golf.prepaid.account", string="Prepaid Account", index="btree_not_null", copy=False, tracking=True,
        check_company=True, ondelete="restrict",
        help="Money paid into (or refunded from) a member's prepaid account.",
    )

    @api.constrains("golf_prepaid_account_id", "partner_id", "partner_type", "payment_type")
    def _check_golf_prepaid_account(self):
        """R-2: money paid in is an ordinary customer payment of the account holder."""
        for payment in self.filtered("golf_prepaid_account_id"):
            account = payment.golf_prepaid_account_id
            if payment.partner_type != "customer":
                raise ValidationError(
                    self.env._("Only a customer payment can be linked to the prepaid account %(account)s.",
                               account=account.display_name)
                )
            if payment.partner_id.commercial_partner_id != account.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The payment of %(partner)s cannot be linked to the prepaid account %(account)s of "
                        "%(holder)s.",
                        partner=payment.partner_id.display_name or self.env._("an unknown partner"),
                        account=account.display_name, holder=account.partner_id.display_name,
                    )
                )
            if account.state == "closed" and payment.payment_type == "inbound":
                raise ValidationError(
                    self.env._("The prepaid account %(account)s is closed and takes no more payments.",
                               account=account.display_name)
                )

    def action_post(self):
        res = super().action_post()
        accounts = self.golf_prepaid_account_id
        if accounts:
            # Money in settles the account's open charge invoices and may lift a low-balance warning.
            accounts._golf_reconcile()
            accounts._golf_check_low_balance()
        return res
