from odoo import api, fields, models


class GolfBillingRunWizard(models.TransientModel):
    """Bill the yearly dues (R-6.2): creates the year's run, or resumes an interrupted one, and runs it. For a
    year already billed, the year's run opens, where "Bill New Members" bills what is left."""

    _name = "golf.billing.run.wizard"
    _description = "Bill Yearly Dues"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year + 1)
    date_invoice = fields.Date(string="Invoice Date", required=True, default=fields.Date.context_today)
    date_due = fields.Date(string="Due Date", compute="_compute_date_due", store=True, readonly=False,
                           required=True, precompute=True)
    run_id = fields.Many2one("golf.billing.run", string="Run of the Year", compute="_compute_run_id")
    run_state = fields.Selection(related="run_id.state", string="Run Status")

    @api.depends("year", "company_id")
    def _compute_date_due(self):
        for wizard in self:
            if 2000 <= (wizard.year or 0) <= 2999 and wizard.company_id:
                wizard.date_due = wizard.company_id._golf_dues_date_due(wizard.year)

    @api.depends("year", "company_id")
    def _compute_run_id(self):
        Run = self.env["golf.billing.run"]
        for wizard in self:
            wizard.run_id = wizard.year and wizard.company_id and Run.search(
                [("company_id", "=", wizard.company_id.id), ("year", "=", wizard.year)], limit=1
            )

    def action_confirm(self):
        self.ensure_one()
        Run = self.env["golf.billing.run"]
        Run._check_action("run")  # finance bills; refused before a run is created
        run = Run.search([("company_id", "=", self.company_id.id), ("year", "=", self.year)], limit=1)
        if not run:
            run = Run.create({"company_id": self.company_id.id, "year": self.year,
                              "date_invoice": self.date_invoice, "date_due": self.date_due})
        if run.state != "done":
            run.action_run()
        # A year already billed: its run opens, where "Bill New Members" bills the memberships added since.
        return run._get_form_action()
