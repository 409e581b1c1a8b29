from odoo import fields, models


class GolfMembershipCardDeliverWizard(models.TransientModel):
    """R-1.9: the clerk hands the items over and records the item list the member signed (签收物品详单)."""

    _name = "golf.membership.card.deliver.wizard"
    _description = "Hand Over Cards"

    card_ids = fields.Many2many(
        "golf.membership.card", string="Items Handed Over", required=True,
        domain=[("state", "=", "issued")],
    )
    receipt = fields.Binary(string="Signed Item List", help="Scan of the item list the member signed.")
    receipt_name = fields.Char(string="File Name")

    def action_confirm(self):
        self.ensure_one()
        self.card_ids.action_deliver(receipt=self.receipt, receipt_name=self.receipt_name)
        return {"type": "ir.actions.act_window_close"}
