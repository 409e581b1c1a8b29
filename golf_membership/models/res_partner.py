from odoo import api, fields, models

from .golf_membership import MEMBERSHIP_STATES, RUNNING_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    golf_id_number = fields.Char(
        string="ID Number", groups="golf_membership.group_golf_clerk", copy=False,
        help="Identity document number, visible to member services only.",
    )
    golf_membership_ids = fields.One2many("golf.membership", "partner_id", string="Golf Memberships")
    golf_member_membership_ids = fields.One2many("golf.membership", "member_partner_id", string="Memberships Used")
    golf_membership_count = fields.Integer(compute="_compute_golf_membership_count", string="Memberships")
    golf_member_state = fields.Selection(
        MEMBERSHIP_STATES, string="Golf Member Status", compute="_compute_golf_member_state", store=True,
        index="btree_not_null",
    )

    @api.depends("golf_membership_ids.state", "golf_member_membership_ids.state")
    def _compute_golf_member_state(self):
        for partner in self:
            memberships = (partner.golf_membership_ids | partner.golf_member_membership_ids).sorted("id", reverse=True)
            running = memberships.filtered(lambda m: m.state in RUNNING_STATES)
            partner.golf_member_state = (running or memberships)[:1].state or False

    def _compute_golf_membership_count(self):
        for partner in self:
            partner.golf_membership_count = len(partner.golf_membership_ids | partner.golf_member_membership_ids)

    def action_view_golf_memberships(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("golf_membership.action_golf_membership")
        action["domain"] = ["|", ("partner_id", "=", self.id), ("member_partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
