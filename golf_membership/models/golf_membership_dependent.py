from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_activity import for_reader
from .golf_membership_change_mixin import ACTIVITY_REVIEW
from .golf_workflow_mixin import CLERK, DIRECTOR, MANAGER, SUPERVISOR, SYSTEM, Transition

DEPENDENT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("cancelled", "Cancelled"),
]
CHILD_MIN_AGE = 4
CHILD_MAX_AGE = 18
MIN_TERM_MONTHS = 6

# the clerk files, the marketing director reviews, management approves.
DEPENDENT_TRANSITIONS = (
    Transition("submit", ("draft",), "submitted", (CLERK,)),
    Transition("review", ("submitted",), None, (DIRECTOR,), guard="_review_refusal"),
    Transition("approve", ("submitted",), "active", (MANAGER,), guard="_approval_refusal"),
    Transition("cancel", ("draft", "submitted", "active", "suspended"), "cancelled", (SUPERVISOR,)),
    # With the membership: suspended for dues or an absence, ended with it.
    Transition("suspend", ("active",), "suspended", SYSTEM),
    Transition("resume", ("suspended",), "active", SYSTEM),
    Transition("end", ("draft", "submitted", "active", "suspended"), "cancelled", SYSTEM),
)


class GolfMembershipDependent(models.Model):
    """A spouse or child holding a dependent card of a membership (R-7)."""

    _name = "golf.membership.dependent"
    _description = "Dependent Member"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "membership_id, relation desc, birthdate"
    _check_company_auto = True
    _workflow_transitions = DEPENDENT_TRANSITIONS
    _workflow_fields = ("date_reviewed", "reviewer_id", "date_start", "date_min_end", "date_end")
    # What the marketing director reviewed.
    _workflow_draft_fields = ("membership_id", "partner_id", "relation", "birthdate", "married", "date_application")

    membership_id = fields.Many2one(
        "golf.membership", required=True, ondelete="restrict", index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(related="membership_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Dependent", required=True, ondelete="restrict",
                                 tracking=True, check_company=True)
    relation = fields.Selection([("spouse", "Spouse"), ("child", "Child")], required=True, tracking=True)
    birthdate = fields.Date(string="Date of Birth", tracking=True)
    married = fields.Boolean(help="Only unmarried children may hold a dependent card.")
    date_application = fields.Date(default=fields.Date.context_today, required=True, string="Application Date")
    state = fields.Selection(DEPENDENT_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    date_reviewed = fields.Date(string="Reviewed On", readonly=True, copy=False, groups="base.group_user")
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, copy=False, groups="base.group_user"
    )
    date_start = fields.Date(readonly=True, copy=False, tracking=True)
    date_min_end = fields.Date(
        string="Minimum Term Until", readonly=True, copy=False,
        help="A dependent card is held for at least six months.",
    )
    date_end = fields.Date(readonly=True, copy=False, tracking=True)
    card_ids = fields.One2many("golf.membership.card", "dependent_id", string="Cards")
    document_ids = fields.One2many("golf.membership.document", "dependent_id", string="Documents")
    age = fields.Integer(compute="_compute_age", help="Age on the application date.")
    can_submit = fields.Boolean(compute="_compute_workflow_buttons")
    can_review = fields.Boolean(compute="_compute_workflow_buttons")
    can_approve = fields.Boolean(compute="_compute_workflow_buttons")
    can_cancel = fields.Boolean(compute="_compute_workflow_buttons")

    @api.depends("birthdate", "date_application")
    def _compute_age(self):
        for dependent in self:
            dependent.age = (
                relativedelta(dependent.date_application, dependent.birthdate).years
                if dependent.birthdate and dependent.date_application else 0
            )

    @api.depends("state", "date_reviewed", "document_ids.required", "document_ids.received", "membership_id.state")
    @api.depends_context("uid")
    def _compute_workflow_buttons(self):
        """The guards of the review and the approval read the review, the documents and the membership."""
        return super()._compute_workflow_buttons()

    @api.depends("partner_id", "relation")
    @api.depends_context("lang")
    def _compute_display_name(self):
        relations = dict(self._fields["relation"]._description_selection(self.env))
        for dependent in self:
            dependent.display_name = f"{dependent.partner_id.name or ''} ({relations.get(dependent.relation, '')})"

    @api.constrains("relation", "birthdate", "date_application", "married")
    def _check_child(self):
        """R-7.1: unmarried children aged 4 to 18 on the application date."""
        for dependent in self.filtered(lambda d: d.relation == "child"):
            if not dependent.birthdate:
                raise ValidationError(self.env._("Enter the date of birth of the child %(name)s.",
                                                 name=dependent.partner_id.name))
            if not CHILD_MIN_AGE <= dependent.age <= CHILD_MAX_AGE:
                raise ValidationError(
                    self.env._(
                        "A child must be aged %(min)s to %(max)s on the application date; %(name)s is %(age)s.",
                        min=CHILD_MIN_AGE, max=CHILD_MAX_AGE, name=dependent.partner_id.name, age=dependent.age,
                    )
                )
            if dependent.married:
                raise ValidationError(self.env._("Only unmarried children may hold a dependent card."))

    @api.constrains("relation", "membership_id", "state")
    def _check_one_spouse(self):
        """R-7.1: one lawful spouse per membership."""
        for dependent in self.filtered(lambda d: d.relation == "spouse" and d.state != "cancelled"):
            spouses = dependent.membership_id.dependent_ids.filtered(
                lambda d: d.relation == "spouse" and d.state != "cancelled"
            )
            if len(spouses) > 1:
                raise ValidationError(
                    self.env._("Membership %(name)s already has a spouse card.",
                               name=dependent.membership_id.display_name)
                )

    @api.constrains("relation", "membership_id", "state")
    def _check_max_children(self):
        """R-7.1: the tier sets how many children of one membership may hold a dependent card."""
        for dependent in self.filtered(lambda d: d.relation == "child" and d.state != "cancelled"):
            membership = dependent.membership_id
            children = membership.dependent_ids.filtered(lambda d: d.relation == "child" and d.state != "cancelled")
            if len(children) > membership.type_id.max_dependents:
                raise ValidationError(self.env._(
                    "The tier %(tier)s allows dependent cards for %(max)s children per membership; membership "
                    "%(name)s has no place left for %(child)s.",
                    tier=membership.type_id.name, max=membership.type_id.max_dependents,
                    name=membership.display_name, child=dependent.partner_id.name,
                ))

    @api.constrains("partner_id", "membership_id")
    def _check_not_member(self):
        for dependent in self:
            if dependent.partner_id in (dependent.membership_id.partner_id | dependent.membership_id.member_partner_id):
                raise ValidationError(self.env._("The member cannot be his or her own dependent."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda d: d.state != "draft"):
            raise UserError(self.env._("Only draft dependent applications can be deleted; cancel the others."))

    # ------------------------------------------------------------------ guards of the transitions

    def _missing_documents_refusal(self):
        missing = self.document_ids.filtered(lambda d: d.required and not d.received)
        if missing:
            return self.env._("Documents missing for %(name)s: %(docs)s.",
                              name=self.display_name, docs=", ".join(missing.mapped("name")))
        return False

    def _review_refusal(self):
        """R-7.3: the marketing director signs once, a complete file."""
        self.ensure_one()
        if self.date_reviewed:
            return self.env._("%(name)s was already reviewed on %(date)s.",
                              name=self.display_name, date=self.date_reviewed)
        return self._missing_documents_refusal()

    def _approval_refusal(self):
        """R-7.3: management approves a reviewed, complete file of an approved membership."""
        self.ensure_one()
        if not self.date_reviewed:
            return self.env._("The marketing director must review %(name)s first.", name=self.display_name)
        if refusal := self._missing_documents_refusal():
            return refusal
        if self.membership_id.state not in ("approved", "active"):
            return self.env._("The membership of %(name)s must be approved first.", name=self.display_name)
        return False

    # ------------------------------------------------------------------ actions

    def action_submit(self):
        """R-7.2: the member's signed application with the documents for the relation."""
        self._check_action("submit")
        for dependent in self:
            if dependent.membership_id.state not in ("draft", "submitted", "approved", "active"):
                raise UserError(self.env._("Dependents can be added only to a running membership."))
        self.env["golf.membership.document"]._ensure_checklist(self.membership_id.browse(), self)
        self._apply_action("submit")
        self._schedule_review(DIRECTOR, lambda dependent: dependent.env._("Check and sign the dependent card application."))
        return True

    def action_review(self):
        """R-7.3: the marketing director checks and signs before management approves."""
        self._take_action("review", date_reviewed=fields.Date.context_today(self), reviewer_id=self.env.user.id)
        self.activity_feedback([ACTIVITY_REVIEW])
        self._schedule_review(MANAGER, lambda dependent: dependent.env._("Approve the dependent card."))
        return True

    def action_approve(self):
        """R-7.3 / R-7.4: management approves; card within the dependent card days; 6-month minimum term."""
        self._check_action("approve")
        today = fields.Date.context_today(self)
        self._apply_action("approve", date_start=today, date_min_end=today + relativedelta(months=MIN_TERM_MONTHS))
        self.env["golf.membership.card"].create([dependent._prepare_dependent_card_vals(today) for dependent in self])
        self.activity_feedback([ACTIVITY_REVIEW])
        # the dependent dues of a year already billed are billed now, from the month of approval.
        self.env["golf.billing.run"].sudo()._bill_late_dues_for(self.membership_id)
        return True

    def action_cancel(self):
        """R-7.4: an active card is held for at least six months; dues already paid are not refunded."""
        self._check_action("cancel")
        today = fields.Date.context_today(self)
        self._check_minimum_term(today)
        billed = self.filtered(lambda d: d.state in ("active", "suspended"))
        self._apply_action("cancel", date_end=today)
        self.card_ids.filtered(lambda c: c.state in ("to_issue", "issued"))._cancel_cards()
        self.activity_unlink([ACTIVITY_REVIEW])
        billed._credit_recent_dues(today)
        return True

    # ------------------------------------------------------------------ helpers

    def _schedule_review(self, group, note):
        """The reviewer's to-do; ``note`` builds its text from the dependent, in the reviewer's language."""
        for dependent in self:
            reviewer = dependent.company_id._golf_responsible_user(group)
            reader = for_reader(dependent, reviewer)
            reader.activity_schedule(ACTIVITY_REVIEW, user_id=reviewer.id, note=note(reader))

    def _prepare_dependent_card_vals(self, today):
        """R-7.3: the dependent card is made within the dependent card days."""
        self.ensure_one()
        company = self.company_id
        return self.membership_id._prepare_card_vals(
            "dependent", company._golf_add_working_days(today, company.golf_dependent_card_days), self
        )

    def _check_minimum_term(self, today):
        """R-7.4: an active dependent card is held for at least six months."""
        for dependent in self:
            if dependent.state in ("active", "suspended") and dependent.date_min_end and today < dependent.date_min_end:
                raise UserError(
                    self.env._("The dependent card of %(name)s must be held until %(date)s.",
                               name=dependent.partner_id.name, date=dependent.date_min_end)
                )

    def _credit_recent_dues(self, today):
        """R-7.6: cancelled within `golf_dependent_cancel_days` of the yearly bill, the dependent's dues on it
        are credited; later, nothing is refunded (R-7.4)."""
        lines = self.env["account.move.line"].search([
            ("golf_dependent_id", "in", self.ids),
            ("parent_state", "=", "posted"),
            ("move_id.golf_fee_type", "=", "dues"),
            ("move_id.invoice_date", "<=", today),
        ])
        for line in lines:
            invoice = line.move_id
            deadline = invoice.invoice_date + relativedelta(days=invoice.company_id.golf_dependent_cancel_days)
            if today > deadline:
                continue
            label = self.env._("Dependent dues %(year)s credited: %(name)s cancelled",
                               year=invoice.golf_billing_year, name=line.golf_dependent_id.display_name)
            invoice.golf_membership_id._credit_invoice(invoice, line.price_total, label, "refund", line.product_id)
