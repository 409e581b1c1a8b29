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

    @api.model
    def _golf_contract_term(self, membership, invoice_date):
        """R-1.11 / R-6.5: the payment term of a contract's own schedule, for a balance invoiced on
        ``invoice_date``: each instalment on its date (the day of the invoice when the date is already past),
        a percentage of the balance or an amount; the last one is whatever remains (as Odoo does). Odoo wants
        the percentages of a term to add up to 100%: the last line carries what the others leave."""
        lines = membership.installment_line_ids.sorted(lambda line: (line.date_due, line.id))
        percent_before_last = sum(line.value_amount for line in lines[:-1] if line.value == "percent")
        commands = [
            Command.create({
                "value": line.value if line != lines[-1] else "percent",
                "value_amount": line.value_amount if line != lines[-1] else round(100.0 - percent_before_last, 6),
                "delay_type": "days_after",
                "nb_days": max((line.date_due - invoice_date).days, 0),
            })
            for line in lines
        ]
        return self.sudo().create({
            "name": self.env._("Golf admission: contract schedule of %(name)s", name=membership.name),
            "company_id": membership.company_id.id,
            "golf_installment_key": f"contract:{membership.id}",
            "active": False,
            "line_ids": commands,
        }).sudo(False)
