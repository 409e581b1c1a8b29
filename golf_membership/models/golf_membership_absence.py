from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .golf_activity import for_reader
from .golf_membership_change_mixin import ACTIVITY_CARD_RETURN
from .golf_membership_fee_mixin import FEE_WORKFLOW_FIELDS
from .golf_workflow_mixin import CLERK, DIRECTOR, SUPERVISOR, SYSTEM, Transition

ABSENCE_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("active", "Absent"),
    ("done", "Reinstated"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
# Absences that count: for the gap between two absences and for the dues.
COUNTING_STATES = ("approved", "active", "done")

# the clerk files the written request, the club (marketing director) decides; the absence starts and
# ends on its dates, or earlier on the member's written notice.
ABSENCE_TRANSITIONS = (
    Transition("submit", ("draft",), "submitted", (CLERK,)),
    Transition("approve", ("submitted",), "approved", (DIRECTOR,)),
    Transition("reject", ("submitted",), "rejected", (DIRECTOR,)),
    Transition("cancel", ("draft", "submitted"), "cancelled", (SUPERVISOR,)),
    Transition("end", ("approved", "active"), None, (CLERK,)),
    Transition("start", ("approved",), "active", SYSTEM),
    Transition("finish", ("active",), "done", SYSTEM),
    Transition("withdraw", ("approved",), "cancelled", SYSTEM),
)


class GolfMembershipAbsence(models.Model):
    """A member away from China for six months or more keeps the membership without rights or dues (R-9)."""

    _name = "golf.membership.absence"
    _description = "Membership Absence"
    _inherit = ["golf.membership.fee.mixin"]
    _fee_type = "absence_fee"
    _order = "date_from desc, id desc"
    _workflow_transitions = ABSENCE_TRANSITIONS
    _membership_states = ("active",)
    _workflow_fields = (*FEE_WORKFLOW_FIELDS, "date_end", "date_notice_end", "suspended_dependent_ids")
    _workflow_draft_fields = (
        "membership_id", "date_request", "date_from", "date_to", "reason", "documents_received", "fee_amount",
    )

    date_request = fields.Date(
        string="Written Request", required=True, default=fields.Date.context_today, tracking=True,
        help="The day the member's written application was received.",
    )
    date_from = fields.Date(string="Absent From", required=True, tracking=True)
    date_to = fields.Date(
        string="Reinstated On", required=True, tracking=True,
        help="The membership is active again on this day, at the latest two years after the start.",
    )
    date_end = fields.Date(
        string="Ends On", readonly=True, copy=False, tracking=True,
        help="The day the membership is active again, earlier than planned on the member's written notice.",
    )
    date_notice_end = fields.Date(string="End Notice Received", readonly=True, copy=False)
    reason = fields.Text(required=True, help="Why and where the member stays away.")
    state = fields.Selection(ABSENCE_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    documents_received = fields.Boolean(
        string="Supporting Documents Received", tracking=True, copy=False,
        help="Documents supporting the reason (work contract abroad, residence permit...).",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", "golf_membership_absence_attachment_rel", "absence_id", "attachment_id",
        string="Supporting Documents",
    )
    card_ids = fields.One2many(related="membership_id.card_ids", string="Cards")
    cards_held_count = fields.Integer(
        compute="_compute_cards_held", string="Cards Not Returned",
        help="Member and dependent cards the member still holds.",
    )
    suspended_dependent_ids = fields.Many2many(
        "golf.membership.dependent", "golf_membership_absence_dependent_rel", "absence_id", "dependent_id",
        string="Dependents Without Rights", readonly=True, copy=False,
        help="Dependent cards suspended for the absence, active again on reinstatement.",
    )
    months_exempt = fields.Integer(compute="_compute_months_exempt", string="Months Without Dues")

    can_end = fields.Boolean(compute="_compute_workflow_buttons")

    _dates_order = models.Constraint("CHECK(date_to > date_from)", "An absence must end after it starts.")

    # ------------------------------------------------------------------ computes

    @api.depends("membership_id")
    def _compute_fee_amount(self):
        for absence in self:
            absence.fee_amount = absence.membership_id.type_id.absence_fee

    @api.depends("card_ids.state", "card_ids.card_type")
    def _compute_cards_held(self):
        for absence in self:
            absence.cards_held_count = len(absence._held_cards())

    @api.depends("date_from", "date_to", "date_end")
    def _compute_months_exempt(self):
        for absence in self:
            absence.months_exempt = len(absence._exempt_months())

    # ------------------------------------------------------------------ helpers

    def _held_cards(self):
        self.ensure_one()
        return self.membership_id._held_cards()

    def _reinstatement_date(self):
        self.ensure_one()
        return self.date_end or self.date_to

    def _exempt_months(self):
        """R-9.2: (year, month) without dues: those after the month the absence starts and before the
        month of reinstatement; both of these are billed."""
        self.ensure_one()
        if not self.date_from or not self.date_to:
            return set()
        month = self.date_from.replace(day=1) + relativedelta(months=1)
        last = self._reinstatement_date().replace(day=1)
        months = set()
        while month < last:
            months.add((month.year, month.month))
            month += relativedelta(months=1)
        return months

    def _other_absences(self):
        """The other absences of the membership that count for the gap of R-9.4."""
        self.ensure_one()
        return self.membership_id.absence_ids.filtered(
            lambda a: a != self and a.state in ("submitted",) + COUNTING_STATES
        )

    def _cards_to_hand_back(self, date_end):
        """R-9.5: member and dependent cards handed in for this absence and not replaced yet."""
        self.ensure_one()
        return self.membership_id._cards_to_hand_back(self.date_decision or self.date_from, date_end)

    def _fee_label(self):
        return self.env._("Absence handling fee %(name)s (%(start)s to %(end)s)",
                          name=self.name, start=self.date_from, end=self.date_to)

    def _check_rules(self):
        """R-9.1, R-9.3, R-9.4: length, written notice, documents, nothing owed, gap since the last absence."""
        for absence in self:
            company = absence.company_id
            if absence.date_to < absence.date_from + relativedelta(months=company.golf_absence_min_months):
                raise UserError(self.env._(
                    "%(name)s: an absence lasts at least %(months)s months.",
                    name=absence.display_name, months=company.golf_absence_min_months,
                ))
            if absence.date_to > absence.date_from + relativedelta(months=company.golf_absence_max_months):
                raise UserError(self.env._(
                    "%(name)s: one absence lasts at most %(months)s months.",
                    name=absence.display_name, months=company.golf_absence_max_months,
                ))
            if absence.date_request > fields.Date.context_today(absence):
                raise UserError(self.env._("%(name)s: the written request cannot be dated in the future.",
                                           name=absence.display_name))
            earliest = absence.date_request + relativedelta(days=company.golf_absence_notice_days)
            if absence.date_from < earliest:
                raise UserError(self.env._(
                    "%(name)s: the written request must be made at least %(days)s days before the absence "
                    "starts; it can start on %(date)s at the earliest.",
                    name=absence.display_name, days=company.golf_absence_notice_days, date=earliest,
                ))
            if not absence.documents_received:
                raise UserError(self.env._(
                    "%(name)s: the documents supporting the reason are missing.", name=absence.display_name,
                ))
            gap = relativedelta(months=company.golf_absence_gap_months)
            for other in absence._other_absences():
                free_from = other._reinstatement_date() + gap
                if absence.date_from < free_from and other.date_from < absence.date_to + gap:
                    raise UserError(self.env._(
                        "%(name)s: two absences must be at least %(months)s months apart; after %(other)s "
                        "(until %(end)s), the next can start on %(date)s at the earliest.",
                        name=absence.display_name, months=company.golf_absence_gap_months,
                        other=other.display_name, end=other._reinstatement_date(), date=free_from,
                    ))
        self._check_nothing_owed()

    # ------------------------------------------------------------------ actions

    def _check_submission(self):
        """R-9.1 / R-9.3 / R-9.4: the written request, checked against every rule before the club decides."""
        self._check_rules()

    def _review_note(self):
        return self.env._("Approve or reject the absence request.")

    def _check_approval(self):
        self._check_rules()

    def _after_approval(self):
        """The handling fee is invoiced, the months of absence already billed are credited (R-9.2) and the
        cards are to be returned (R-9.3, R-9.5)."""
        self._create_fee_invoices()
        self.membership_id.sudo()._settle_absence_dues()
        for absence in self:
            clerk = absence.company_id._golf_responsible_user(CLERK)
            reader = for_reader(absence, clerk)
            reader.activity_schedule(
                ACTIVITY_CARD_RETURN, user_id=clerk.id, date_deadline=absence.date_from,
                note=reader.env._("Collect every member and dependent card before %(date)s.",
                                  date=absence.date_from),
            )
            absence.membership_id.message_post(body=self.env._(
                "Absence %(name)s approved: no rights and no dues from %(start)s until %(end)s.",
                name=absence.name, start=absence.date_from, end=absence.date_to,
            ))

    def action_end(self, date_end=None):
        """R-9.7: the member's written notice ends the absence earlier; ``_cron_daily`` makes the membership
        active on that day (at once when it is today). An absence not started yet is withdrawn."""
        self._check_action("end")
        today = fields.Date.context_today(self)
        date_end = fields.Date.to_date(date_end) or today
        not_started = self.filtered(lambda a: a.state == "approved")
        started = self - not_started
        for absence in started:
            if date_end < absence.date_from:
                raise UserError(self.env._("%(name)s: the absence cannot end before it started (%(date)s).",
                                           name=absence.display_name, date=absence.date_from))
            if date_end > absence.date_to:
                raise UserError(self.env._("%(name)s ends on %(date)s at the latest.",
                                           name=absence.display_name, date=absence.date_to))
        if not_started:
            not_started._decide("withdraw", date_notice_end=today)
            not_started.activity_unlink([ACTIVITY_CARD_RETURN])
            for absence in not_started:
                absence.message_post(body=self.env._("Withdrawn by the member before it started."))
        started._apply_action("end", date_end=date_end, date_notice_end=today)
        started.filtered(lambda a: a.date_end <= today)._reinstate()
        self.membership_id.sudo()._settle_absence_dues()
        return True

    # ------------------------------------------------------------------ dates (run by _cron_daily)

    @api.model
    def _cron_absences(self):
        """R-9.6 / R-9.7: absences start and end on their dates; a second run the same day changes nothing."""
        today = fields.Date.context_today(self)
        companies = [("company_id", "in", self.env.companies.ids)]
        due = self.search(companies + [("state", "=", "approved"), ("date_from", "<=", today)])
        # A membership not active on the day (suspended) starts its absence once it is active again,
        # until the planned end; one that ended meanwhile no longer needs it.
        expired = due.filtered(lambda a: a.date_to <= today or a.membership_id.state in (
            "historical", "cancelled", "rejected"))
        if expired:
            expired._apply_action("withdraw")
            for absence in expired:
                absence.message_post(body=self.env._("Cancelled: the absence could not start before its end."))
            expired.membership_id.sudo()._settle_absence_dues()
        # the absence starts once its handling fee is paid (from then on, until its planned end).
        (due - expired).filtered(lambda a: a.membership_id.state == "active" and a.fee_paid)._start()
        self.search(companies + [
            ("state", "=", "active"),
            "|", ("date_end", "<=", today), "&", ("date_end", "=", False), ("date_to", "<=", today),
        ])._reinstate()

    def _start(self):
        """R-9.6: the member, spouse and children have no membership rights during the absence."""
        for absence in self:
            membership = absence.membership_id
            dependents = membership.dependent_ids.filtered(lambda d: d.state == "active")
            membership._apply_action("start_absence")
            dependents._apply_action("suspend")
            absence._apply_action("start", suspended_dependent_ids=[Command.set(dependents.ids)])
            held = absence._held_cards()
            message = self.env._("Absent from %(date)s (%(name)s): no membership rights for the member, spouse "
                                 "and children until %(end)s.",
                                 date=absence.date_from, name=absence.name, end=absence.date_to)
            if held:
                message = self.env._("%(message)s Cards not returned yet: %(cards)s.",
                                     message=message, cards=", ".join(held.mapped("number")))
            membership.message_post(body=message)
            absence.message_post(body=message)
        self.env["golf.notification.log"]._send_once(self, "started", "golf_membership.mail_template_golf_absence_started")

    def _reinstate(self):
        """R-9.7: active again, dependents too; the cards handed in are handed back (new card records)."""
        for absence in self:
            membership = absence.membership_id
            date_end = absence._reinstatement_date()
            absence._apply_action("finish", date_end=date_end)
            if membership.state == "absent":
                membership._apply_action("end_absence")
            absence.suspended_dependent_ids.filtered(lambda d: d.state == "suspended")._apply_action("resume")
            membership._hand_back_cards(absence._cards_to_hand_back(date_end), date_end)
            absence.activity_unlink([ACTIVITY_CARD_RETURN])
            message = self.env._("Reinstated on %(date)s after absence %(name)s; dues resume.",
                                 date=date_end, name=absence.name)
            membership.message_post(body=message)
            absence.message_post(body=message)
        self.env["golf.notification.log"]._send_once(self, "ended", "golf_membership.mail_template_golf_absence_ended")
