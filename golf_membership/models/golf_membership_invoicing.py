import uuid

from dateutil.relativedelta import relativedelta

from odoo import Command, fields, models


class GolfMembershipInvoicing(models.AbstractModel):
    """The invoicing API of a membership: every invoice and credit note the module makes for a membership
    (admission, dues, fees, refunds) is prepared and posted here, with the membership's partner, company and
    origin, and what it bills (``golf_fee_type``) written by the module alone (R-6.2)."""

    _name = "golf.membership.invoicing"
    _description = "Membership Invoicing"

    def _deposit_invoice(self):
        """The deposit invoice, unless finance cancelled it: a cancelled deposit is no deposit (R-1.4)."""
        return self.deposit_invoice_id.filtered(lambda inv: inv.state != "cancel")

    def _admission_invoices(self):
        return self._deposit_invoice() | self.balance_invoice_id

    def _prepare_invoice_line_vals(self, product, name, price_unit, quantity=1.0):
        return {"product_id": product.id, "name": name, "quantity": quantity, "price_unit": price_unit}

    def _prepare_invoice_vals(self, fee_type, line_vals_list, invoice_date=None, date_due=None, payment_term=None):
        self.ensure_one()
        invoice_date = invoice_date or fields.Date.context_today(self)
        vals = {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": invoice_date,
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "golf_membership_id": self.id,
            "golf_fee_type": fee_type,
            "invoice_line_ids": [Command.create(line_vals) for line_vals in line_vals_list],
            # The notices and reminders link the invoice on the portal: its access token is given at creation,
            # as the portal would draw it (``portal.mixin._portal_ensure_token``), instead of a write of each
            # invoice when it is first e-mailed.
            "access_token": str(uuid.uuid4()),
        }
        if payment_term:
            vals["invoice_payment_term_id"] = payment_term.id
        else:
            vals["invoice_payment_term_id"] = False
            vals["invoice_date_due"] = date_due or invoice_date
        return vals

    def _create_posted_invoices(self, vals_list):
        """Create and post the module's invoices. What an invoice bills (``golf_fee_type``, ``golf_billing_year``
        ...) is written by the module alone (R-6.2), so as superuser; the acting user stays the author, also of
        their entries in the audit trail (see ``account.move._golf_create_posted_batch``). The invoices are
        returned in the caller's environment."""
        invoices = self.env["account.move"].sudo().with_company(self.company_id)._golf_create_posted_batch(vals_list)
        return invoices.sudo(self.env.su)

    def _prepare_deposit_invoice_vals(self):
        self.ensure_one()
        product = self.company_id._golf_product("deposit")
        amount = min(self.type_id.deposit_amount, self.price)
        name = self.env._("Deposit for membership %(name)s (%(tier)s)", name=self.name, tier=self.type_id.name)
        return self._prepare_invoice_vals("deposit", [self._prepare_invoice_line_vals(product, name, amount)])

    def _prepare_balance_invoice_vals(self, date, date_due=None):
        """R-1.4 / R-1.11: price less deposit plus the current year's dues, invoiced on ``date`` and due on
        ``date_due`` (by default after the balance days); an instalment plan is the same invoice with a payment
        term: equal monthly instalments from ``date_due`` on, or the contract's schedule (R-6.5)."""
        self.ensure_one()
        company = self.company_id
        lines = []
        balance = self.price - self._deposit_invoice().amount_untaxed
        if balance > 0:
            lines.append(self._prepare_invoice_line_vals(
                company._golf_product("entrance"),
                self.env._("Membership fee %(tier)s, balance after deposit (%(name)s)",
                           tier=self.type_id.name, name=self.name),
                balance,
            ))
        months = self._current_year_dues_months(date)
        if self.type_id.monthly_due and months:
            lines.append(self._prepare_invoice_line_vals(
                company._golf_product("dues"),
                self.env._("Monthly dues %(member)s, %(year)s-%(start)02d to %(year)s-12",
                           member=self.member_partner_id.name, year=date.year, start=date.month),
                self.type_id.monthly_due, quantity=months,
            ))
        if not lines:
            return False
        date_due = date_due or date + relativedelta(days=company.golf_balance_days)
        term = None
        if self.payment_mode == "installment" and self.installment_plan == "contract":
            self.env["golf.membership.installment"]._check_schedule_total(
                self, sum(line["price_unit"] * line["quantity"] for line in lines)
            )
            term = self.env["account.payment.term"]._golf_contract_term(self, date)
        elif self.payment_mode == "installment":
            term = self.env["account.payment.term"]._golf_installment_term(
                company, self.installment_count, max((date_due - date).days, 0)
            )
        return self._prepare_invoice_vals("balance", lines, invoice_date=date, date_due=date_due, payment_term=term)

    def _credit_invoice(self, invoice, amount, label, fee_type, product=None):
        """Post a credit note of ``amount`` against ``invoice`` and reconcile it with what is still open."""
        product = product or invoice.invoice_line_ids[:1].product_id
        vals = self._prepare_invoice_vals(fee_type, [self._prepare_invoice_line_vals(product, label, amount)])
        vals.update(move_type="out_refund", reversed_entry_id=invoice.id, ref=label)
        credit_note = self._create_posted_invoices([vals])
        (credit_note | invoice)._reconcile_open_receivables()
        return credit_note

    def _admission_due_now(self):
        """What must be paid for the membership to start: the deposit and the balance, or its first instalment."""
        self.ensure_one()
        due = self._deposit_invoice().amount_total_signed
        balance = self.balance_invoice_id
        if balance:
            receivables = balance.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
            first = receivables.sorted(lambda line: (line.date_maturity or line.date, line.id))[:1]
            due += first.balance
        return due

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("golf_membership_id", "=", self.id)]
        action["context"] = {"default_golf_membership_id": self.id, "create": False}
        return action
