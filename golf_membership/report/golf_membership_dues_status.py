from odoo import fields, models, tools
from odoo.tools import SQL


class GolfMembershipDuesStatus(models.Model):
    """What each membership was billed, paid, still owes and owes overdue, per year (R-6.1 核消).

    Derived from the receivable lines of the membership's invoices, never kept by hand.
    """

    _name = "golf.membership.dues.status"
    _description = "Membership Payment Status per Year"
    _auto = False
    _order = "year desc"

    membership_id = fields.Many2one("golf.membership", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Holder", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    year = fields.Integer(readonly=True)
    amount_total = fields.Monetary(string="Billed", readonly=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True)
    amount_residual = fields.Monetary(string="Outstanding", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", compute="_compute_amount_overdue")

    def _compute_amount_overdue(self):
        """Open receivable lines past their maturity, as of today (which a database view cannot know)."""
        today = fields.Date.context_today(self)
        for status in self:
            invoices = status.membership_id.invoice_ids.filtered(
                lambda move, year=status.year: move.state == "posted"
                and (move.golf_billing_year or (move.invoice_date and move.invoice_date.year)) == year
            )
            overdue_lines = invoices.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
                and line.date_maturity and line.date_maturity < today
            )
            status.amount_overdue = sum(overdue_lines.mapped("amount_residual"))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT MIN(line.id) AS id,
                       move.golf_membership_id AS membership_id,
                       membership.partner_id,
                       line.company_id,
                       line.company_currency_id AS currency_id,
                       COALESCE(move.golf_billing_year, EXTRACT(YEAR FROM move.invoice_date)::int) AS year,
                       SUM(line.balance) AS amount_total,
                       SUM(line.balance - line.amount_residual) AS amount_paid,
                       SUM(line.amount_residual) AS amount_residual
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                  JOIN account_account account ON account.id = line.account_id
                  JOIN golf_membership membership ON membership.id = move.golf_membership_id
                 WHERE move.golf_membership_id IS NOT NULL
                   AND move.state = 'posted'
                   AND account.account_type = 'asset_receivable'
              GROUP BY move.golf_membership_id, membership.partner_id, line.company_id, line.company_currency_id,
                       COALESCE(move.golf_billing_year, EXTRACT(YEAR FROM move.invoice_date)::int)
            )
            """,
            table=SQL.identifier(self._table),
        ))
