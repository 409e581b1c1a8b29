from odoo import api, fields, models
from odoo.exceptions import UserError


class GolfMembershipNominee(models.Model):
    """R-5.5: one nominee of a corporate membership and the days he or she used it. The current nominee's line is
    open (no end date); a completed nominee change closes it and opens the new nominee's. Written by the module's
    actions only, so that the history is what happened."""

    _name = "golf.membership.nominee"
    _description = "Corporate Membership Nominee"
    _order = "membership_id, date_from desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    membership_id = fields.Many2one("golf.membership", required=True, ondelete="cascade",
                                    index=True, readonly=True)
    company_id = fields.Many2one(related="membership_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Nominee", required=True, ondelete="restrict", index=True,
                                 readonly=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", readonly=True, help="Empty for the current nominee.")
    nominee_change_id = fields.Many2one("golf.membership.nominee.change",
                                        ondelete="restrict", index="btree_not_null", readonly=True,
                                        help="The change that made this person the nominee.")
    current = fields.Boolean(compute="_compute_current", string="Current Nominee")

    @api.depends("date_to")
    def _compute_current(self):
        for nominee in self:
            nominee.current = not nominee.date_to

    @api.model_create_multi
    def create(self, vals_list):
        self._check_written_by_module()
        return super().create(vals_list)

    def write(self, vals):
        self._check_written_by_module()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        """Nothing the club must keep is deleted (R-5.5)."""
        self._check_written_by_module()

    def _check_written_by_module(self):
        if not self.env.su:
            raise UserError(self.env._(
                "The nominee history of a membership is kept by its nominee changes: it cannot be edited."
            ))

    @api.model
    def _start(self, memberships, date):
        """The first nominee of each corporate membership that has none on record yet, from ``date``."""
        return self.sudo().create([
            {"membership_id": membership.id, "partner_id": membership.nominee_id.id, "date_from": date}
            for membership in memberships
            if membership.kind == "corporate" and membership.nominee_id and not membership.nominee_history_ids
        ])

    @api.model
    def _replace(self, change, date):
        """R-5.4 / R-5.5: from ``date`` the new nominee of ``change`` replaces the old one, whose line is closed."""
        membership = change.membership_id
        current = membership.nominee_history_ids.filtered(lambda nominee: not nominee.date_to)
        if not current:  # a membership on record from before its history was kept
            current = self._start(membership, membership.date_start or date)
        current.sudo().write({"date_to": date})
        return self.sudo().create({
            "membership_id": membership.id, "partner_id": change.new_nominee_id.id, "date_from": date,
            "nominee_change_id": change.id,
        })
