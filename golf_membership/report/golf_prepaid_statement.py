from odoo import api, models

from ..models.golf_prepaid_account import PAID_PAYMENT_STATES


class GolfPrepaidStatement(models.AbstractModel):
    """The statement of a prepaid account (R-2.3): money paid in, charges signed and the running balance of a
    period. Printed (``golf_membership.report_golf_prepaid_statement``), e-mailed and shown on the member's page."""

    _name = "golf.prepaid.statement"
    _description = "Prepaid Account Statement"

    @api.model
    def _statement_data(self, account, date_from, date_to):
        """The lines of ``account`` from ``date_from`` to ``date_to`` (inclusive), with the opening and closing
        balances and the totals in and out."""
        account.ensure_one()
        entries = self._statement_entries(account)
        opening = sum(e["amount"] for e in entries if e["date"] < date_from)
        lines, running = [], opening
        for entry in entries:
            if date_from <= entry["date"] <= date_to:
                running += entry["amount"]
                lines.append(dict(
                    entry, amount_in=max(entry["amount"], 0.0), amount_out=max(-entry["amount"], 0.0),
                    balance=running,
                ))
        return {
            "date_from": date_from,
            "date_to": date_to,
            "opening": opening,
            "lines": lines,
            "total_in": sum(line["amount_in"] for line in lines),
            "total_out": sum(line["amount_out"] for line in lines),
            "closing": running,
        }

    @api.model
    def _statement_entries(self, account):
        """Every payment received or refunded and every posted charge of ``account``, in date order (amounts
        signed: money in is positive)."""
        entries = []
        for payment in account.sudo().payment_ids.filtered(lambda p: p.state in PAID_PAYMENT_STATES):
            amount = payment.amount_company_currency_signed
            entries.append({
                "date": payment.date,
                "sequence": 0,
                "id": payment.id,
                "reference": payment.name,
                "description": payment.memo or (
                    self.env._("Payment received") if amount >= 0 else self.env._("Refund paid")),
                "outlet": "",
                "signer": "",
                "amount": amount,
            })
        outlets = dict(self.env["golf.prepaid.charge"]._fields["outlet"]._description_selection(self.env))
        for charge in account.charge_ids.filtered(lambda c: c.state == "posted"):
            entries.append({
                "date": charge.date,
                "sequence": 1,
                "id": charge.id,
                "reference": charge.reference or charge.invoice_id.name or "",
                "description": charge.description,
                "outlet": outlets.get(charge.outlet, ""),
                "signer": charge.signer_id.name or "",
                "amount": -charge.amount,
            })
        return sorted(entries, key=lambda e: (e["date"], e["sequence"], e["id"]))
