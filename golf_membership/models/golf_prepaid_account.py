from dateutil.relativedelta import relativedelta
from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import consteq

from odoo.addons.payment import utils as payment_utils

from .golf_activity import for_reader
from .golf_workflow_mixin import CLERK, FINANCE, Transition

PREPAID_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("active", "In Force"),
    ("closed", "Closed"),
]
# the clerk files the signed papers, finance confirms the money and approves (or management,
# which implies finance): member services or finance send the statement.
PREPAID_TRANSITIONS = (
    Transition("submit", ("draft",), "submitted", (CLERK,)),
    Transition("reset", ("submitted",), "draft", (CLERK, FINANCE)),
    Transition("confirm_funds", ("draft", "submitted"), None, (FINANCE,), guard="_confirm_funds_refusal"),
    Transition("approve", ("submitted",), "active", (FINANCE,), guard="_approval_refusal"),
    Transition("close", ("draft", "submitted", "active"), "closed", (FINANCE,)),
    Transition("send_statement", tuple(state for state, _label in PREPAID_STATES), None, (CLERK, FINANCE)),
)
# members only; a membership in one of these states may hold (and use) a prepaid account. Not a
# reserved one, kept without rights: its account cannot be charged until it is reinstated.
MEMBER_STATES = ("active", "suspended", "absent")
# Payment states in which the money counts as paid in (the payment's journal entry is posted).
PAID_PAYMENT_STATES = ("in_process", "paid")
ACTIVITY_FUNDS = "golf_membership.mail_act_golf_prepaid_funds"
ACTIVITY_LOW_BALANCE = "golf_membership.mail_act_golf_prepaid_low_balance"


