from odoo import fields, models
from odoo.tools import SQL

from ..models.account_move import GOLF_FEE_TYPES, NOT_CHASED_FEE_TYPES

AGE_BUCKETS = [
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("over_90", "Over 90 Days"),
]


class GolfCollectionLine(models.Model):
    """The chase worklist of member services (R-6.1 催收, R-6.6): one line per overdue, unpaid invoice of a
    membership or a bag storage, with what is owed, since when, and the last payment reminder sent.

    Read from the invoices' receivable lines when it is read, never kept by hand: the age is counted to the
    user's today, given to the query (a database view cannot know it), so it is grouped and filtered like any
    field."""

    _name = "golf.collection.line"
    _description = "Collection Worklist Line"
    _auto = False
    _order = "days_overdue desc, id"
    _rec_name = "move_id"
    _depends = {
        "account.move": [
            "state", "move_type", "partner_id", "company_id", "invoice_date", "golf_membership_id",
            "golf_bag_storage_id", "golf_fee_type", "golf_reminder_step", "golf_reminder_date",
        ],
        "account.move.line": [
            "move_id", "account_id", "reconciled", "amount_residual", "date_maturity", "parent_state",
            "company_currency_id",
        ],
    }

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    membership_id = fields.Many2one("golf.membership", readonly=True)
    bag_storage_id = fields.Many2one("golf.bag.storage", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    fee_type = fields.Selection(GOLF_FEE_TYPES, string="Fee", readonly=True)
    invoice_date = fields.Date(readonly=True)
    date_due = fields.Date(string="Overdue Since", readonly=True, help="Due date of the oldest unpaid part.")
    amount_residual = fields.Monetary(string="Still to Pay", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    age_bucket = fields.Selection(AGE_BUCKETS, string="Ageing", readonly=True)
    reminder_step = fields.Integer(string="Reminders Sent", readonly=True, aggregator="max")
    reminder_date = fields.Date(string="Last Reminder", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT move.id AS id,
                   move.id AS move_id,
                   move.partner_id,
                   move.golf_membership_id AS membership_id,
                   move.golf_bag_storage_id AS bag_storage_id,
                   move.company_id,
                   MIN(line.company_currency_id) AS currency_id,
                   move.golf_fee_type AS fee_type,
                   move.invoice_date,
                   MIN(line.date_maturity) AS date_due,
                   SUM(line.amount_residual) AS amount_residual,
                   SUM(line.amount_residual) FILTER (WHERE line.date_maturity < %(today)s) AS amount_overdue,
                   %(today)s - MIN(line.date_maturity) AS days_overdue,
                   CASE WHEN %(today)s - MIN(line.date_maturity) <= 30 THEN '1_30'
                        WHEN %(today)s - MIN(line.date_maturity) <= 60 THEN '31_60'
                        WHEN %(today)s - MIN(line.date_maturity) <= 90 THEN '61_90'
                        ELSE 'over_90' END AS age_bucket,
                   COALESCE(move.golf_reminder_step, 0) AS reminder_step,
                   move.golf_reminder_date AS reminder_date
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN account_account account ON account.id = line.account_id
             WHERE move.state = 'posted'
               AND move.move_type = 'out_invoice'
               AND account.account_type = 'asset_receivable'
               AND NOT line.reconciled
               AND line.amount_residual > 0
               AND (move.golf_membership_id IS NOT NULL OR move.golf_bag_storage_id IS NOT NULL)
               AND (move.golf_fee_type IS NULL OR move.golf_fee_type NOT IN %(not_chased)s)
          GROUP BY move.id
            HAVING MIN(line.date_maturity) < %(today)s
            """,
            today=today, not_chased=NOT_CHASED_FEE_TYPES,
        )

    def action_send_reminder(self):
        """Send the payment reminder of the selected lines' invoices now (R-6.1)."""
        action = self.move_id.action_golf_send_payment_reminder()
        self.invalidate_model()  # the lines show the reminder just recorded on their invoices
        return action

    def action_print_reminders(self):
        """The reminder letters of the selected lines, one page per member, to print and mail (R-6.1)."""
        return self.move_id.action_golf_print_payment_reminders()

    def action_open_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "views": [(False, "form")],
            "target": "current",
        }
