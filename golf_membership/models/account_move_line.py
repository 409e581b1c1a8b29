from odoo import fields, models

from .account_move import check_module_fields


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    golf_dependent_id = fields.Many2one(
        "golf.membership.dependent", string="Dependent", copy=False, index="btree_not_null",
        help="The dependent whose dues this line bills.",
    )
    golf_reminder_sent = fields.Boolean(
        copy=False, help="The member was reminded of this instalment before its due date."
    )

    def write(self, vals):
        # whose dues a line bills is the module's to say (see account.move GOLF_MODULE_FIELDS).
        check_module_fields(self, ["golf_dependent_id"] if "golf_dependent_id" in vals else [], "write")
        return super().write(vals)

    def _reconcile_post_hook(self, data):
        """A payment may start a membership (R-1.7) or lift a suspension for unpaid dues (R-6.3)."""
        result = super()._reconcile_post_hook(data)
        # The module's own rules (SYSTEM transitions), whoever reconciles: an accountant outside the club's groups too.
        memberships = self.move_id.golf_membership_id.sudo()
        if memberships:
            memberships._check_admission_payment()
            memberships._check_dues_reinstatement()
        return result

    def _golf_overdue_domain(self, before, company=None, fee_types=("dues", "dues_adjustment", "balance", "late_fee")):
        """Open receivable lines of membership invoices that fell due before ``before`` (R-6.3)."""
        domain = [
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
            ("date_maturity", "<", before),
            ("move_id.golf_fee_type", "in", fee_types),
            ("move_id.golf_membership_id", "!=", False),
        ]
        if company:
            domain.append(("company_id", "=", company.id))
        return domain