class GolfPrepaidAccount(models.Model):
    _name = "golf.prepaid.account"
    _description = "Golf Prepaid Account"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id.name", "membership_id.name"]
    _workflow_transitions = PREPAID_TRANSITIONS
    _workflow_fields = (
        "date_funds_confirmed", "funds_confirmed_by_id", "date_approved", "approved_by_id", "date_closed",
        "close_mode", "refund_payment_id", "low_balance_warned",
    )
    _workflow_draft_fields = ("membership_id", "partner_id", "company_id")

    name = fields.Char(
        string="Agreement Number", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, tracking=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    membership_id = fields.Many2one(
        "golf.membership", required=True, tracking=True, index=True, check_company=True,
        domain=[("state", "in", MEMBER_STATES)],
        help="Only members may open a prepaid account.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Account Holder", required=True, tracking=True, index=True, check_company=True,
        compute="_compute_partner_id", store=True, readonly=False, precompute=True,
        help="Who pays in and is invoiced: the holder of the membership.",
    )
    member_partner_id = fields.Many2one(related="membership_id.member_partner_id", string="Member")
    user_id = fields.Many2one(
        "res.users", string="Member-Services Clerk", default=lambda self: self.env.user, tracking=True,
        domain=[("share", "=", False)],
        help="The clerk who follows the spending with finance.", groups="base.group_user",
    )
    state = fields.Selection(
        PREPAID_STATES, default="draft", required=True, tracking=True, index=True, copy=False, group_expand=True
    )
    date_agreement = fields.Date(string="Agreement Date", default=fields.Date.context_today, tracking=True)
    signer_ids = fields.Many2many(
        "res.partner", "golf_prepaid_account_signer_rel", "account_id", "partner_id",
        string="Authorised Signers", compute="_compute_signer_ids", store=True, readonly=False,
        help="The persons named in the sign-for-charge application; only they may sign for charges.",
    )
    credit_limit = fields.Monetary(
        tracking=True, help="How far charges may take the balance below zero.",
    )
    low_balance_threshold = fields.Monetary(
        tracking=True,
        help="When the balance falls below this amount the member is told and member services get "
             "an activity.",
    )
    invoice_grouping = fields.Selection(
        [("charge", "One invoice per charge, at once"), ("day", "One invoice per day, by the daily run")],
        string="Invoicing", default="charge", required=True, tracking=True,
    )

    # the papers of the agreement.
    agreement_signed = fields.Boolean(
        tracking=True, help="The member signed two copies of the agreement.",
    )
    application_signed = fields.Boolean(
        string="Sign-for-Charge Application", tracking=True,
        help="The sign-for-charge application naming who may sign was received.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", "golf_prepaid_account_attachment_rel", "account_id", "attachment_id",
        string="Signed Copies", help="Scans of the stamped agreement and the sign-for-charge application.",
    )
    date_funds_confirmed = fields.Date(string="Funds Confirmed On", readonly=True, copy=False, tracking=True)
    funds_confirmed_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, groups="base.group_user"
    )
    date_approved = fields.Date(string="Approved On", readonly=True, copy=False, tracking=True)
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, groups="base.group_user"
    )
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False, tracking=True)
    close_mode = fields.Selection(
        [("refund", "Refunded"), ("carry", "Carried Forward")], string="Remaining Balance",
        readonly=True, copy=False, tracking=True,
    )
    refund_payment_id = fields.Many2one("account.payment", readonly=True, copy=False)
    low_balance_warned = fields.Boolean(
        readonly=True, copy=False, help="The member was told the balance is low; reset when it is topped up.",
    )
    note = fields.Html(groups="base.group_user")

    charge_ids = fields.One2many("golf.prepaid.charge", "account_id", string="Charges")
    payment_ids = fields.One2many("account.payment", "golf_prepaid_account_id", string="Payments", readonly=True)
    invoice_ids = fields.Many2many("account.move", compute="_compute_invoice_ids", string="Invoices")

    amount_paid_in = fields.Monetary(
        string="Paid In", compute="_compute_amounts", store=True,
        help="Customer payments registered on this account, less refunds paid out.",
    )
    amount_charged = fields.Monetary(string="Charged", compute="_compute_amounts", store=True)
    balance = fields.Monetary(
        compute="_compute_amounts", store=True,
        help="What was paid in minus what was charged.",
    )
    amount_available = fields.Monetary(
        string="Available", compute="_compute_amounts", store=True,
        help="The balance plus the credit limit: the most a new charge may be.",
    )

    statement_date_from = fields.Date(string="Statement From", help="Empty: the first day of last month.")
    statement_date_to = fields.Date(string="Statement To", help="Empty: the last day of last month.")

    charge_count = fields.Integer(compute="_compute_counts")
    payment_count = fields.Integer(compute="_compute_counts")
    invoice_count = fields.Integer(compute="_compute_counts")

    can_submit = fields.Boolean(compute="_compute_workflow_buttons")
    can_reset = fields.Boolean(compute="_compute_workflow_buttons")
    can_confirm_funds = fields.Boolean(compute="_compute_workflow_buttons")
    can_approve = fields.Boolean(compute="_compute_workflow_buttons")
    can_close = fields.Boolean(compute="_compute_workflow_buttons")
    can_send_statement = fields.Boolean(compute="_compute_workflow_buttons")

    _number_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "The agreement number must be unique.",
    )
    _limits_positive = models.Constraint(
        "CHECK(credit_limit >= 0 AND low_balance_threshold >= 0)",
        "The credit limit and the low balance threshold cannot be negative.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("membership_id")
    def _compute_partner_id(self):
        for account in self:
            if account.membership_id:
                account.partner_id = account.membership_id.partner_id

    @api.depends("membership_id")
    def _compute_signer_ids(self):
        """By default the member who plays signs; the application may name others (R-2.1)."""
        for account in self:
            if not account.signer_ids and account.membership_id:
                account.signer_ids = account.membership_id.member_partner_id

    @api.depends("charge_ids.invoice_id")
    def _compute_invoice_ids(self):
        for account in self:
            account.invoice_ids = account.charge_ids.invoice_id

    @api.depends(
        "credit_limit",
        "payment_ids.state", "payment_ids.amount_company_currency_signed",
        "charge_ids.state", "charge_ids.amount",
    )
    def _compute_amounts(self):
        """R-2.3: balance = money paid in (posted customer payments, refunds negative) - posted charges.
        Two grouped queries for the whole batch."""
        ids = [account_id for account_id in self._origin.ids if account_id]
        paid_in, charged = {}, {}
        if ids:
            paid_in = {
                account.id: amount
                for account, amount in self.env["account.payment"].sudo()._read_group(
                    [("golf_prepaid_account_id", "in", ids), ("state", "in", PAID_PAYMENT_STATES)],
                    ["golf_prepaid_account_id"], ["amount_company_currency_signed:sum"],
                )
            }
            charged = {
                account.id: amount
                for account, amount in self.env["golf.prepaid.charge"].sudo()._read_group(
                    [("account_id", "in", ids), ("state", "=", "posted")],
                    ["account_id"], ["amount:sum"],
                )
            }
        for account in self:
            account_id = account._origin.id
            account.amount_paid_in = paid_in.get(account_id, 0.0)
            account.amount_charged = charged.get(account_id, 0.0)
            account.balance = account.amount_paid_in - account.amount_charged
            account.amount_available = account.balance + account.credit_limit

    @api.depends("charge_ids", "payment_ids", "charge_ids.invoice_id")
    def _compute_counts(self):
        charges = dict(self.env["golf.prepaid.charge"]._read_group(
            [("account_id", "in", self.ids)], ["account_id"], ["__count"]))
        payments = dict(self.env["account.payment"]._read_group(
            [("golf_prepaid_account_id", "in", self.ids)], ["golf_prepaid_account_id"], ["__count"]))
        for account in self:
            account.charge_count = charges.get(account._origin, 0)
            account.payment_count = payments.get(account._origin, 0)
            account.invoice_count = len(account.invoice_ids)

    @api.depends("date_funds_confirmed", "amount_paid_in", "membership_id.state")
    def _compute_workflow_buttons(self):
        """The guards of confirm_funds and approve read the money and the membership as well as the state."""
        return super()._compute_workflow_buttons()

    # ------------------------------------------------------------------ constraints

    @api.constrains("membership_id", "partner_id")
    def _check_member(self):
        """R-2: members only; the account belongs to the holder of a running membership."""
        for account in self:
            membership = account.membership_id
            if membership.partner_id.commercial_partner_id != account.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The prepaid account %(account)s must belong to the holder of membership %(membership)s.",
                        account=account.display_name, membership=membership.display_name,
                    )
                )
            if account.state != "closed" and membership.state not in MEMBER_STATES:
                raise ValidationError(
                    self.env._(
                        "Only members may open a prepaid account: membership %(membership)s is %(state)s.",
                        membership=membership.display_name,
                        state=dict(membership._fields["state"]._description_selection(self.env))[membership.state],
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "golf.prepaid.account") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if "credit_limit" in vals:
            self._check_credit_limit_change()
        return super().write(vals)

    def _check_credit_limit_change(self):
        """R-2.3: the credit allowed beyond the balance is part of what finance and management approved; once
        the agreement is submitted only finance changes it. The holder of a submitted agreement is locked by
        ``_workflow_draft_fields``."""
        if self.env.su or self.env.user.has_group(FINANCE) or all(account.state == "draft" for account in self):
            return
        raise AccessError(self.env._("You are not allowed to change the credit limit of a prepaid account."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty_drafts(self):
        for account in self:
            if account.state != "draft" or account.payment_ids or account.charge_ids:
                raise UserError(
                    self.env._(
                        "Prepaid account %(account)s has a history and cannot be deleted; close it instead.",
                        account=account.display_name,
                    )
                )

    # ------------------------------------------------------------------ helpers

    def _confirm_funds_refusal(self):
        """R-2.2: finance confirms once, and only money actually received (a posted payment on the account)."""
        self.ensure_one()
        if self.date_funds_confirmed:
            return self.env._(
                "Finance already confirmed the funds of prepaid account %(account)s on %(date)s.",
                account=self.display_name, date=self.date_funds_confirmed,
            )
        if self.currency_id.compare_amounts(self.amount_paid_in, 0) <= 0:
            return self.env._(
                "No money has been received for prepaid account %(account)s: register the customer "
                "payment with this prepaid account first.", account=self.display_name,
            )
        return False

    def _approval_refusal(self):
        """R-2.2: no approval before finance has confirmed the money; R-2: members only."""
        self.ensure_one()
        if not self.date_funds_confirmed:
            return self.env._("Finance must first confirm that the money for %(account)s has arrived.",
                              account=self.display_name)
        return self._membership_refusal()

    def _membership_refusal(self):
        """R-2: an account is used only while its membership runs, and not while it is reserved (R-12.2)."""
        self.ensure_one()
        if self.membership_id.state == "reserved":
            return self.env._(
                "Membership %(membership)s is reserved, without rights: prepaid account %(account)s cannot be used "
                "until it is reinstated.", membership=self.membership_id.display_name, account=self.display_name,
            )
        if self.membership_id.state not in MEMBER_STATES:
            return self.env._(
                "Membership %(membership)s is no longer running: prepaid account %(account)s cannot be used.",
                membership=self.membership_id.display_name, account=self.display_name,
            )
        return False

    def _workflow_action_label(self, action):
        if action == "send_statement":
            return self.env._("send the statement")
        return super()._workflow_action_label(action)

    def _check_running_membership(self):
        for account in self:
            refusal = account._membership_refusal()
            if refusal:
                raise UserError(refusal)

    def _check_papers(self):
        """R-2.1: the signers are named and both papers signed."""
        for account in self:
            if not account.signer_ids:
                raise UserError(
                    self.env._("Name at least one person allowed to sign for charges on %(account)s.",
                               account=account.display_name)
                )
            if not (account.agreement_signed and account.application_signed):
                raise UserError(
                    self.env._(
                        "Prepaid account %(account)s needs the two signed copies of the agreement and the "
                        "sign-for-charge application.", account=account.display_name,
                    )
                )

    def _golf_receivable_lines(self):
        """Open receivable items of the account: its charge invoices and its payments (in and out)."""
        moves = self.invoice_ids | self.sudo().payment_ids.move_id
        return moves.sudo().line_ids.filtered(
            lambda line: line.parent_state == "posted"
            and line.account_id.account_type == "asset_receivable"
            and line.account_id.reconcile
            and not line.reconciled
        )

    def _golf_reconcile(self):
        """Settle the account's charge invoices with its money: the partner's receivable then shows exactly
        what the club still owes the member (or what the member owes beyond the balance)."""
        for account in self:
            lines = account._golf_receivable_lines()
            for group in lines.grouped("account_id").values():
                currency = account.currency_id
                debit = any(currency.compare_amounts(line.amount_residual, 0) > 0 for line in group)
                credit = any(currency.compare_amounts(line.amount_residual, 0) < 0 for line in group)
                if debit and credit:
                    group.with_company(account.company_id).reconcile()

    def _golf_check_low_balance(self):
        """R-2.3: below the threshold, the member is told and member services get an activity, once per
        crossing; topping up above the threshold re-arms the warning. An automatic rule: the flag is written
        as superuser whoever posted the charge or the payment."""
        for account in self.filtered(lambda a: a.state == "active"):
            low = account.currency_id.compare_amounts(account.balance, account.low_balance_threshold) < 0
            if low and not account.low_balance_warned:
                account._golf_warn_low_balance()
                account.sudo().low_balance_warned = True
            elif not low and account.low_balance_warned:
                account.sudo().low_balance_warned = False
                account.activity_feedback([ACTIVITY_LOW_BALANCE], feedback=self.env._("The account was topped up."))

    def _golf_warn_low_balance(self):
        self.ensure_one()
        template = self.env.ref("golf_membership.mail_template_golf_prepaid_low_balance", raise_if_not_found=False)
        if template:
            self.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
        clerk = self.user_id if self.user_id and not self.user_id.share else False
        if not clerk or not clerk.has_group(CLERK):
            clerk = self.company_id._golf_responsible_user(CLERK)
        reader = for_reader(self, clerk)
        reader.activity_schedule(
            ACTIVITY_LOW_BALANCE, user_id=clerk.id,
            note=reader.env._(
                "The balance of prepaid account %(account)s is %(balance)s, below %(threshold)s: follow up with "
                "the member and finance.", account=self.name,
                balance=self.currency_id.format(self.balance),
                threshold=self.currency_id.format(self.low_balance_threshold),
            ),
        )

    # ------------------------------------------------------------------ actions

    def action_submit(self):
        """R-2.1: the signed agreement and sign-for-charge application go to finance."""
        self._check_action("submit")
        self._check_running_membership()
        self._check_papers()
        self._apply_action("submit")
        self.filtered(lambda a: not a.date_funds_confirmed)._schedule_funds_confirmation()
        return True

    def _schedule_funds_confirmation(self):
        """R-2.2: finance's to-do: confirm that the money has arrived."""
        for account in self:
            finance = account.company_id._golf_responsible_user(FINANCE)
            reader = for_reader(account, finance)
            reader.activity_schedule(
                ACTIVITY_FUNDS, user_id=finance.id,
                note=reader.env._(
                    "Confirm that the money for prepaid account %(account)s has arrived.", account=account.name,
                ),
            )

    def action_reset_draft(self):
        self._take_action("reset")
        return True

    def action_confirm_funds(self):
        """R-2.2: finance confirms the money has arrived: at least one posted payment on the account."""
        self._check_action("confirm_funds")
        self._apply_action(
            "confirm_funds", date_funds_confirmed=fields.Date.context_today(self), funds_confirmed_by_id=self.env.uid,
        )
        self.activity_feedback([ACTIVITY_FUNDS])
        for account in self:
            account.message_post(
                body=self.env._("Finance confirmed that %(amount)s has arrived.",
                                amount=account.currency_id.format(account.amount_paid_in))
            )
        return True

    def action_approve(self):
        """R-2.2: once finance has confirmed the money, management or finance approves the contract
        approval form and the agreement is in force."""
        self._check_action("approve")
        today = fields.Date.context_today(self)
        self._apply_action("approve", date_approved=today, approved_by_id=self.env.uid)
        self.activity_feedback([ACTIVITY_FUNDS])
        for account in self:
            account.message_post(
                body=self.env._("Agreement approved: in force from %(date)s. Stamp it, give the member one copy "
                                "and file the other.", date=today)
            )
        self._golf_check_low_balance()
        return True

    def action_close(self, refund=None, journal=None):
        """No more charges; the remaining balance is refunded by an outbound customer payment reconciled
        with the money paid in (``refund=True``, the default) or carried as agreed (``refund=False``)."""
        self._check_action("close")
        if refund is None:
            refund = self.env.context.get("golf_prepaid_refund", True)
        for account in self:
            account._golf_close(refund, journal)
        self.activity_unlink([ACTIVITY_FUNDS, ACTIVITY_LOW_BALANCE])
        return True

    def _golf_close(self, refund, journal=None):
        """Cancel the draft charges, invoice the posted ones, close, and refund or carry what remains."""
        self.ensure_one()
        self.charge_ids.filtered(lambda c: c.state == "draft")._apply_action("cancel")
        self.charge_ids.filtered(lambda c: c.state == "posted" and not c.invoice_id)._golf_invoice()
        balance = self.balance
        remains = self.currency_id.compare_amounts(balance, 0) > 0
        # The refund is posted once the account is closed: a closed account is not warned of a low balance.
        payment = self._golf_refund_payment(balance, journal) if remains and refund else self.env["account.payment"]
        close_mode = "refund" if payment else remains and "carry"
        self._apply_action(
            "close", date_closed=fields.Date.context_today(self), close_mode=close_mode, refund_payment_id=payment.id,
        )
        if payment:
            payment.action_post()
        self.message_post(body=self._golf_close_message(balance, payment))

    def _golf_close_message(self, balance, payment):
        currency = self.currency_id
        if payment:
            return self.env._("Account closed: the remaining balance of %(amount)s is refunded by %(payment)s.",
                              amount=currency.format(balance), payment=payment.display_name)
        if currency.compare_amounts(balance, 0) > 0:
            return self.env._("Account closed: the remaining balance of %(amount)s is carried forward as agreed; "
                              "it stays a credit of the member.", amount=currency.format(balance))
        if currency.compare_amounts(balance, 0) < 0:
            return self.env._("Account closed: the member still owes %(amount)s on the open charge invoices.",
                              amount=currency.format(-balance))
        return self.env._("Account closed: nothing remains on it.")

    def _golf_refund_journal(self, journal=None):
        self.ensure_one()
        if journal:
            return journal
        inbound = self.sudo().payment_ids.filtered(
            lambda p: p.payment_type == "inbound" and p.state in PAID_PAYMENT_STATES
        ).sorted(lambda p: (p.date, p.id))
        return inbound[-1:].journal_id or self.env["account.journal"].search([
            *self.env["account.journal"]._check_company_domain(self.company_id), ("type", "=", "bank"),
        ], limit=1)

    def _golf_refund_payment(self, amount, journal=None):
        """The draft payment of ``amount`` back to the member; posted, it settles against the money paid in."""
        self.ensure_one()
        journal = self._golf_refund_journal(journal)
        if not journal:
            raise UserError(self.env._("No bank journal to refund prepaid account %(account)s.",
                                       account=self.display_name))
        return self.env["account.payment"].with_company(self.company_id).create({
            "payment_type": "outbound",
            "partner_type": "customer",
            "partner_id": self.partner_id.id,
            "amount": amount,
            "journal_id": journal.id,
            "date": fields.Date.context_today(self),
            "memo": self.env._("Refund of prepaid account %(account)s", account=self.name),
            "golf_prepaid_account_id": self.id,
        })

    # ------------------------------------------------------------------ statement

    def _statement_period(self, date_from=None, date_to=None):
        """The period of a statement: as given (the member portal's last twelve months), else as set on the
        account, else last month."""
        self.ensure_one()
        first_of_month = fields.Date.context_today(self).replace(day=1)
        date_from = date_from or self.statement_date_from or first_of_month - relativedelta(months=1)
        date_to = date_to or self.statement_date_to or first_of_month - relativedelta(days=1)
        return fields.Date.to_date(date_from), fields.Date.to_date(date_to)

    def _get_statement_data(self, date_from=None, date_to=None):
        """Money in, charges and balance of the period, with the opening and closing balances (R-2.3), as the
        statement builder ``golf.prepaid.statement`` makes them for the PDF and the member's page."""
        self.ensure_one()
        return self.env["golf.prepaid.statement"]._statement_data(self, *self._statement_period(date_from, date_to))

    def action_print_statement(self):
        return self.env.ref("golf_membership.action_report_golf_prepaid_statement").report_action(self)

    def action_print_approval_form(self):
        return self.env.ref("golf_membership.action_report_golf_prepaid_approval").report_action(self)

    def action_send_statement(self, date_from=None, date_to=None):
        """R-2.3: e-mail the statement of the period (PDF attached) to the member."""
        self._check_action("send_statement")
        if date_from or date_to:
            self.write({"statement_date_from": date_from, "statement_date_to": date_to})
        template = self.env.ref("golf_membership.mail_template_golf_prepaid_statement")
        for account in self:
            account.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
        return True

    # ------------------------------------------------------------------ smart buttons

    def action_view_payments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_account_payments")
        action["domain"] = [("golf_prepaid_account_id", "=", self.id)]
        action["context"] = {
            "default_golf_prepaid_account_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_payment_type": "inbound",
            "default_partner_type": "customer",
            "default_memo": self.name,
        }
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_view_charges(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("golf_membership.golf_prepaid_charge_action")
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    # ------------------------------------------------------------------ online top-up (account_payment)

    def _golf_top_up_token(self):
        """The token of this account's top-up page: whoever holds it may pay money into the account online, as
        anyone may at the desk; it shows nothing but the account's number and balance."""
        self.ensure_one()
        return payment_utils.generate_access_token(self.partner_id.id, self.id, env=self.env)

    def _golf_check_top_up_token(self, token):
        self.ensure_one()
        return bool(token) and consteq(token, self._golf_top_up_token())

    def _golf_top_up_url(self):
        """The full address of the page where the member tops this account up online (R-2.3); False once the
        account is closed."""
        self.ensure_one()
        if self.state == "closed":
            return False
        return f"{self.get_base_url()}/my/prepaid/{self.id}/top_up?{url_encode({'access_token': self._golf_top_up_token()})}"

    def _golf_top_up_payment_url(self, amount):
        """Odoo's payment page (/payment/pay) for ``amount`` paid into this account by its holder."""
        self.ensure_one()
        partner, currency = self.partner_id, self.currency_id
        return "/payment/pay?" + url_encode({
            "reference": self.name,
            "amount": amount,
            "currency_id": currency.id,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "access_token": payment_utils.generate_access_token(partner.id, amount, currency.id, env=self.env),
            "golf_prepaid_account_id": self.id,
            "golf_token": self._golf_top_up_token(),
        })
