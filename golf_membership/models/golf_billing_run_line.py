from odoo import fields, models

SKIP_REASONS = [
    ("no_dues", "The tier has no dues"),
    ("absent", "Absent the whole year"),
    ("already_billed", "Billed with the admission or to the previous holder"),
]


class GolfBillingRunLine(models.Model):
    """What a billing run did with one membership (R-6.2): billed with its dues invoice, skipped and why, or
    failed and the error.

    A skipped or failed membership is not selected again by the run of that year; a failed one is tried again
    when finance runs the run again (the line is then kept as 'retried')."""

    _name = "golf.billing.run.line"
    _description = "Yearly Dues Billing Run Line"
    _order = "run_id, status, id"
    _check_company_auto = True

    run_id = fields.Many2one("golf.billing.run", string="Billing Run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    year = fields.Integer(related="run_id.year", store=True)
    membership_id = fields.Many2one(
        "golf.membership", required=True, ondelete="cascade", index=True, check_company=True,
    )
    partner_id = fields.Many2one(related="membership_id.partner_id", string="Holder")
    type_id = fields.Many2one(related="membership_id.type_id", string="Tier")
    status = fields.Selection(
        [("billed", "Billed"), ("skipped", "Skipped"), ("failed", "Failed"), ("retried", "Failed, Retried")],
        required=True, index=True,
    )
    reason = fields.Selection(SKIP_REASONS, string="Reason Skipped")
    error = fields.Text(help="Why the membership could not be billed: for finance to fix before "
                                             "the run is run again.")
    invoice_id = fields.Many2one("account.move", string="Dues Invoice", index="btree_not_null")
    currency_id = fields.Many2one(related="run_id.currency_id")
    amount_total = fields.Monetary(related="invoice_id.amount_total", string="Amount")
    payment_state = fields.Selection(related="invoice_id.payment_state", string="Payment")

    _run_membership_uniq = models.Constraint(
        "UNIQUE(run_id, membership_id, invoice_id)", "A membership is listed once per dues invoice of a run."
    )
