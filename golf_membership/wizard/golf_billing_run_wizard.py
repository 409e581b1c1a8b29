from odoo import api, fields, models
from odoo.exceptions import UserError


class GolfBillingRunWizard(models.TransientModel):
    """Bill the yearly dues (R-6.2): creates the year's run, or resumes an interrupted one, and runs it."""

    _name = "golf.billing.run.wizard"
    _description = "Bill Yearly Dues"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year + 1)
    date_invoice = fields.Date(string="Invoice Date", required=True, default=fields.Date.context_today)
    date_due = fields.Date(string="Due Date", compute="_compute_date_due", store=True, readonly=False,
                           required=True, precompute=True)

    @api.depends("year", "company_id")
    def _compute_date_due(self):
        for wizard in self:
            if 2000 <= (wizard.year or 0) <= 2999 and wizard.company_id:
                wizard.date_due = wizard.company_id._golf_dues_date_due(wizard.year)

    def action_confirm(self):
        self.ensure_one()
        Run = self.env["golf.billing.run"]
        Run._check_action("run")  # finance bills; refused before a run is created
        run = Run.search([("company_id", "=", self.company_id.id), ("year", "=", self.year)], limit=1)
        if run.state == "done":
            raise UserError(self.env._("The dues of %(year)s were already billed by %(run)s.",
                                       year=self.year, run=run.name))
        if not run:
            run = Run.create({"company_id": self.company_id.id, "year": self.year,
                              "date_invoice": self.date_invoice, "date_due": self.date_due})
        run.action_run()
        return {
            "type": "ir.actions.act_window",
            "res_model": "golf.billing.run",
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }
