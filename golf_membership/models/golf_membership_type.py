from odoo import fields, models


class GolfMembershipType(models.Model):
    _name = "golf.membership.type"
    _description = "Membership Tier"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [("individual", "Individual"), ("corporate", "Corporate")],
        required=True, default="individual", help="A corporate membership is held by a company "
        "and used by a nominated person.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True, string="Currency")
    entrance_fee = fields.Monetary(help="List price of the membership before phase pricing.")
    deposit_amount = fields.Monetary(string="Deposit", default=10000.0, help="Paid with the application.")
    monthly_due = fields.Monetary(string="Monthly Dues")
    dependent_monthly_due = fields.Monetary(string="Dependent Monthly Dues")
    transfer_fee = fields.Monetary()
    rename_fee = fields.Monetary()
    absence_fee = fields.Monetary(string="Absence Handling Fee")
    transferable = fields.Boolean(default=True)
    max_dependents = fields.Integer(string="Maximum Children", default=4)
    description = fields.Html(translate=True)
    membership_count = fields.Integer(compute="_compute_membership_count")

    _code_company_uniq = models.Constraint("UNIQUE(code, company_id)", "The tier code must be unique per company.")
    _fees_positive = models.Constraint(
        "CHECK(entrance_fee >= 0 AND deposit_amount >= 0 AND monthly_due >= 0 AND dependent_monthly_due >= 0"
        " AND transfer_fee >= 0 AND rename_fee >= 0 AND absence_fee >= 0)",
        "Fees of a membership tier cannot be negative.",
    )

    def _compute_membership_count(self):
        counts = dict(
            self.env["golf.membership"]._read_group([("type_id", "in", self.ids)], ["type_id"], ["__count"])
        )
        for tier in self:
            tier.membership_count = counts.get(tier, 0)
