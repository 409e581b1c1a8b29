from odoo import fields, models

from .golf_membership import HISTORICAL_REASONS, MEMBERSHIP_STATES


class GolfMembershipRegisterReportLine(models.Model):
    """One figure of a monthly register report: memberships of a tier in a state, or leavers of a tier for
    a reason (R-12.3)."""

    _name = "golf.membership.register.report.line"
    _description = "Monthly Membership Report Line"
    _order = "report_id, kind, type_id, state, reason"

    report_id = fields.Many2one("golf.membership.register.report", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    kind = fields.Selection([("state", "Status"), ("leaver", "Leavers")], required=True)
    type_id = fields.Many2one("golf.membership.type", string="Tier", ondelete="cascade")
    state = fields.Selection(MEMBERSHIP_STATES, string="Status")
    reason = fields.Selection(HISTORICAL_REASONS)
    count = fields.Integer()
