from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_workflow_mixin import CLERK, FINANCE, Transition

CHARGE_STATES = [
    ("draft", "Draft"),
    ("posted", "Posted"),
    ("cancelled", "Cancelled"),
]
OUTLETS = [
    ("course", "Golf Course"),
    ("driving_range", "Driving Range"),
    ("restaurant", "Restaurant"),
    ("bar", "Bar"),
    ("pro_shop", "Pro Shop"),
    ("hotel", "Hotel"),
    ("spa", "Spa"),
    ("other", "Other"),
]
CRON_BATCH_SIZE = 100

# a signed charge is posted by member services or finance; once posted only finance may cancel it,
# and only while it is not invoiced (afterwards a credit note). Posted charges are invoiced at once, by the
# daily run, or by member services or finance with "Invoice Now". The row of posted charges comes first: its
# refusal (the credit note) is the one finance reads.
CHARGE_TRANSITIONS = (
    Transition("post", ("draft",), "posted", (CLERK, FINANCE)),
    Transition("cancel", ("posted",), "cancelled", (FINANCE,), guard="_cancel_refusal"),
    Transition("cancel", ("draft",), "cancelled", (CLERK, FINANCE)),
    Transition("invoice", ("posted",), None, (CLERK, FINANCE), guard="_invoice_refusal"),
)


