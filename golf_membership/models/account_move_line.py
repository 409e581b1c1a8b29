from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_post_hook(self, data):
        """A payment reconciled with an admission invoice may start the membership (R-1.7)."""
        super()._reconcile_post_hook(data)
        memberships = self.move_id.golf_membership_id
        if memberships:
            memberships._check_admission_payment()
