from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare


class GolfMembershipInstallment(models.Model):
    """One instalment of the schedule written in a membership contract (R-1.11 / R-6.5): a percentage of the
    balance or an amount, due on a given date. The last instalment is whatever remains of the balance."""

    _name = "golf.membership.installment"
    _description = "Contract Instalment"
    _order = "membership_id, date_due, id"
    _check_company_auto = True

    membership_id = fields.Many2one(
        "golf.membership", required=True, ondelete="cascade", index=True, check_company=True,
    )
    company_id = fields.Many2one(related="membership_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="membership_id.currency_id", string="Currency")
    date_due = fields.Date(string="Due Date", required=True)
    value = fields.Selection(
        [("percent", "Percentage"), ("fixed", "Amount")], string="Type", required=True, default="percent",
    )
    value_amount = fields.Float(
        string="Value", required=True, digits="Payment Terms",
        help="Percentage of the balance (the price less the deposit, plus the current year's dues), or an amount. "
        "The last instalment is whatever remains of the balance.",
    )

    _value_positive = models.Constraint("CHECK(value_amount > 0)", "An instalment must be more than zero.")

    @api.constrains("value", "value_amount")
    def _check_percent(self):
        for line in self:
            if line.value == "percent" and line.value_amount > 100:
                raise ValidationError(self.env._("An instalment cannot be more than 100% of the balance."))

    # ------------------------------------------------------------------ the schedule is part of the application

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_membership_draft()
        return lines

    def write(self, vals):
        self._check_membership_draft()
        result = super().write(vals)
        self._check_membership_draft()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self._check_membership_draft()

    def _check_membership_draft(self):
        """R-1.11: the schedule is what was applied for; it is fixed once the application is submitted."""
        if self.env.su:
            return
        Membership = self.env["golf.membership"]
        submitted = self.membership_id.filtered(lambda m: m.state not in Membership._workflow_draft_states)
        if submitted:
            raise UserError(self.env._(
                "The instalment schedule of %(name)s can no longer be changed once it is submitted.",
                name=submitted[0].display_name,
            ))

    # ------------------------------------------------------------------ checks

    @api.model
    def _check_schedules(self, memberships):
        """R-1.11: a contract schedule has two instalments or more; percentages only add up to 100%; with
        amounts, the percentages of the instalments before the last stay below 100% (the last is the rest)."""
        for membership in memberships:
            if membership.payment_mode != "installment" or membership.installment_plan != "contract":
                continue
            lines = membership.installment_line_ids.sorted(lambda line: (line.date_due, line.id))
            if len(lines) < 2:
                raise UserError(self.env._(
                    "The contract schedule of %(name)s needs at least two instalments.", name=membership.display_name,
                ))
            percent = sum(lines.filtered(lambda line: line.value == "percent").mapped("value_amount"))
            if all(line.value == "percent" for line in lines):
                if float_compare(percent, 100.0, precision_digits=2):
                    raise UserError(self.env._(
                        "The percentages of the contract schedule of %(name)s add up to %(total)s%%, not 100%%.",
                        name=membership.display_name, total=percent,
                    ))
            elif float_compare(percent - (lines[-1].value == "percent" and lines[-1].value_amount), 100.0,
                               precision_digits=2) >= 0:
                raise UserError(self.env._(
                    "The instalments of %(name)s before the last already take the whole balance.",
                    name=membership.display_name,
                ))

    @api.model
    def _check_schedule_total(self, membership, total):
        """R-1.11: the instalments before the last leave something of the balance ``total`` to the last one."""
        lines = membership.installment_line_ids.sorted(lambda line: (line.date_due, line.id))[:-1]
        before_last = sum(
            line.value_amount if line.value == "fixed" else total * line.value_amount / 100.0 for line in lines
        )
        if membership.currency_id.compare_amounts(before_last, total) >= 0:
            raise UserError(self.env._(
                "The instalments of %(name)s before the last add up to %(scheduled)s, the whole balance of %(total)s "
                "or more: correct the schedule.", name=membership.display_name,
                scheduled=membership.currency_id.format(before_last), total=membership.currency_id.format(total),
            ))