class GolfPrepaidCharge(models.Model):
    _name = "golf.prepaid.charge"
    _description = "Golf Prepaid Charge"
    _inherit = ["golf.workflow.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "description"
    _workflow_transitions = CHARGE_TRANSITIONS
    _workflow_fields = ("invoice_id",)
    # Fields a posted charge keeps as signed.
    _workflow_draft_fields = ("account_id", "date", "outlet", "description", "amount", "signer_id", "reference")

    account_id = fields.Many2one(
        "golf.prepaid.account", string="Prepaid Account", required=True, index=True, ondelete="restrict",
        check_company=True, tracking=True, domain=[("state", "=", "active")],
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="account_id.currency_id")
    partner_id = fields.Many2one(related="account_id.partner_id", store=True, string="Account Holder")
    membership_id = fields.Many2one(related="account_id.membership_id", store=True)
    allowed_signer_ids = fields.Many2many(related="account_id.signer_ids", string="Allowed Signers")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    outlet = fields.Selection(OUTLETS, required=True, default="course", tracking=True)
    description = fields.Char(required=True, tracking=True)
    reference = fields.Char(string="Signed Slip", help="Number of the bill the signer signed.")
    amount = fields.Monetary(required=True, tracking=True)
    signer_id = fields.Many2one(
        "res.partner", string="Signed By", required=True, tracking=True,
        domain="[('id', 'in', allowed_signer_ids)]",
        help="Must be one of the persons allowed to sign on the account.",
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded By", default=lambda self: self.env.user, readonly=True, groups="base.group_user"
    )
    state = fields.Selection(
        CHARGE_STATES, default="draft", required=True, tracking=True, index=True, copy=False,
    )
    invoice_id = fields.Many2one(
        "account.move", readonly=True, copy=False, index="btree_not_null", check_company=True,
    )
    payment_state = fields.Selection(related="invoice_id.payment_state", string="Payment Status")

    can_post = fields.Boolean(compute="_compute_workflow_buttons")
    can_cancel = fields.Boolean(compute="_compute_workflow_buttons")
    can_invoice = fields.Boolean(compute="_compute_workflow_buttons")

    _amount_positive = models.Constraint("CHECK(amount > 0)", "A charge must be a positive amount.")

    # ------------------------------------------------------------------ computes

    @api.depends("account_id.name", "description")
    def _compute_display_name(self):
        for charge in self:
            charge.display_name = " - ".join(filter(None, [charge.account_id.name, charge.description]))

    @api.depends("invoice_id")
    def _compute_workflow_buttons(self):
        """An invoiced charge is neither cancelled nor invoiced again."""
        return super()._compute_workflow_buttons()

    # ------------------------------------------------------------------ constraints

    @api.constrains("amount")
    def _check_amount(self):
        for charge in self:
            if charge.currency_id.compare_amounts(charge.amount, 0) <= 0:
                raise ValidationError(
                    self.env._("A charge must be a positive amount (%(description)s).",
                               description=charge.description or "")
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Checked before the insert so that the user reads this rather than the database's refusal.
            if "amount" in vals and (vals["amount"] or 0.0) <= 0:
                raise ValidationError(self.env._("A charge must be a positive amount (%(description)s).",
                                                 description=vals.get("description") or ""))
        charges = super().create(vals_list)
        closed = charges.account_id.filtered(lambda a: a.state == "closed")
        if closed:
            raise UserError(
                self.env._("Prepaid account %(account)s is closed: no more charges.", account=closed[0].display_name)
            )
        return charges

    def _check_workflow_write(self, vals):
        """R-2.3: a posted charge stays as signed (``_workflow_draft_fields``); said in the words of a charge."""
        if set(self._workflow_draft_fields) & set(vals) and any(charge.state != "draft" for charge in self):
            raise UserError(self.env._("A posted or cancelled charge cannot be changed."))
        return super()._check_workflow_write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("Only draft charges can be deleted; cancel the others."))

    # ------------------------------------------------------------------ actions

    def action_post(self):
        """R-2.3: the member's spending is charged against the account, signed by an allowed signer and
        within the balance plus the credit limit; per-charge accounts are invoiced at once."""
        self._check_action("post")
        # One at a time, oldest first: each charge lowers what the next one may take.
        for charge in self.sorted(lambda c: (c.date, c.id)):
            charge._check_postable()
            charge._apply_action("post")
        self.filtered(lambda c: c.account_id.invoice_grouping == "charge")._golf_invoice()
        self.account_id._golf_check_low_balance()
        return True

    def _check_postable(self):
        """R-2.1 / R-2.3: an account in force of a running membership, an allowed signer, enough money."""
        self.ensure_one()
        account = self.account_id
        currency = self.currency_id
        if account.state != "active":
            raise UserError(
                self.env._("Prepaid account %(account)s is not in force (%(state)s): it cannot be charged.",
                           account=account.display_name, state=account._workflow_state_label(account.state))
            )
        account._check_running_membership()
        if account.membership_id.state == "suspended":
            # the members of a suspended membership have no rights in the club, signing included.
            raise UserError(self.env._(
                "Membership %(membership)s is suspended: nobody may sign for charges on prepaid account "
                "%(account)s until it is reinstated.",
                membership=account.membership_id.display_name, account=account.display_name,
            ))
        if currency.compare_amounts(self.amount, 0) <= 0:
            raise UserError(self.env._("A charge must be a positive amount."))
        if self.signer_id not in account.signer_ids:
            raise UserError(
                self.env._("%(signer)s may not sign for charges on prepaid account %(account)s.",
                           signer=self.signer_id.display_name, account=account.display_name)
            )
        available = account.balance + account.credit_limit
        if currency.compare_amounts(self.amount, available) > 0:
            raise UserError(
                self.env._(
                    "The charge of %(amount)s exceeds what prepaid account %(account)s allows: balance "
                    "%(balance)s plus credit limit %(limit)s.",
                    amount=currency.format(self.amount), account=account.display_name,
                    balance=currency.format(account.balance), limit=currency.format(account.credit_limit),
                )
            )

    def _cancel_refusal(self):
        """R-2.3: an invoiced charge is undone by a credit note, not cancelled."""
        self.ensure_one()
        if self.invoice_id:
            return self.env._("Charge %(charge)s is invoiced: issue a credit note on %(invoice)s instead.",
                              charge=self.display_name, invoice=self.invoice_id.name)
        return False

    def _invoice_refusal(self):
        self.ensure_one()
        if self.invoice_id:
            return self.env._("Charge %(charge)s is already invoiced on %(invoice)s.",
                              charge=self.display_name, invoice=self.invoice_id.name)
        return False

    def _workflow_action_label(self, action):
        if action == "invoice":
            return self.env._("invoice")
        return super()._workflow_action_label(action)

    def action_cancel(self):
        """Drafts may be dropped; a posted charge only by finance while it is not invoiced (R-2.3)."""
        self._take_action("cancel")
        self.account_id._golf_check_low_balance()
        return True

    def action_invoice(self):
        """Invoice posted charges now rather than waiting for the daily run."""
        self._check_action("invoice")
        self._golf_invoice()
        return True

    def action_view_invoice(self):
        self.ensure_one()
        return self.invoice_id._get_records_action(name=self.env._("Invoice"))

    # ------------------------------------------------------------------ invoicing

    def _golf_invoice_groups(self):
        """Charges that go on one invoice: each alone, or per account and day (``invoice_grouping``)."""
        groups = defaultdict(lambda: self.browse())
        for charge in self.sorted(lambda c: (c.account_id.id, c.date, c.id)):
            if charge.account_id.invoice_grouping == "day":
                key = (charge.account_id.id, charge.date)
            else:
                key = (charge.account_id.id, charge.date, charge.id)
            groups[key] |= charge
        return list(groups.values())

    def _prepare_invoice_line_vals(self, product):
        self.ensure_one()
        outlets = dict(self._fields["outlet"]._description_selection(self.env))
        name = self.env._(
            "%(date)s %(outlet)s: %(description)s (signed by %(signer)s)",
            date=self.date, outlet=outlets[self.outlet], description=self.description, signer=self.signer_id.name,
        )
        if self.reference:
            name = f"{name} [{self.reference}]"
        return {
            "product_id": product.id,
            "name": name,
            "quantity": 1.0,
            "price_unit": self.amount,
            # Spending is charged as signed: no tax on top.
            "tax_ids": [Command.clear()],
        }

    def _prepare_invoice_vals(self):
        """One customer invoice for these charges of one account and day, billed to the account holder and
        filed with the membership (``golf_fee_type`` 'other')."""
        account = self.account_id
        account.ensure_one()
        product = self.env.ref("golf_membership.product_golf_prepaid_charge", raise_if_not_found=False)
        if not product:
            raise UserError(self.env._("The product for prepaid charges is missing; update the module."))
        vals = account.membership_id._prepare_invoice_vals(
            "other", [charge._prepare_invoice_line_vals(product) for charge in self],
            invoice_date=max(self.mapped("date")),
        )
        vals.update({
            "partner_id": account.partner_id.id,
            "company_id": account.company_id.id,
            "invoice_origin": account.name,
            "ref": self.env._("Prepaid account %(account)s", account=account.name),
        })
        return vals

    def _golf_invoice(self):
        """Invoice posted, not yet invoiced charges (one create per company), post the invoices and settle
        them with the account's money. Idempotent: invoiced charges are skipped."""
        charges = self.filtered(lambda c: c.state == "posted" and not c.invoice_id)
        if not charges:
            return self.env["account.move"]
        groups = charges._golf_invoice_groups()
        invoices = self.env["account.move"]
        for company in charges.company_id:
            company_groups = [group for group in groups if group.company_id == company]
            vals_list = [group._prepare_invoice_vals() for group in company_groups]
            # golf_fee_type is the module's to write (account.move GOLF_MODULE_CREATE_FIELDS): as superuser.
            Move = self.env["account.move"].sudo().with_company(company)
            company_invoices = Move._golf_create_posted_batch(vals_list)
            for group, invoice in zip(company_groups, company_invoices):
                group._apply_action("invoice", invoice_id=invoice.id)
            invoices |= company_invoices
        charges.account_id._golf_reconcile()
        return invoices

    @api.model
    def _cron_daily_prepaid(self):
        """Daily run (called from ``golf.membership._cron_daily``): invoice every posted charge not invoiced
        yet (per-day accounts: the days that are over), then re-check low balances. Batched per account;
        running it twice changes nothing the second time."""
        today = fields.Date.context_today(self)
        charges = self.search([
            ("company_id", "in", self.env.companies.ids), ("state", "=", "posted"), ("invoice_id", "=", False),
            "|", ("account_id.invoice_grouping", "=", "charge"), ("date", "<", today),
        ], order="account_id, date, id")
        by_account = charges.grouped("account_id")
        accounts = list(by_account)
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        for start in range(0, len(accounts), CRON_BATCH_SIZE):
            batch = accounts[start:start + CRON_BATCH_SIZE]
            self.browse().union(*(by_account[account] for account in batch))._golf_invoice()
            if in_cron:
                # Commit each batch (a crash keeps what is done; the next run resumes). `remaining` is left
                # alone: it is shared by every step of golf.membership._cron_daily.
                self.env["ir.cron"]._commit_progress(len(batch))
        self.env["golf.prepaid.account"].search([
            ("company_id", "in", self.env.companies.ids), ("state", "=", "active"),
        ])._golf_check_low_balance()
