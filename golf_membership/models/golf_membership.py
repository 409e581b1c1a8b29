from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .golf_activity import for_reader, schedule_activity_once
from .golf_membership_card import HELD_STATES
from .golf_workflow_mixin import CLERK, DIRECTOR, FINANCE, MANAGER, SUPERVISOR, SYSTEM, Transition

MEMBERSHIP_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("deferred", "Deferred"),
    ("rejected", "Rejected"),
    ("active", "Active"),
    ("cancelled", "Cancelled"),
    ("suspended", "Suspended"),
    ("absent", "Absent"),
    ("reserved", "Reserved"),
    ("historical", "Historical"),
]
RUNNING_STATES = ("approved", "active", "suspended", "absent", "reserved")

# Who may move a membership from which state to which (R-1.3 to,
# A reservation (保留会籍) waives the dues: the club decides it at the level that decides an absence
# (the marketing director, R-9.3); the member's return to rights and dues is lifted by member services'
# supervisor, as a suspension is.
# finance confirms the money received while the file is examined; the director approves once the deposit
# is received, unless club management, which may waive any term of the application (球会拥有绝对权力的修订、
# 增加或豁免入会申请的任何条款及条件), authorised the approval without it, with a reason on record.
MEMBERSHIP_TRANSITIONS = (
    Transition("submit", ("draft", "deferred"), "submitted", (CLERK,)),
    Transition("confirm_funds", ("submitted", "approved", "active"), None, (FINANCE,), guard="_confirm_funds_refusal"),
    Transition("override_deposit", ("submitted",), None, (MANAGER,), guard="_override_deposit_refusal"),
    Transition("approve", ("submitted",), "approved", (DIRECTOR,), guard="_approve_refusal"),
    Transition("defer", ("submitted",), "deferred", (DIRECTOR,)),
    Transition("reject", ("submitted", "deferred"), "rejected", (DIRECTOR,)),
    Transition("cancel", ("approved",), "cancelled", (SUPERVISOR,)),
    Transition("suspend", ("active",), "suspended", (SUPERVISOR,)),
    Transition("reinstate", ("suspended", "reserved"), "active", (SUPERVISOR,)),
    Transition("reserve", ("active",), "reserved", (DIRECTOR,)),
    Transition("withdraw", RUNNING_STATES, "historical", (MANAGER,)),
    # Taken by the module's own rules: a payment registered, a date reached, a change document completed.
    Transition("activate", ("approved",), "active", SYSTEM),
    Transition("suspend_for_dues", ("active",), "suspended", SYSTEM),
    Transition("reinstate_after_dues", ("suspended",), "active", SYSTEM),
    Transition("start_absence", ("active",), "absent", SYSTEM),
    Transition("end_absence", ("absent",), "active", SYSTEM),
    Transition("end", RUNNING_STATES, "historical", SYSTEM),
)

# R-3.1 / R-6.3 / R-12.2: the membership's actions that take the dependents' rights with the member's, and give
# them back.
DEPENDENTS_SUSPENDED_BY = ("suspend", "suspend_for_dues", "reserve")
DEPENDENTS_RESUMED_BY = ("reinstate", "reinstate_after_dues")

# Workflow steps the member is told of by e-mail (issue 13.4): step -> event (template mail_template_golf_<event>).
MEMBER_NOTIFIED_STEPS = {
    "suspend": "membership_suspended",
    "suspend_for_dues": "membership_suspended",
    "reinstate": "membership_reinstated",
    "reinstate_after_dues": "membership_reinstated",
}

HISTORICAL_REASONS = [
    ("transferred", "Transferred"),
    ("nominee_changed", "Nominee Changed"),
    ("withdrawn", "Withdrawn"),
    ("expelled", "Expelled"),
]

