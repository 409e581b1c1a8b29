from odoo import fields, models

from .golf_membership import MEMBERSHIP_STATES


class GolfMembershipStateLog(models.Model):
    """A dated change of state of a membership, written by the workflow: the register at any past day is read
    from it, so a monthly report regenerated later gives the same figures (R-12.3)."""

    _name = "golf.membership.state.log"
    _description = "Membership State Change"
    _order = "date, id"

    membership_id = fields.Many2one("golf.membership", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="membership_id.company_id", store=True, index=True)
    date = fields.Date(required=True, index=True)
    state_from = fields.Selection(MEMBERSHIP_STATES, string="From", required=True)
    state_to = fields.Selection(MEMBERSHIP_STATES, string="To", required=True)
