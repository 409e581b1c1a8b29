from odoo import fields, models

REASON_ACTIONS = [
    ("defer", "Defer"),
    ("reject", "Reject"),
    ("suspend", "Suspend"),
    ("reserve", "Reserve"),
    ("reinstate", "Reinstate"),
    ("withdraw", "Withdraw"),
    ("override_deposit", "Approve Without Deposit"),
]


class GolfMembershipReasonWizard(models.TransientModel):
    """Asks for the reason of a decision, then calls the membership action."""

    _name = "golf.membership.reason.wizard"
    _description = "Membership Decision Reason"

    membership_ids = fields.Many2many("golf.membership", string="Memberships", required=True)
    action = fields.Selection(REASON_ACTIONS, required=True)
    reason = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        getattr(self.membership_ids, f"action_{self.action}")(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