class GolfMembership(models.Model):
    _name = "golf.membership"
    _description = "Golf Membership"
    _inherit = [
        "golf.workflow.mixin", "mail.thread", "mail.activity.mixin", "portal.mixin",
        "golf.membership.invoicing", "golf.membership.dues", "golf.membership.daily",
        "golf.membership.reservation",
    ]
    _order = "date_application desc, id desc"
    _check_company_auto = True
    _workflow_transitions = MEMBERSHIP_TRANSITIONS
    _workflow_fields = (
        "date_approved", "date_balance_due", "date_start", "date_end", "historical_reason", "decision_note",
        "suspended_for_dues", "deposit_invoice_id", "balance_invoice_id", "predecessor_id", "successor_id",
        "date_reserved", "date_funds_confirmed", "funds_confirmed_by_id", "deposit_override_by_id",
        "date_deposit_override", "deposit_override_reason",
    )
    # What was applied for, and what the deposit and the balance are computed from.
    _workflow_draft_fields = (
        "partner_id", "nominee_id", "type_id", "phase_id", "price", "payment_mode", "installment_count",
        "company_id", "installment_plan",
    )
    _workflow_draft_states = ("draft", "deferred")
    # The front desk finds a membership by number, holder, nominee, phone in any spelling or card number.
    _rec_names_search = [
        "name", "partner_id.name", "nominee_id.name", "partner_id.golf_phone_search",
        "nominee_id.golf_phone_search", "card_ids.number",
    ]

    def _default_phase(self):
        return self.env["golf.membership.phase"].search(
            [("company_id", "=", self.env.company.id), ("state", "=", "open")], limit=1
        )

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", index="trigram")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, tracking=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    partner_id = fields.Many2one(
        "res.partner", string="Holder", required=True, tracking=True, index=True, check_company=True,
        help="The member: a person, or the company holding a corporate membership.",
    )
    nominee_id = fields.Many2one(
        "res.partner", tracking=True, index="btree_not_null", check_company=True,
        help="The person who uses a corporate membership.",
    )
    member_partner_id = fields.Many2one(
        "res.partner", string="Member", compute="_compute_member_partner_id", store=True, index=True,
        help="The person who plays: the nominee of a corporate membership, otherwise the holder.",
    )
    member_id_number = fields.Char(
        related="member_partner_id.golf_id_number", string="ID Number",
        groups="golf_membership.group_golf_clerk",
    )
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    # what the club notes about a member stays internal (not readable by portal users).
    user_id = fields.Many2one(
        "res.users", string="Sales Representative", default=lambda self: self.env.user, tracking=True,
        domain=[("share", "=", False)], groups="base.group_user",
    )
    type_id = fields.Many2one(
        "golf.membership.type", string="Tier", required=True, tracking=True, check_company=True, index=True
    )
    kind = fields.Selection(related="type_id.kind", store=True)
    phase_id = fields.Many2one(
        "golf.membership.phase", string="Sales Phase", tracking=True, check_company=True, index=True,
        default=lambda self: self._default_phase(),
    )
    price = fields.Monetary(
        compute="_compute_price", store=True, readonly=False, precompute=True, tracking=True,
        help="Membership price of the tier in the sales phase.",
    )
    payment_mode = fields.Selection(
        [("full", "Full Payment"), ("installment", "Instalments")], default="full", required=True, tracking=True
    )
    installment_count = fields.Integer(
        string="Instalments", compute="_compute_installment_count", store=True, readonly=False, precompute=True,
        tracking=True,
    )
    installment_plan = fields.Selection(
        [("monthly", "Equal Monthly Instalments"), ("contract", "Contract Schedule")],
        string="Instalment Plan", default="monthly", required=True, tracking=True,
        help="Equal monthly instalments, or the amounts and percentages on the dates of the contract.",
    )
    installment_line_ids = fields.One2many(
        "golf.membership.installment", "membership_id", string="Instalment Schedule", copy=True,
    )
    date_application = fields.Date(
        string="Application Date", default=fields.Date.context_today, required=True, tracking=True
    )
    date_approved = fields.Date(string="Approval Date", readonly=True, copy=False, tracking=True)
    date_balance_due = fields.Date(
        string="Balance Due", readonly=True, copy=False, tracking=True,
        help="The balance is due a number of days after the deposit is paid (set in the settings).",
    )
    # what the approver sees of the money: the deposit received, finance's check, or management's
    # authorisation to approve without the deposit.
    deposit_received = fields.Boolean(compute="_compute_deposit_received")
    date_deposit_paid = fields.Date(compute="_compute_deposit_received", string="Deposit Paid On")
    date_funds_confirmed = fields.Date(string="Funds Confirmed On", readonly=True, copy=False, tracking=True)
    funds_confirmed_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True,
        help="Finance checked the money received (deposit, amounts).",
    )
    deposit_override_by_id = fields.Many2one(
        "res.users", string="Approval Without Deposit Authorised By", readonly=True, copy=False, tracking=True,
    )
    date_deposit_override = fields.Date(string="Authorised On", readonly=True, copy=False)
    deposit_override_reason = fields.Text(
        string="Reason for Approval Without Deposit", readonly=True, copy=False, groups="base.group_user",
    )
    date_start = fields.Date(string="Official Start", readonly=True, copy=False, tracking=True)
    date_end = fields.Date(string="End Date", readonly=True, copy=False, tracking=True)
    date_reserved = fields.Date(
        string="Reserved Since", readonly=True, copy=False, tracking=True,
        help="The membership is kept without rights and without dues since this day, until it is reinstated.",
    )
    state = fields.Selection(
        MEMBERSHIP_STATES, default="draft", required=True, tracking=True, index=True, copy=False,
        group_expand=True,
    )
    historical_reason = fields.Selection(HISTORICAL_REASONS, readonly=True, copy=False, tracking=True)
    decision_note = fields.Text(
        copy=False, groups="base.group_user", help="Internal note on a deferral or rejection.",
    )
    key_member = fields.Boolean(tracking=True, groups="base.group_user")
    suspended_for_dues = fields.Boolean(
        readonly=True, copy=False, groups="base.group_user", help="Suspended automatically for dues unpaid too long; reinstated "
        "automatically once everything overdue is paid.",
    )
    note = fields.Html(groups="base.group_user")

    dependent_ids = fields.One2many("golf.membership.dependent", "membership_id", string="Dependents")
    card_ids = fields.One2many("golf.membership.card", "membership_id", string="Cards")
    # The documents of a transferee or a new nominee join the file when the change is completed.
    document_ids = fields.One2many(
        "golf.membership.document", "membership_id", string="Documents",
        domain=["|", ("transfer_id", "=", False), ("transfer_id.state", "=", "done"),
                "|", ("nominee_change_id", "=", False), ("nominee_change_id.state", "=", "done")],
    )
    invoice_ids = fields.One2many("account.move", "golf_membership_id", string="Invoices", readonly=True)
    dues_status_ids = fields.One2many(
        "golf.membership.dues.status", "membership_id", string="Payments per Year", readonly=True
    )
    bag_storage_ids = fields.One2many("golf.bag.storage", "membership_id")
    absence_ids = fields.One2many("golf.membership.absence", "membership_id", string="Absences")
    transfer_ids = fields.One2many("golf.membership.transfer", "membership_id", string="Transfers")
    nominee_change_ids = fields.One2many("golf.membership.nominee.change", "membership_id", string="Nominee Changes")
    # every nominee of a corporate membership, with the days from and to which he or she used it.
    nominee_history_ids = fields.One2many("golf.membership.nominee", "membership_id")
    change_request_ids = fields.One2many(
        "golf.membership.change.request", "membership_id", string="Address and Name Changes"
    )
    violation_ids = fields.One2many("golf.membership.violation", "membership_id", string="Violations")
    predecessor_id = fields.Many2one("golf.membership", string="Previous Membership", readonly=True, copy=False)
    successor_id = fields.Many2one("golf.membership", string="Next Membership", readonly=True, copy=False)

    deposit_invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    balance_invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    admission_amount_total = fields.Monetary(compute="_compute_admission_amounts", string="Admission Total")
    admission_amount_paid = fields.Monetary(compute="_compute_admission_amounts", string="Admission Paid")
    admission_amount_due = fields.Monetary(compute="_compute_admission_amounts", string="Admission Outstanding")
    admission_paid = fields.Boolean(
        compute="_compute_admission_amounts", string="Admission Fully Paid",
        help="The certificate is issued only once everything is paid.",
    )
    admission_due_alert = fields.Text(
        compute="_compute_admission_due_alert", string="Admission Still Due",
        help="The admission invoices (deposit, balance) not fully paid yet, with what each still owes.",
    )

    invoice_count = fields.Integer(compute="_compute_counts")
    dependent_count = fields.Integer(compute="_compute_counts")
    card_count = fields.Integer(compute="_compute_counts")
    documents_complete = fields.Boolean(compute="_compute_documents_complete")
    absence_count = fields.Integer(compute="_compute_change_counts")
    transfer_count = fields.Integer(compute="_compute_change_counts")
    nominee_change_count = fields.Integer(compute="_compute_change_counts")
    change_request_count = fields.Integer(compute="_compute_change_counts")
    violation_count = fields.Integer(compute="_compute_change_counts")

    can_submit = fields.Boolean(compute="_compute_workflow_buttons")
    can_approve = fields.Boolean(compute="_compute_workflow_buttons")
    can_confirm_funds = fields.Boolean(compute="_compute_workflow_buttons")
    can_override_deposit = fields.Boolean(compute="_compute_workflow_buttons")
    can_defer = fields.Boolean(compute="_compute_workflow_buttons")
    can_reject = fields.Boolean(compute="_compute_workflow_buttons")
    can_cancel = fields.Boolean(compute="_compute_workflow_buttons")
    can_suspend = fields.Boolean(compute="_compute_workflow_buttons")
    can_reinstate = fields.Boolean(compute="_compute_workflow_buttons")
    can_reserve = fields.Boolean(compute="_compute_workflow_buttons")
    can_withdraw = fields.Boolean(compute="_compute_workflow_buttons")

    _number_company_uniq = models.Constraint("UNIQUE(name, company_id)", "The membership number must be unique.")
    _price_positive = models.Constraint("CHECK(price >= 0)", "The membership price cannot be negative.")
    _installments_range = models.Constraint(
        "CHECK(installment_count >= 1 AND installment_count <= 60)", "Instalments must be between 1 and 60."
    )

    # ------------------------------------------------------------------ computes

    @api.depends("partner_id", "nominee_id", "kind")
    def _compute_member_partner_id(self):
        for membership in self:
            membership.member_partner_id = (
                membership.nominee_id if membership.kind == "corporate" and membership.nominee_id
                else membership.partner_id
            )

    @api.depends("installment_plan", "installment_line_ids")
    def _compute_installment_count(self):
        """R-1.11: a contract schedule has as many instalments as it has lines."""
        for membership in self:
            if membership.installment_plan == "contract" and membership.installment_line_ids:
                membership.installment_count = len(membership.installment_line_ids)
            elif not membership.installment_count:
                membership.installment_count = 1

    @api.depends("deposit_invoice_id.payment_state", "deposit_invoice_id.state")
    def _compute_deposit_received(self):
        """R-1.3 / R-1.4: the deposit is received once its invoice is paid; the balance runs from that day."""
        for membership in self:
            deposit = membership.sudo()._deposit_invoice()
            received = deposit.payment_state in ("paid", "in_payment")
            membership.deposit_received = received
            membership.date_deposit_paid = received and (deposit._golf_last_payment_date() or deposit.invoice_date)

    @api.depends("type_id", "phase_id")
    def _compute_price(self):
        for membership in self:
            line = membership.phase_id._price_for(membership.type_id) if membership.phase_id else False
            membership.price = line.price if line else membership.type_id.entrance_fee

    @api.depends(
        "state", "deposit_invoice_id.state",
        "deposit_invoice_id.amount_total_signed", "deposit_invoice_id.amount_residual_signed",
        "balance_invoice_id.amount_total_signed", "balance_invoice_id.amount_residual_signed",
    )
    def _compute_admission_amounts(self):
        for membership in self:
            invoices = membership._admission_invoices()
            total = sum(invoices.mapped("amount_total_signed"))
            due = sum(invoices.mapped("amount_residual_signed"))
            membership.admission_amount_total = total
            membership.admission_amount_paid = invoices._golf_paid_amount()
            membership.admission_amount_due = due
            # A membership taken over by transfer was paid for by its predecessor.
            membership.admission_paid = (
                (bool(membership.balance_invoice_id) or bool(membership.predecessor_id))
                and membership.state not in ("cancelled", "rejected")
                and membership.currency_id.is_zero(due)
            )

    @api.depends(
        "state", "deposit_invoice_id.amount_residual", "deposit_invoice_id.state",
        "balance_invoice_id.amount_residual", "balance_invoice_id.state",
    )
    def _compute_admission_due_alert(self):
        """What of the admission is still open, invoice by invoice: a paid balance does not mean a paid
        deposit. Shown to member services too, who may not read the invoices."""
        for membership in self:
            messages = []
            if membership.state not in ("rejected", "cancelled", "historical"):
                for invoice in membership.sudo()._admission_invoices():
                    if invoice.state != "posted" or invoice.currency_id.is_zero(invoice.amount_residual):
                        continue
                    values = {"invoice": invoice.name, "amount": invoice.currency_id.format(invoice.amount_residual)}
                    if invoice == membership.sudo().deposit_invoice_id:
                        messages.append(self.env._("The deposit is still due: %(amount)s on %(invoice)s.", **values))
                    else:
                        messages.append(self.env._("The balance is still due: %(amount)s on %(invoice)s.", **values))
            membership.admission_due_alert = "\n".join(messages) or False

    def _compute_counts(self):
        # Counting is harmless: the committee sees the numbers even without access to the invoices.
        for membership, membership_sudo in zip(self, self.sudo()):
            membership.invoice_count = len(membership_sudo.invoice_ids)
            membership.dependent_count = len(membership_sudo.dependent_ids)
            membership.card_count = len(membership_sudo.card_ids)

    def _compute_change_counts(self):
        for membership, membership_sudo in zip(self, self.sudo()):
            membership.absence_count = len(membership_sudo.absence_ids)
            membership.transfer_count = len(membership_sudo.transfer_ids)
            membership.nominee_change_count = len(membership_sudo.nominee_change_ids)
            membership.change_request_count = len(membership_sudo.change_request_ids)
            membership.violation_count = len(membership_sudo.violation_ids)

    @api.depends("document_ids.required", "document_ids.received")
    def _compute_documents_complete(self):
        for membership in self:
            membership.documents_complete = not membership._missing_documents()

    # ------------------------------------------------------------------ constraints

    @api.constrains("kind", "nominee_id", "partner_id")
    def _check_nominee(self):
        """R-1.2: a corporate membership is used by a nominated person of the holding company."""
        for membership in self:
            if membership.kind != "corporate":
                continue
            if not membership.nominee_id:
                raise ValidationError(
                    self.env._("Corporate membership %(name)s needs a nominee.", name=membership.display_name)
                )
            if membership.nominee_id.is_company or (
                membership.nominee_id.commercial_partner_id != membership.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The nominee %(nominee)s must be a person belonging to the company %(company)s.",
                        nominee=membership.nominee_id.display_name, company=membership.partner_id.display_name,
                    )
                )

    @api.constrains("kind", "partner_id")
    def _check_holder(self):
        for membership in self:
            if membership.kind == "corporate" and not membership.partner_id.is_company:
                raise ValidationError(self.env._("A corporate membership must be held by a company."))

    @api.constrains("payment_mode", "installment_count", "installment_plan")
    def _check_installments(self):
        for membership in self:
            if membership.payment_mode == "installment" and membership.installment_count < 2:
                raise ValidationError(self.env._("An instalment plan needs at least two instalments."))

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("golf.membership") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_keep_history(self):
        """Nothing a club must keep is deleted: only drafts without accounting may go; archive the rest."""
        for membership in self:
            if membership.state != "draft" or membership.invoice_ids:
                raise UserError(
                    self.env._(
                        "Membership %(name)s has a history and cannot be deleted; archive it instead.",
                        name=membership.display_name,
                    )
                )

    # ------------------------------------------------------------------ helpers

    def _apply_action(self, action, **values):
        """R-6.3: only a suspension for dues is lifted by paying; any other change of state clears the mark.
        R-3.1 / R-6.3 / R-12.2: the dependents have no rights while the member has none (suspended, for dues or
        by a sanction, or reserved) and have them back with the member (an absence suspends and resumes the
        dependents it names itself, R-9.6)."""
        if action != "suspend_for_dues":
            values.setdefault("suspended_for_dues", False)
        before = {membership.id: membership.state for membership in self}
        result = super()._apply_action(action, **values)
        self._log_state_changes(before)
        if action in DEPENDENTS_SUSPENDED_BY:
            self.dependent_ids.filtered(lambda d: d.state == "active")._apply_action("suspend")
        elif action in DEPENDENTS_RESUMED_BY:
            self.dependent_ids.filtered(lambda d: d.state == "suspended")._apply_action("resume")
        self._golf_notify_step(action)
        return result

    def _log_state_changes(self, before):
        """R-12.3: each change of state is kept with its day, so the register of a past day can be read."""
        today = fields.Date.context_today(self)
        self.env["golf.membership.state.log"].sudo().create([
            {"membership_id": membership.id, "date": today, "state_from": before[membership.id],
             "state_to": membership.state}
            for membership in self if membership.state != before[membership.id]
        ])

    def _missing_documents(self):
        """The applicant's required documents not received yet (a dependent's own papers block only the
        dependent's approval)."""
        return self.document_ids.filtered(lambda doc: doc.required and not doc.received and not doc.dependent_id)

    def _phase_line(self):
        self.ensure_one()
        return self.phase_id._price_for(self.type_id)

    # ------------------------------------------------------------------ guards of the transitions

    def _approve_refusal(self):
        """R-1.3 / R-1.4: the deposit is received before approval, or management authorised approving without it."""
        self.ensure_one()
        if self.deposit_received or self.deposit_override_by_id or not self._deposit_required():
            return False
        return self.env._(
            "The deposit of %(name)s has not been received: register its payment first, or ask club management to "
            "authorise the approval without it.", name=self.display_name,
        )

    def _deposit_required(self):
        """A tier asking no deposit (R-1.4: the amount is configurable) has none to wait for."""
        self.ensure_one()
        return self.currency_id.compare_amounts(min(self.type_id.deposit_amount, self.price), 0) > 0

    def _confirm_funds_refusal(self):
        """R-1.3: finance confirms money that has arrived, once."""
        self.ensure_one()
        if self.date_funds_confirmed:
            return self.env._("Finance already confirmed the funds of %(name)s on %(date)s.",
                              name=self.display_name, date=self.date_funds_confirmed)
        if not self.deposit_received:
            return self.env._("The deposit of %(name)s has not been received yet.", name=self.display_name)
        return False

    def _override_deposit_refusal(self):
        self.ensure_one()
        if self.deposit_received:
            return self.env._("The deposit of %(name)s has been received: it can be approved as usual.",
                              name=self.display_name)
        if self.deposit_override_by_id:
            return self.env._("%(user)s already authorised the approval of %(name)s without the deposit.",
                              user=self.deposit_override_by_id.name, name=self.display_name)
        return False

    def _check_quota(self, reserve=False):
        """R-1.8: sell only in an open phase, within the tier's quota and the phase's total quota. With ``reserve`` (on approval) the
        phase is written first, so that two approvals of its last place cannot both succeed: the second
        waits for the first and, once the first is committed, fails with a serialization error (Odoo
        retries the request, which then finds the quota used up)."""
        for membership in self:
            phase = membership.phase_id
            if not phase or phase.state != "open":
                raise UserError(
                    self.env._("Membership %(name)s needs an open sales phase.", name=membership.display_name)
                )
            if reserve:
                self.env.cr.execute(SQL(
                    "UPDATE golf_membership_phase SET write_date = NOW() AT TIME ZONE 'UTC' WHERE id = %s", phase.id,
                ))
            line = membership._phase_line()
            phase.line_ids.invalidate_recordset(["sold_count", "remaining_count"])
            if not line:
                raise UserError(
                    self.env._(
                        "Phase %(phase)s does not sell the tier %(tier)s.", phase=phase.name, tier=membership.type_id.name
                    )
                )
            if line.remaining_count <= 0:
                raise UserError(
                    self.env._(
                        "The quota of %(tier)s in phase %(phase)s is used up.",
                        tier=membership.type_id.name, phase=phase.name,
                    )
                )
            phase.invalidate_recordset(["quota_total", "sold_total", "remaining_total"])
            if phase.total_quota and phase.sold_total >= phase.total_quota:
                raise UserError(
                    self.env._(
                        "Phase %(phase)s has sold all its %(quota)s places.", phase=phase.name, quota=phase.total_quota,
                    )
                )

    # ------------------------------------------------------------------ actions

    def action_submit(self):
        """R-1.1 / R-1.4: file the application; the checklist is filled and the deposit invoiced once."""
        self._check_action("submit")
        self._check_quota()
        for membership in self:
            if membership.price <= 0:
                raise UserError(self.env._("Set the price of membership %(name)s.", name=membership.display_name))
        self.env["golf.membership.installment"]._check_schedules(self)
        self.document_ids._ensure_checklist(self)
        to_invoice = self.filtered(lambda m: not m.deposit_invoice_id or m.deposit_invoice_id.state == "cancel")
        if to_invoice:
            invoices = to_invoice._create_posted_invoices([m._prepare_deposit_invoice_vals() for m in to_invoice])
            for membership, invoice in zip(to_invoice, invoices):
                membership.sudo().deposit_invoice_id = invoice
        self._apply_action("submit")
        for membership in self:
            membership._schedule_review_activities()
        return True

    def _schedule_review_activities(self):
        """R-1.3: the director decides; finance reviews the fees paid meanwhile."""
        self.ensure_one()
        director = self.company_id._golf_responsible_user(DIRECTOR)
        finance = self.company_id._golf_responsible_user(FINANCE)
        # A resubmitted (deferred) file keeps the activities still pending: no second one of a kind.
        pending = self.activity_ids.activity_type_id
        review_type = self.env.ref("golf_membership.mail_act_golf_review")
        fee_check_type = self.env.ref("golf_membership.mail_act_golf_fee_check")
        if review_type not in pending:
            reader = for_reader(self, director)
            reader.activity_schedule(
                activity_type_id=review_type.id, user_id=director.id,
                note=reader.env._("Approve, defer or reject the application."),
            )
        if fee_check_type not in pending:
            reader = for_reader(self, finance)
            reader.activity_schedule(
                activity_type_id=fee_check_type.id, user_id=finance.id,
                note=reader.env._("Check that the deposit of %(name)s has been received.",
                                  name=self.name),
            )

    def action_confirm_funds(self):
        """R-1.3: finance has checked the money received (the deposit, the amounts) and says so on the file."""
        self._take_action(
            "confirm_funds", date_funds_confirmed=fields.Date.context_today(self), funds_confirmed_by_id=self.env.uid,
        )
        self.activity_feedback(["golf_membership.mail_act_golf_fee_check"])
        for membership in self:
            membership.message_post(body=self.env._(
                "Finance confirmed the funds received: deposit paid on %(date)s.", date=membership.date_deposit_paid,
            ))
        return True

    def action_override_deposit(self, reason=None):
        """R-1.3 / R-1.4: club management authorises the approval of an application whose deposit has not been
        received; who, when and why are kept on the file and in its history."""
        self._check_action("override_deposit")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for approving without the deposit."))
        self._apply_action(
            "override_deposit", deposit_override_by_id=self.env.uid,
            date_deposit_override=fields.Date.context_today(self), deposit_override_reason=reason,
        )
        for membership in self:
            membership.message_post(body=self.env._(
                "Club management authorised the approval without the deposit received. Reason: %(reason)s",
                reason=reason,
            ))
        return True

    def action_approve(self):
        """R-1.3 / R-1.4 / R-1.6: approve, invoice the balance, send the welcome letter and temporary card.
        R-1.4: the balance is due the balance days after the deposit was paid (缴付定金…后的7天内), not after the
        approval; approved without the deposit (management's authorisation), it is due from the approval."""
        self._check_action("approve")
        for membership in self:
            missing = membership._missing_documents()
            if missing:
                raise UserError(
                    self.env._(
                        "Membership %(name)s cannot be approved: documents missing: %(docs)s.",
                        name=membership.display_name, docs=", ".join(missing.mapped("name")),
                    )
                )
            membership._check_quota(reserve=True)
            today = fields.Date.context_today(membership)
            date_balance_due = (membership.date_deposit_paid or today) + relativedelta(
                days=membership.company_id.golf_balance_days)
            balance_vals = membership._prepare_balance_invoice_vals(today, date_balance_due)
            values = {"date_approved": today, "date_balance_due": date_balance_due}
            if balance_vals:
                values["balance_invoice_id"] = membership._create_posted_invoices([balance_vals]).id
            membership._apply_action("approve", **values)
            membership.phase_id._mark_sold_out_if_full()
        self.activity_feedback(["golf_membership.mail_act_golf_review"])
        self._welcome_new_members()
        self._check_admission_payment()
        return True

    def _welcome_new_members(self):
        """R-1.6: welcome letter and temporary card (issued with the letter); the sales representative
        follows up."""
        today = fields.Date.context_today(self)
        self.env["golf.membership.card"].sudo().create([
            dict(membership._prepare_card_vals("temporary", today), state="issued", date_issued=today)
            for membership in self
        ])
        template = self.env.ref("golf_membership.mail_template_welcome", raise_if_not_found=False)
        for membership in self:
            if template:
                membership.message_post_with_source(template, subtype_xmlid="mail.mt_note")
            sales_rep = membership.user_id or self.env.user
            reader = for_reader(membership, sales_rep)
            reader.activity_schedule(
                "golf_membership.mail_act_golf_card_follow_up", user_id=sales_rep.id,
                note=reader.env._(
                    "Hand over the welcome letter and temporary card; follow up until the member has signed the card."
                ),
            )

    def action_defer(self, reason=None):
        """R-1.3: the club defers at its discretion; the file may be resubmitted without a new deposit."""
        self._take_action("defer", decision_note=reason or False)
        self.activity_feedback(["golf_membership.mail_act_golf_review"])
        for membership in self:
            membership.message_post(body=self.env._("Application deferred. %(reason)s", reason=reason or ""))
        return True

    def action_reject(self, reason=None):
        """R-1.3 / R-1.5: reject; refund what was paid without interest, less the card fee."""
        self._check_action("reject")
        for membership in self:
            refund = membership._refund_admission()
            membership._apply_action("reject", decision_note=reason or False, date_end=fields.Date.context_today(self))
            membership.message_post(
                body=self.env._(
                    "Application rejected. Refund due to the applicant: %(amount)s. %(reason)s",
                    amount=membership.currency_id.format(refund), reason=reason or "",
                )
            )
            if not membership.currency_id.is_zero(refund):
                finance = membership.company_id._golf_responsible_user(FINANCE)
                reader = for_reader(membership, finance)
                reader.activity_schedule(
                    "golf_membership.mail_act_golf_refund", user_id=finance.id,
                    note=reader.env._("Pay the refund of %(amount)s to the applicant.",
                                      amount=membership.currency_id.format(refund)),
                )
        self.activity_unlink(["golf_membership.mail_act_golf_review", "golf_membership.mail_act_golf_fee_check"])
        return True

    def _refund_admission(self):
        """Credit every admission invoice: what is open is cancelled, what was paid is refunded less
        `golf_card_fee_percent` of the card payments (R-1.5). Returns the amount to pay back."""
        self.ensure_one()
        percent = self.company_id.golf_card_fee_percent
        refund_total = 0.0
        for invoice in self._admission_invoices().filtered(lambda inv: inv.state == "posted"):
            paid = invoice._golf_paid_amount()
            card_fee = self.currency_id.round(invoice._golf_card_paid_amount() * percent / 100.0)
            refund = paid - card_fee
            credit = invoice.amount_residual + refund
            if self.currency_id.compare_amounts(credit, 0) > 0:
                label = self.env._("Refund of %(invoice)s on rejection", invoice=invoice.name)
                if card_fee:
                    label = self.env._("%(label)s, less credit-card fee %(fee)s", label=label,
                                       fee=self.currency_id.format(card_fee))
                self._credit_invoice(invoice, credit, label, "refund")
            refund_total += refund
        return refund_total

    def action_cancel(self):
        """R-1.4: the balance was not paid in time; keep what was paid and clear what is still open."""
        self._check_action("cancel")
        today = fields.Date.context_today(self)
        for membership in self:
            if membership.date_balance_due and membership.date_balance_due >= today:
                raise UserError(
                    self.env._(
                        "The balance of %(name)s is due on %(date)s; it can be cancelled only after that date.",
                        name=membership.display_name, date=membership.date_balance_due,
                    )
                )
            # Cancelled first: the credit notes settle the open invoices, which must not read as the
            # admission payment that starts the membership.
            membership._apply_action("cancel", date_end=today)
            for invoice in membership._admission_invoices().filtered(
                lambda inv: inv.state == "posted" and not inv.currency_id.is_zero(inv.amount_residual)
            ):
                membership._credit_invoice(
                    invoice, invoice.amount_residual,
                    self.env._("Cancellation of the unpaid part of %(invoice)s", invoice=invoice.name),
                    "cancellation",
                )
            membership.card_ids.filtered(lambda c: c.state in ("to_issue", "issued"))._cancel_cards()
            membership.dependent_ids.filtered(lambda d: d.state != "cancelled")._apply_action("end", date_end=today)
        self.activity_unlink(["golf_membership.mail_act_golf_balance_overdue",
                              "golf_membership.mail_act_golf_card_follow_up", "golf_membership.mail_act_golf_fee_check"])
        return True

    def action_suspend(self, reason=None):
        self._take_action("suspend")
        for membership in self:
            membership.message_post(body=self.env._("Membership suspended. %(reason)s", reason=reason or ""))
        return True

    def action_reinstate(self, reason=None):
        """Lift a suspension, or a reservation (R-12.2): a reserved membership has its rights and dues again,
        its dependents theirs, and the cards handed in for the reservation are handed back (new cards)."""
        self._check_action("reinstate")
        reserved = self.filtered(lambda m: m.state == "reserved")
        reserved_since = {membership: membership.date_reserved for membership in reserved}
        self._apply_action("reinstate", date_reserved=False)
        reserved._end_reservation(reserved_since)
        for membership in self:
            membership.message_post(body=self.env._("Membership reinstated. %(reason)s", reason=reason or ""))
        return True

    def action_withdraw(self, reason=None):
        """R-12.1 / R-6.4: the member resigns; nothing is refunded."""
        self._check_action("withdraw")
        today = fields.Date.context_today(self)
        self._apply_action("withdraw", historical_reason="withdrawn", date_end=today)
        # The dependent cards end with the membership; cards not made yet are not made (nothing refunded).
        self.dependent_ids.filtered(lambda d: d.state != "cancelled")._apply_action("end", date_end=today)
        self.card_ids.filtered(lambda c: c.state == "to_issue")._cancel_cards()
        for membership in self:
            membership.message_post(body=self.env._("The member resigned. %(reason)s", reason=reason or ""))
        return True

    def action_open_reason_wizard(self):
        """Buttons that need a reason first (defer, reject, suspend, reserve, reinstate, withdraw)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decision Reason"),
            "res_model": "golf.membership.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_membership_ids": self.ids, "default_action": self.env.context.get("golf_action")},
        }

    # ------------------------------------------------------------------ payments and activation

    def _check_admission_payment(self):
        """R-1.7: the membership starts as soon as the payment due now is registered (finance's check of the
        money, R-1.3, is its own step: ``action_confirm_funds``)."""
        for membership in self.filtered(lambda m: m.state == "approved"):
            invoices = membership._admission_invoices()
            paid = invoices._golf_paid_amount()
            if membership.currency_id.compare_amounts(paid, membership._admission_due_now()) >= 0:
                membership._activate(invoices._golf_last_payment_date() or fields.Date.context_today(membership))

    def _activate(self, date_start):
        """R-1.7: cards and bag tag due after the card days, the certificate after the certificate days."""
        self.ensure_one()
        self._apply_action("activate", date_start=date_start)
        self._golf_start_nominee_history(date_start)
        company = self.company_id
        card_due = company._golf_add_working_days(date_start, company.golf_card_days)
        certificate_due = company._golf_add_working_days(date_start, company.golf_certificate_days)
        self.env["golf.membership.card"].sudo().create([
            self._prepare_card_vals("member", card_due),
            self._prepare_card_vals("bag_tag", card_due),
            self._prepare_card_vals("certificate", certificate_due),
        ])
        self.activity_unlink(["golf_membership.mail_act_golf_balance_overdue"])
        self.message_post(body=self.env._("Admission payment received: the membership starts on %(date)s.",
                                          date=date_start))
        # a year already billed by its dues run is billed now, for the months the admission did not bill.
        self.env["golf.billing.run"].sudo()._bill_late_dues_for(self)

    def _golf_start_nominee_history(self, date):
        """R-5.5: a corporate membership's nominee is on record from the day it starts."""
        return self.env["golf.membership.nominee"]._start(self, date)

    def _prepare_card_vals(self, card_type, date_due, dependent=None):
        self.ensure_one()
        return {
            "membership_id": self.id,
            "dependent_id": dependent.id if dependent else False,
            "partner_id": (dependent.partner_id if dependent else self.member_partner_id).id,
            "card_type": card_type,
            "date_due": date_due,
        }

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_balance_overdue(self):
        """R-1.4: the supervisor is told of every balance past its deadline, once."""
        today = fields.Date.context_today(self)
        overdue = self.search([
            ("company_id", "in", self.env.companies.ids), ("state", "=", "approved"), ("date_balance_due", "<", today),
        ])
        schedule_activity_once(
            overdue, "golf_membership.mail_act_golf_balance_overdue", SUPERVISOR,
            lambda membership: membership.env._(
                "The balance of %(name)s was due on %(date)s and is not paid: chase it or cancel the "
                "application.", name=membership.name, date=membership.date_balance_due,
            ),
        )

    # ------------------------------------------------------------------ member notifications

    def _golf_notify_step(self, action):
        """Tell the member of the steps that change their rights, once per event (issue 13.4); on activation,
        invite the member to the portal (issue 13.5)."""
        event = MEMBER_NOTIFIED_STEPS.get(action)
        if event:
            self.env["golf.notification.log"]._send_once(self, event, f"golf_membership.mail_template_golf_{event}")
        if action == "activate":
            self._golf_invite_to_portal()

    def _golf_invite_to_portal(self):
        """The members who have no portal user yet get one, with Odoo's invitation e-mail, where their company
        asks for it (``golf_portal_invite``); a member without a usable e-mail address is left out and member
        services read why in the chatter. Never stops the activation."""
        memberships = self.filtered(lambda m: m.company_id.golf_portal_invite)
        left_out = memberships.member_partner_id._golf_invite_to_portal()
        for membership in memberships.filtered(lambda m: m.member_partner_id in left_out):
            membership.message_post(body=self.env._(
                "%(member)s was not invited to the portal: no valid e-mail address, or it is already the login "
                "of another user.", member=membership.member_partner_id.name,
            ))

    # ------------------------------------------------------------------ portal

    def _compute_access_url(self):
        for membership in self:
            membership.access_url = f"/my/memberships/{membership.id}"

    def _golf_portal_documents(self):
        """The letters and the certificate the club has issued for this membership, in the order they come:
        ``{key: (label, report xml id)}``. A document the club has not issued yet is not offered to the member.

        R-1.6: the welcome letter is sent on approval; R-1.9: the confirmation letter is stamped with the member
        card, so it is issued with it; R-1.7: the certificate once its card is issued (after full payment)."""
        self.ensure_one()
        held_types = set(self.card_ids.filtered(lambda card: card.state in HELD_STATES).mapped("card_type"))
        documents = {}
        if self.date_approved:
            documents["welcome_letter"] = (self.env._("Welcome Letter"), "golf_membership.report_golf_welcome_letter")
        if "member" in held_types:
            documents["confirmation_letter"] = (
                self.env._("Confirmation Letter"), "golf_membership.report_golf_confirmation_letter",
            )
        if "certificate" in held_types:
            documents["certificate"] = (self.env._("Membership Certificate"), "golf_membership.report_golf_certificate")
        return documents
