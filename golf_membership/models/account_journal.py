from odoo import fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    golf_is_card_journal = fields.Boolean(
        string="Credit-Card Journal",
        help="Money received through this journal was paid by credit card: a refund on a rejected "
        "application keeps the card fee configured in the golf settings.",
    )
