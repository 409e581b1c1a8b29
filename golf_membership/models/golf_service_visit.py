from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .golf_service_request import SERVICE_CHANNELS
from .golf_workflow_mixin import CLERK, SYSTEM, Transition

VISIT_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# key members are visited or called back at least every six months, the others once a year: the
# company's settings golf_key_member_visit_months and golf_member_visit_months.

VISIT_TRANSITIONS = (
    Transition("done", ("planned",), "done", (CLERK,), guard="_done_refusal"),
    Transition("cancel", ("planned",), "cancelled", (CLERK,)),
    # a visit planned for a membership no longer active, or planned twice, is dropped.
    Transition("drop", ("planned",), "cancelled", SYSTEM),
)


class GolfServiceVisit(models.Model):
    """A return visit or call to a member (R-11.3)."""

    _name = "golf.service.visit"
    _description = "Member Return Visit"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_planned desc, id desc"
    _check_company_auto = True
    _workflow_transitions = VISIT_TRANSITIONS
    _workflow_initial_state = "planned"
    # a visit done or cancelled is a record kept as it was; its day and channel no longer change
    # (the next visit is planned from the day of the last one done).
    _workflow_draft_fields = ("membership_id", "partner_id", "date_planned", "date_done", "channel")
    _workflow_draft_states = ("planned",)
    _rec_names_search = ["partner_id.name", "membership_id.name"]

    active = fields.Boolean(default=True, tracking=True)
    membership_id = fields.Many2one(
        "golf.membership",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="membership_id.company_id", store=True, index=True, precompute=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    key_member = fields.Boolean(related="membership_id.key_member")
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
        default=lambda self: self.env.user if self.env.user.has_group(CLERK) else False,
    )
    date_planned = fields.Date(string="Planned For", required=True, tracking=True, index=True)
    date_done = fields.Date(string="Done On", tracking=True, copy=False)
    channel = fields.Selection(
        SERVICE_CHANNELS,
        required=True,
        default="visit",
        tracking=True,
        help="How the member was contacted.",
    )
    note = fields.Text(string="Outcome", copy=False, help="What the member said and what follows.")
    state = fields.Selection(VISIT_STATES, default="planned", required=True, tracking=True, index=True, copy=False)
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue")

    can_done = fields.Boolean(compute="_compute_workflow_buttons")
    can_cancel = fields.Boolean(compute="_compute_workflow_buttons")

    # ------------------------------------------------------------------ computes

    @api.depends("membership_id")
    def _compute_partner_id(self):
        for visit in self:
            visit.partner_id = visit.membership_id.member_partner_id or visit.partner_id

    @api.depends("note")
    def _compute_workflow_buttons(self):
        """A visit is recorded with its outcome (``_done_refusal``)."""
        return super()._compute_workflow_buttons()

    @api.depends("state", "date_planned")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for visit in self:
            visit.is_overdue = visit.state == "planned" and bool(visit.date_planned) and visit.date_planned < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        overdue = Domain("state", "=", "planned") & Domain("date_planned", "<", fields.Date.context_today(self))
        wanted = set(value) if operator == "in" else {True, False} - set(value)
        if wanted == {True}:
            return overdue
        if wanted == {False}:
            return ~overdue
        return Domain.TRUE if wanted else Domain.FALSE

    @api.depends("partner_id", "date_planned", "date_done")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = self.env._(
                "%(member)s, %(date)s",
                member=visit.partner_id.name or "",
                date=visit.date_done or visit.date_planned,
            )

    # ------------------------------------------------------------------ constraints

    @api.constrains("state", "date_done")
    def _check_date_done(self):
        today = fields.Date.context_today(self)
        for visit in self:
            if visit.date_done and visit.date_done > today:
                raise ValidationError(
                    self.env._(
                        "The visit to %(member)s cannot be recorded as done on %(date)s, a day still to come.",
                        member=visit.partner_id.name,
                        date=visit.date_done,
                    )
                )
            if visit.state == "done" and not visit.date_done:
                raise ValidationError(self.env._("A visit done needs the day it was done."))

    # ------------------------------------------------------------------ CRUD

    @api.ondelete(at_uninstall=False)
    def _unlink_keep_records(self):
        """R-11.6: service records are kept; archive them instead."""
        raise UserError(self.env._("Return visits are kept: archive them instead of deleting them."))

    # ------------------------------------------------------------------ actions

    def _done_refusal(self):
        """R-11.3: no visit is recorded without what the member said."""
        self.ensure_one()
        if not (self.note or "").strip():
            return self.env._("Record the outcome of the visit to %(member)s first.",
                              member=self.partner_id.name)
        return False

    def action_done(self):
        """R-11.3: the visit is recorded with its outcome (on the day, unless another day was entered); the next
        one is planned."""
        self._check_action("done")
        undated = self.filtered(lambda v: not v.date_done)
        undated._apply_action("done", date_done=fields.Date.context_today(self))
        (self - undated)._apply_action("done")
        self._plan_visits(self.membership_id)
        return True

    def action_cancel(self):
        self._take_action("cancel")
        return True

    def action_log_request(self):
        """A request the member raised during the visit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "golf.service.request",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_membership_id": self.membership_id.id,
                "default_channel": self.channel,
            },
        }

    # ------------------------------------------------------------------ planning

    @api.model
    def _visit_interval(self, membership):
        company = membership.company_id
        months = company.golf_key_member_visit_months if membership.key_member else company.golf_member_visit_months
        return relativedelta(months=months)

    @api.model
    def _plan_visits(self, memberships):
        """Keep exactly one planned visit for each active membership of ``memberships``, due at the
        latest six (key members) or twelve months (the company's settings) after the last visit done, or after the start of
        the membership; a visit planned later than that is brought forward, one planned earlier kept.
        Planned visits of memberships no longer active are cancelled. Idempotent."""
        memberships = memberships.filtered(lambda m: m.state == "active")
        if not memberships:
            return self.browse()
        due_dates = self._visit_due_dates(memberships)
        planned = self.search(
            [("membership_id", "in", memberships.ids), ("state", "=", "planned")], order="date_planned, id"
        ).grouped("membership_id")
        clerks = {company: company._golf_responsible_user(CLERK) for company in memberships.company_id}
        to_create, to_cancel, to_move = [], self.browse(), defaultdict(self.browse)
        for membership, due in due_dates.items():
            visits = planned.get(membership)
            if not visits:
                to_create.append({
                    "membership_id": membership.id,
                    "partner_id": membership.member_partner_id.id,
                    "date_planned": due,
                    "user_id": clerks[membership.company_id].id,
                    "channel": "visit",
                })
                continue
            to_cancel |= visits[1:]
            if visits[0].date_planned > due:
                to_move[due] |= visits[0]
        to_cancel._apply_action("drop")
        for due, visits in to_move.items():
            visits.write({"date_planned": due})
        # A generated schedule, not a document someone wrote: no creation message and no notice of assignment
        # per visit (the clerk finds them under "My Visits"); what happens to a visit afterwards is tracked.
        return self.with_context(tracking_disable=True).create(to_create)

    def _visit_due_dates(self, memberships):
        """{membership: the day its next visit is due}: the visit interval after the last visit done, or after the
        start of the membership, and never before today (R-11.3)."""
        today = fields.Date.context_today(self)
        last_done = dict(self._read_group(
            [("membership_id", "in", memberships.ids), ("state", "=", "done")], ["membership_id"], ["date_done:max"],
        ))
        return {
            membership: max(
                (last_done.get(membership) or membership.date_start or membership.date_approved or today)
                + self._visit_interval(membership),
                today,
            )
            for membership in memberships
        }

    @api.model
    def _cron_plan_visits(self):
        """R-11.3, run daily: a planned visit for every active membership; none for the others."""
        companies = [("company_id", "in", self.env.companies.ids)]
        stale = self.search(companies + [("state", "=", "planned"), ("membership_id.state", "!=", "active")])
        stale._apply_action("drop")
        self._plan_visits(self.env["golf.membership"].search(companies + [("state", "=", "active")]))
        return True
