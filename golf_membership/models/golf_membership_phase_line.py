from odoo import api, fields, models

# Memberships that consumed a place in a phase's quota.
SOLD_STATES = ("approved", "active", "suspended", "absent", "historical")


class GolfMembershipPhaseLine(models.Model):
    _name = "golf.membership.phase.line"
    _description = "Sales Phase Price and Quota"
    _order = "phase_id, type_id"

    phase_id = fields.Many2one("golf.membership.phase", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="phase_id.company_id", store=True)
    currency_id = fields.Many2one(related="phase_id.company_id.currency_id", string="Currency")
    type_id = fields.Many2one("golf.membership.type", string="Tier", required=True, check_company=True)
    price = fields.Monetary(required=True)
    quota = fields.Integer(required=True, default=200)
    sold_count = fields.Integer(string="Sold", compute="_compute_sold_count")
    remaining_count = fields.Integer(string="Remaining", compute="_compute_sold_count")

    _type_uniq = models.Constraint("UNIQUE(phase_id, type_id)", "A tier can be priced only once per phase.")
    _price_positive = models.Constraint("CHECK(price >= 0)", "The price of a phase line cannot be negative.")
    _quota_positive = models.Constraint("CHECK(quota >= 0)", "The quota of a phase line cannot be negative.")

    @api.depends("phase_id", "type_id", "quota")
    def _compute_sold_count(self):
        # A sold place stays sold when the file is archived; the count is shown to every
        # user who may read the phase, not only to those who may read memberships.
        groups = self.env["golf.membership"].sudo().with_context(active_test=False)._read_group(
            [("phase_id", "in", self.phase_id.ids), ("state", "in", SOLD_STATES)],
            ["phase_id", "type_id"],
            ["__count"],
        )
        sold = {(phase.id, tier.id): count for phase, tier, count in groups}
        for line in self:
            line.sold_count = sold.get((line.phase_id.id, line.type_id.id), 0)
            line.remaining_count = max(line.quota - line.sold_count, 0)
