from odoo import api, fields, models
from odoo.exceptions import UserError

# Memberships that consumed a place in a phase's quota.
SOLD_STATES = ("approved", "active", "suspended", "absent", "reserved", "historical")


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

    # ------------------------------------------------------------------ a closed phase is sales history

    @api.model_create_multi
    def create(self, vals_list):
        Phase = self.env["golf.membership.phase"]
        self._check_phases_not_closed(Phase.browse([vals["phase_id"] for vals in vals_list if vals.get("phase_id")]))
        return super().create(vals_list)

    def write(self, vals):
        self._check_phases_not_closed(self.phase_id | self.phase_id.browse(vals.get("phase_id") or []))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_phase(self):
        self._check_phases_not_closed(self.phase_id)

    @api.model
    def _check_phases_not_closed(self, phases):
        """R-1.8: the prices and quotas a closed phase sold at stay as they were (only the superuser, e.g. a
        migration, may change them)."""
        if self.env.su:
            return
        closed = phases.filtered(lambda phase: phase.state == "closed")
        if closed:
            raise UserError(self.env._(
                "Phase %(phase)s is closed: its prices and quotas can no longer be changed.",
                phase=closed[0].name,
            ))
