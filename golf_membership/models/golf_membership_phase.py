from odoo import api, fields, models
from odoo.exceptions import UserError

from .golf_activity import for_reader
from .golf_workflow_mixin import MANAGER, SYSTEM, Transition

ACTIVITY_SOLD_OUT = "golf_membership.mail_act_golf_phase_sold_out"
PHASE_STATES = [("draft", "Draft"), ("open", "Open"), ("sold_out", "Sold Out"), ("closed", "Closed")]

# management opens a phase; a sold-out phase waits for head office before it closes.
PHASE_TRANSITIONS = (
    Transition("open", ("draft",), "open", (MANAGER,), guard="_open_refusal"),
    Transition("sold_out", ("open",), "sold_out", SYSTEM),
    Transition("approve_sold_out", ("sold_out",), "closed", (MANAGER,)),
    Transition("close", ("open", "sold_out"), "closed", (MANAGER,)),
)


class GolfMembershipPhase(models.Model):
    _name = "golf.membership.phase"
    _description = "Membership Sales Phase"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "company_id, sequence, id"
    _check_company_auto = True
    _workflow_transitions = PHASE_TRANSITIONS
    _workflow_fields = ("date_open", "date_sold_out", "date_closed")
    # the places a phase sells are set before it opens and may be changed while it is on sale.
    _workflow_draft_fields = ("total_quota",)
    _workflow_draft_states = ("draft", "open")

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=1, help="Phases are numbered and sold in order.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    state = fields.Selection(PHASE_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    line_ids = fields.One2many("golf.membership.phase.line", "phase_id", string="Prices and Quotas", copy=True)
    date_open = fields.Date(string="Opened On", readonly=True, copy=False)
    date_sold_out = fields.Date(string="Sold Out On", readonly=True, copy=False)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    total_quota = fields.Integer(
        tracking=True,
        help="Places the phase sells across all tiers, in any mix (e.g. 200 per phase); the phase is sold out "
        "once they are sold, even if a tier still has places. 0: only the quota of each tier counts.",
    )
    quota_total = fields.Integer(string="Quota", compute="_compute_totals")
    sold_total = fields.Integer(string="Sold", compute="_compute_totals")
    remaining_total = fields.Integer(string="Remaining", compute="_compute_totals")
    membership_ids = fields.One2many("golf.membership", "phase_id", string="Memberships")
    can_open = fields.Boolean(compute="_compute_workflow_buttons")
    can_approve_sold_out = fields.Boolean(compute="_compute_workflow_buttons")
    can_close = fields.Boolean(compute="_compute_workflow_buttons")

    def _compute_totals(self):
        """R-1.8: the places of the phase: those of its tiers, within its total quota when it has one."""
        for phase in self:
            tiers_quota = sum(phase.line_ids.mapped("quota"))
            phase.quota_total = min(tiers_quota, phase.total_quota) if phase.total_quota else tiers_quota
            phase.sold_total = sum(phase.line_ids.mapped("sold_count"))
            phase.remaining_total = max(phase.quota_total - phase.sold_total, 0)

    _total_quota_positive = models.Constraint("CHECK(total_quota >= 0)", "The total quota cannot be negative.")

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unused_drafts(self):
        """A phase that was on sale is part of the sales history (R-1.8): close it instead."""
        for phase in self:
            if phase.state != "draft" or phase.with_context(active_test=False).membership_ids:
                raise UserError(
                    self.env._("Phase %(phase)s has been on sale and cannot be deleted.", phase=phase.name)
                )

    # ------------------------------------------------------------------ guards of the transitions

    def _open_refusal(self):
        """R-1.8: a phase opens priced, and only when no other phase of the company is on sale or awaiting
        head office."""
        self.ensure_one()
        if not self.line_ids:
            return self.env._("Set a price and quota per tier before opening %(phase)s.", phase=self.name)
        running = self.search(
            [("company_id", "=", self.company_id.id), ("state", "in", ("open", "sold_out")), ("id", "!=", self.id)],
            limit=1,
        )
        if running:
            return self.env._(
                "Phase %(running)s is still on sale or waiting for head office approval; "
                "it must be closed before %(phase)s opens.",
                running=running.name, phase=self.name,
            )
        return False

    # ------------------------------------------------------------------ actions (club management)

    def action_open(self):
        """R-1.8: start selling: one phase of the company on sale at a time."""
        self._take_action("open", date_open=fields.Date.context_today(self))
        return True

    def action_approve_sold_out(self):
        """R-1.8: head office approves the sold-out report, which closes the phase."""
        self._take_action("approve_sold_out", date_closed=fields.Date.context_today(self))
        self.activity_feedback([ACTIVITY_SOLD_OUT])
        return True

    def action_close(self):
        """Close a phase early (management decision, R-1.8)."""
        self._take_action("close", date_closed=fields.Date.context_today(self))
        return True

    def _price_for(self, tier):
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.type_id == tier)[:1]

    def _mark_sold_out_if_full(self):
        """Called after approvals: a phase whose every quota is used goes to head office (R-1.8).

        The approver (a marketing director) may not edit phases: the report is the module's rule (the SYSTEM
        transition "sold_out") and its activity is scheduled as superuser.
        """
        for phase in self.filtered(lambda p: p.state == "open"):
            if phase._is_full():
                phase._apply_action("sold_out", date_sold_out=fields.Date.context_today(phase))
                phase.sudo()._schedule_head_office_activity()

    def _is_full(self):
        """R-1.8: every tier's quota is used, or the phase's total quota across tiers is."""
        self.ensure_one()
        self.line_ids.invalidate_recordset(["sold_count", "remaining_count"])
        self.invalidate_recordset(["quota_total", "sold_total", "remaining_total"])
        return all(line.sold_count >= line.quota for line in self.line_ids) or bool(
            self.total_quota and self.sold_total >= self.total_quota
        )

    def _schedule_head_office_activity(self):
        user = self.company_id._golf_responsible_user(MANAGER)
        reader = for_reader(self, user)
        reader.activity_schedule(
            ACTIVITY_SOLD_OUT,
            user_id=user.id,
            note=reader.env._("Phase %(phase)s is sold out: approve it so that the next phase can open.", phase=self.name),
        )
