from odoo import Command, api, fields, models


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    golf_installment_key = fields.Char(
        copy=False, readonly=True, index="btree_not_null",
        help="Technical key of an admission instalment plan: count and first delay.",
    )

    @api.model
    def _golf_installment_term(self, company, count, first_delay):
        """R-1.11 / R-6.5: one payment term per plan: ``count`` monthly instalments, the first after
        ``first_delay`` days; the last line takes the rounding rest."""
        key = f"{count}x30+{first_delay}"
        term = self.with_context(active_test=False).search(
            [("golf_installment_key", "=", key), ("company_id", "in", (company.id, False))], limit=1
        )
        if term:
            return term
        share = round(100.0 / count, 2)
        lines = [
            Command.create({
                "value": "percent",
                "value_amount": share if index < count - 1 else round(100.0 - share * (count - 1), 2),
                "delay_type": "days_after",
                "nb_days": first_delay + 30 * index,
            })
            for index in range(count)
        ]
        return self.sudo().create({
            "name": self.env._("Golf admission: %(count)s monthly instalments", count=count),
            "company_id": company.id,
            "golf_installment_key": key,
            "line_ids": lines,
        }).sudo(False)
