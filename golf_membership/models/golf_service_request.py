from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import urls
from odoo.tools.misc import format_datetime

from .golf_activity import for_reader
from .golf_membership import RUNNING_STATES
from .golf_workflow_mixin import CLERK, SUPERVISOR, Transition

SERVICE_CATEGORIES = [
    ("enquiry", "Enquiry"),
    ("suggestion", "Suggestion"),
    ("complaint", "Complaint"),
    ("repair", "Repair"),
    ("other", "Other"),
]
SERVICE_CHANNELS = [
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("visit", "Visit"),
    ("email", "E-mail"),
    ("online", "Online"),
]
SERVICE_COMPLEXITIES = [
    ("simple", "Simple"),
    ("general", "General"),
    ("complex", "Complex"),
]
SERVICE_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "in_progress")

# member services answer and settle; the supervisor checks and closes, or cancels a
# duplicate (cancelled requests leave the KPIs of ).
SERVICE_TRANSITIONS = (
    Transition("respond", ("new",), "in_progress", (CLERK,)),
    Transition("resolve", OPEN_STATES, "resolved", (CLERK,), guard="_resolve_refusal"),
    Transition("close", ("resolved",), "closed", (SUPERVISOR,)),
    Transition("cancel", OPEN_STATES, "cancelled", (SUPERVISOR,)),
)

# R-11.2 (answer within 24 hours; general requests settled within 15 working days, complex ones within one
# month, simple ones on the day) and R-11.5 (timeliness >= 90 %, satisfaction >= 85 %, complaints that are the
# club's fault < 3 %) are settings of the company: golf_response_hours, golf_general_working_days,
# golf_complex_months and the golf_*_target fields. The KPI names and the setting holding each target:
SERVICE_KPI_TARGET_FIELDS = {
    "timeliness": "golf_timeliness_target",
    "satisfaction": "golf_satisfaction_target",
    "complaint_rate": "golf_complaint_rate_target",
}


ACTIVITY_FOLLOW_UP = "golf_membership.mail_act_golf_service_request"
ACTIVITY_ANSWER_DEADLINE = "golf_membership.mail_act_golf_service_answer_deadline"
ACTIVITY_DEADLINE = "golf_membership.mail_act_golf_service_deadline"
ACTIVITY_TYPES = (ACTIVITY_FOLLOW_UP, ACTIVITY_ANSWER_DEADLINE, ACTIVITY_DEADLINE)


def club_tz(company):
    """Deadlines are days of the club: the time zone of the company calendar."""
    return pytz.timezone(company.resource_calendar_id.tz or company.partner_id.tz or "UTC")


def club_local_date(company, value):
    """The club's calendar day of the naive UTC datetime ``value``."""
    return pytz.utc.localize(value).astimezone(club_tz(company)).date() if value else False


def club_end_of_day(company, day):
    """The last second of the club's calendar day ``day``, as a naive UTC datetime."""
    local = club_tz(company).localize(datetime.combine(day, time(23, 59, 59)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


class GolfServiceRequest(models.Model):
    """An enquiry, suggestion, complaint or repair request of a member (R-11)."""

    _name = "golf.service.request"
    _description = "Member Service Request"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _workflow_transitions = SERVICE_TRANSITIONS
    _workflow_initial_state = "new"
    # Written only by the actions and the satisfaction survey: they feed the KPIs of.
    _workflow_fields = (
        "date_responded", "date_resolved", "date_closed", "satisfaction", "satisfaction_recorded",
        "survey_user_input_id", "response_warned", "resolution_warned",
    )
    # The receipt time can be corrected while the request is new.
    _workflow_draft_fields = ("date_received",)
    _workflow_draft_states = ("new",)
    _rec_names_search = ["name", "subject", "partner_id.name"]
    _primary_email = "email_from"

    def _default_user(self):
        return self.env.user if self.env.user.has_group(CLERK) else False

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram")
    subject = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    email_from = fields.Char(string="E-mail", help="Address the request came from (e-mail channel).")
    membership_id = fields.Many2one(
        "golf.membership",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        compute="_compute_membership_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="['|', ('partner_id', '=', partner_id), ('member_partner_id', '=', partner_id)]",
    )
    category = fields.Selection(SERVICE_CATEGORIES, required=True, default="enquiry", tracking=True, index=True)
    channel = fields.Selection(SERVICE_CHANNELS, required=True, default="phone", tracking=True)
    complexity = fields.Selection(
        SERVICE_COMPLEXITIES,
        required=True,
        default="general",
        tracking=True,
        help="Simple requests are settled on the day of receipt, general ones within "
        "15 working days, complex ones within one month.",
    )
    description = fields.Html()
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        default=lambda self: self._default_user(),
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        SERVICE_STATES,
        default="new",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    date_received = fields.Datetime(
        string="Received",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        index=True,
        copy=False,
    )
    date_response_deadline = fields.Datetime(
        string="Answer By",
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        help="Every request is answered within the hours set by the club.",
    )
    date_resolution_deadline = fields.Datetime(
        string="Settle By",
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        tracking=True,
    )
    date_expected = fields.Date(
        string="Expected Date",
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        help="The day the member is told the request will be settled by.",
    )
    date_responded = fields.Datetime(string="Answered", readonly=True, copy=False, tracking=True)
    date_resolved = fields.Datetime(string="Resolved On", readonly=True, copy=False, tracking=True)
    date_closed = fields.Datetime(string="Closed", readonly=True, copy=False)
    responded_on_time = fields.Boolean(
        string="Answered in Time",
        compute="_compute_responded_on_time",
        store=True,
        help="Answered before the response deadline.",
    )
    resolved_on_time = fields.Boolean(
        string="Settled in Time",
        compute="_compute_resolved_on_time",
        store=True,
        help="Settled by the date the member was told.",
    )
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    resolution = fields.Html(string="Answer / Solution", copy=False)
    club_fault = fields.Boolean(
        string="Club at Fault",
        tracking=True,
        copy=False,
        help="Complaints found to be the club's fault count against the complaint-rate target.",
    )
    root_cause = fields.Text(copy=False, help="Why it happened.")
    corrective_action = fields.Text(
        string="Action Against Recurrence",
        copy=False,
        help="What was done so that the same complaint does not recur.",
    )
    satisfaction = fields.Float(
        string="Satisfaction (%)",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        tracking=True,
        help="Score of the member's satisfaction survey, from 0 to 100.",
    )
    satisfaction_recorded = fields.Boolean(string="Surveyed", readonly=True, copy=False)
    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Satisfaction Survey",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="survey.group_survey_user",
    )
    survey_url = fields.Char(
        string="Survey Link",
        compute="_compute_survey_url",
        compute_sudo=True,
        help="Link to the member's satisfaction survey; it can also be filled in with the member by phone.",
    )
    response_warned = fields.Boolean(readonly=True, copy=False)
    resolution_warned = fields.Boolean(readonly=True, copy=False)

    can_respond = fields.Boolean(compute="_compute_workflow_buttons")
    can_resolve = fields.Boolean(compute="_compute_workflow_buttons")
    can_close = fields.Boolean(compute="_compute_workflow_buttons")
    can_cancel = fields.Boolean(compute="_compute_workflow_buttons")

    _name_company_uniq = models.Constraint("UNIQUE(name, company_id)", "The request reference must be unique.")
    _open_deadline_idx = models.Index("(date_resolution_deadline) WHERE state IN ('new', 'in_progress')")

    # ------------------------------------------------------------------ computes

    @api.depends("partner_id")
    def _compute_membership_id(self):
        """The member's running membership, when there is exactly one."""
        partners = self.partner_id
        memberships = (
            self.env["golf.membership"].search(
                [
                    "|",
                    ("member_partner_id", "in", partners.ids),
                    ("partner_id", "in", partners.ids),
                    ("state", "in", RUNNING_STATES),
                ]
            )
            if partners
            else self.env["golf.membership"]
        )
        for request in self:
            if request.membership_id and request.partner_id in (
                request.membership_id.partner_id | request.membership_id.member_partner_id
            ):
                continue
            own = memberships.filtered(lambda m, p=request.partner_id: p and p in (m.partner_id | m.member_partner_id))
            request.membership_id = own if len(own) == 1 else False

    @api.depends("date_received", "complexity", "company_id")
    def _compute_deadlines(self):
        for request in self:
            if not request.date_received:
                request.date_response_deadline = request.date_resolution_deadline = request.date_expected = False
                continue
            deadline = request._resolution_deadline()
            hours = (request.company_id or self.env.company).golf_response_hours
            request.date_response_deadline = request.date_received + timedelta(hours=hours)
            request.date_resolution_deadline = deadline
            request.date_expected = request._local_date(deadline)

    @api.depends("date_responded", "date_response_deadline")
    def _compute_responded_on_time(self):
        for request in self:
            request.responded_on_time = bool(
                request.date_responded
                and request.date_response_deadline
                and request.date_responded <= request.date_response_deadline
            )

    @api.depends("date_resolved", "date_resolution_deadline")
    def _compute_resolved_on_time(self):
        for request in self:
            request.resolved_on_time = bool(
                request.date_resolved
                and request.date_resolution_deadline
                and request.date_resolved <= request.date_resolution_deadline
            )

    @api.depends("state", "date_responded", "date_response_deadline", "date_resolution_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for request in self:
            late_answer = (
                not request.date_responded and request.date_response_deadline and (request.date_response_deadline < now)
            )
            late_solution = request.date_resolution_deadline and request.date_resolution_deadline < now
            request.is_overdue = request.state in OPEN_STATES and bool(late_answer or late_solution)

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        now = fields.Datetime.now()
        overdue = Domain("state", "in", OPEN_STATES) & (
            (Domain("date_responded", "=", False) & Domain("date_response_deadline", "<", now))
            | Domain("date_resolution_deadline", "<", now)
        )
        wanted = set(value) if operator == "in" else {True, False} - set(value)
        if wanted == {True}:
            return overdue
        if wanted == {False}:
            return ~overdue
        return Domain.TRUE if wanted else Domain.FALSE

    def _compute_survey_url(self):
        for request in self:
            user_input = request.survey_user_input_id
            request.survey_url = (
                urls.urljoin(request.get_base_url(), user_input.get_start_url()) if user_input else False
            )

    @api.depends("category", "root_cause", "corrective_action")
    def _compute_workflow_buttons(self):
        """A complaint is resolved only with its analysis (``_resolve_refusal``)."""
        return super()._compute_workflow_buttons()

    # ------------------------------------------------------------------ dates

    def _service_tz(self):
        self.ensure_one()
        return club_tz(self.company_id or self.env.company)

    def _local_date(self, value):
        """The club's calendar day of the UTC datetime ``value``."""
        return club_local_date(self.company_id or self.env.company, value)

    def _end_of_local_day(self, day):
        return club_end_of_day(self.company_id or self.env.company, day)

    def _resolution_deadline(self):
        """R-11.2: simple: the day of receipt; general: the working days set by the club (15) on the club's
        working days; complex: the months set by the club (one)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if self.complexity == "complex":
            return self.date_received + relativedelta(months=company.golf_complex_months)
        day = self._local_date(self.date_received)
        if self.complexity == "general":
            day = company._golf_add_working_days(day, company.golf_general_working_days)
        return self._end_of_local_day(day)

    # ------------------------------------------------------------------ constraints

    @api.constrains("date_received", "date_responded", "date_resolved")
    def _check_dates(self):
        for request in self:
            if request.date_responded and request.date_responded < request.date_received:
                raise ValidationError(
                    self.env._(
                        "Request %(name)s cannot be answered (%(answered)s) before it was received (%(received)s).",
                        name=request.name,
                        answered=request.date_responded,
                        received=request.date_received,
                    )
                )
            if request.date_resolved and request.date_resolved < request.date_received:
                raise ValidationError(
                    self.env._(
                        "Request %(name)s cannot be resolved (%(resolved)s) before it was received (%(received)s).",
                        name=request.name,
                        resolved=request.date_resolved,
                        received=request.date_received,
                    )
                )

    @api.constrains("satisfaction")
    def _check_satisfaction(self):
        for request in self:
            if not 0 <= request.satisfaction <= 100:
                raise ValidationError(
                    self.env._(
                        "The satisfaction of request %(name)s must be between 0 and 100, not %(score)s.",
                        name=request.name,
                        score=request.satisfaction,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        """A new request starts unanswered: the answer, resolution and score come from the actions and the
        survey only (R-11.5), which the workflow engine enforces."""
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("golf.service.request") or "/"
        requests = super().create(vals_list)
        requests._assign_default_user()
        requests._schedule_todo()
        return requests

    def write(self, vals):
        result = super().write(vals)
        if vals.get("user_id"):
            self._reassign_activities(vals["user_id"])
        return result

    def _reassign_activities(self, user_id):
        """The service to-dos follow the request to its new assignee."""
        our_types = self.env["mail.activity.type"].concat(*(self.env.ref(xmlid) for xmlid in ACTIVITY_TYPES))
        self.activity_ids.filtered(lambda act: act.activity_type_id in our_types).write({"user_id": user_id})

    @api.ondelete(at_uninstall=False)
    def _unlink_keep_records(self):
        """R-11.6: service records are kept; archive them instead."""
        raise UserError(self.env._("Service requests are kept: archive them instead of deleting them."))

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A request e-mailed to the service alias (R-11.1): the sender becomes the member."""
        values = {
            "name": "/",  # the reference comes from the sequence, not from the subject
            "subject": msg_dict.get("subject") or self.env._("No Subject"),
            "channel": "email",
            "email_from": msg_dict.get("email_from") or msg_dict.get("from"),
            "description": msg_dict.get("body"),
        }
        partner = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not partner and values["email_from"]:
            partner = self._partner_find_from_emails_single([values["email_from"]], no_create=False)
        if partner:
            values["partner_id"] = partner.id
        values.update(custom_values or {})
        return super(GolfServiceRequest, self.with_context(default_user_id=False)).message_new(
            msg_dict, custom_values=values
        )

    # ------------------------------------------------------------------ helpers

    def _resolve_refusal(self):
        """R-11.1: a complaint is resolved only with its root cause and the action against recurrence."""
        self.ensure_one()
        if self.category != "complaint":
            return False
        missing = [
            self._fields[name]._description_string(self.env)
            for name in ("root_cause", "corrective_action")
            if not (self[name] or "").strip()
        ]
        if missing:
            return self.env._(
                "Complaint %(name)s cannot be resolved without: %(missing)s.",
                name=self.name, missing=", ".join(missing),
            )
        return False

    def _assign_default_user(self):
        """Requests nobody took (e-mail alias, import) go to the company's member-services clerk."""
        for request in self.filtered(lambda r: not r.user_id):
            request.user_id = request.company_id._golf_responsible_user(CLERK)

    def _schedule_todo(self):
        """R-11.2: the assignee answers within 24 hours."""
        for request in self.filtered(lambda r: r.state == "new"):
            assignee = request.user_id or self.env.user
            readable = for_reader(request, assignee)
            readable.activity_schedule(
                ACTIVITY_FOLLOW_UP,
                date_deadline=request._local_date(request.date_response_deadline),
                user_id=assignee.id,
                summary=readable.env._("Answer within 24 hours"),
                note=readable.env._(
                    "Answer %(name)s by %(deadline)s.",
                    name=request.name,
                    deadline=readable._format_datetime(request.date_response_deadline),
                ),
            )

    def _format_datetime(self, value):
        """``value`` as the club reads it: in the time zone of the company calendar."""
        return format_datetime(self.env, value, tz=self._service_tz().zone, dt_format="short") if value else ""

    # ------------------------------------------------------------------ actions

    def action_respond(self):
        """R-11.2: first answer to the member, who is told the date it will be settled by."""
        self._take_action("respond", date_responded=fields.Datetime.now())
        self.activity_feedback([ACTIVITY_FOLLOW_UP, ACTIVITY_ANSWER_DEADLINE])
        template = self.env.ref("golf_membership.mail_template_service_expected_date", raise_if_not_found=False)
        for request in self:
            if template:
                request.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
            assignee = request.user_id or self.env.user
            readable = for_reader(request, assignee)
            readable.activity_schedule(
                ACTIVITY_FOLLOW_UP,
                date_deadline=request.date_expected,
                user_id=assignee.id,
                summary=readable.env._("Settle the request"),
                note=readable.env._("Settle %(name)s by %(date)s.", name=request.name, date=request.date_expected),
            )
        return True

    def action_resolve(self):
        """R-11.1 / R-11.4: settle the request (on the spot when it is still new); complaints need
        their cause and the action against recurrence; the member gets the satisfaction survey."""
        self._check_action("resolve")
        now = fields.Datetime.now()
        on_the_spot = self.filtered(lambda r: not r.date_responded)
        on_the_spot._apply_action("resolve", date_responded=now, date_resolved=now)
        (self - on_the_spot)._apply_action("resolve", date_resolved=now)
        self.activity_feedback(list(ACTIVITY_TYPES))
        self._send_satisfaction_survey()
        return True

    def action_close(self):
        """The supervisor closes a resolved request after checking it."""
        self._take_action("close", date_closed=fields.Datetime.now())
        return True

    def action_cancel(self):
        """Duplicates and mistakes; only a supervisor may, since cancelled requests leave the KPIs (R-11.5)."""
        self._take_action("cancel")
        self.activity_unlink(list(ACTIVITY_TYPES))
        return True

    def action_open_survey(self):
        self.ensure_one()
        if not self.survey_url:
            raise UserError(self.env._("No satisfaction survey was sent for %(name)s.", name=self.name))
        return {"type": "ir.actions.act_url", "url": self.survey_url, "target": "new"}

    # ------------------------------------------------------------------ satisfaction

    def _send_satisfaction_survey(self):
        survey = self.env.ref("golf_membership.survey_golf_service_satisfaction", raise_if_not_found=False)
        if not survey or not survey.sudo().active:  # archived by the club: no more surveys
            return
        survey = survey.sudo()
        to_survey = self.sudo().filtered(lambda r: not r.survey_user_input_id)
        template = self.env.ref("golf_membership.mail_template_service_survey", raise_if_not_found=False)
        for request in to_survey:
            request.survey_user_input_id = survey._create_answer(
                partner=request.partner_id,
                check_attempts=False,
                golf_service_request_id=request.id,
            )
        for request in self.filtered(lambda r: r in to_survey):
            if template and request.partner_id.email:
                request.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
            else:
                request.message_post(
                    body=self.env._(
                        "%(member)s has no e-mail address: fill in the satisfaction survey with the member "
                        "by phone.",
                        member=request.partner_id.display_name,
                    )
                )

    def _record_satisfaction(self, score):
        """Called when the member completes the survey (R-11.4): an automatic rule, written as superuser."""
        self.sudo().write({"satisfaction": score, "satisfaction_recorded": True})
        for request in self:
            request.message_post(
                body=self.env._(
                    "The member answered the satisfaction survey: %(score)s %%.",
                    score=round(score, 2),
                )
            )

    # ------------------------------------------------------------------ KPIs

    @api.model
    def _kpi_period_domain(self, date_from, date_to, company):
        """Requests received on the club's days ``date_from`` to ``date_to`` (inclusive)."""
        start = club_end_of_day(company, fields.Date.to_date(date_from) - timedelta(days=1)) + timedelta(seconds=1)
        end = club_end_of_day(company, fields.Date.to_date(date_to))
        return Domain(
            [
                ("company_id", "=", company.id),
                ("date_received", ">=", start),
                ("date_received", "<=", end),
                ("state", "!=", "cancelled"),
            ]
        )

    @api.model
    def _get_kpis(self, date_from, date_to, company=None):
        """R-11.5 for the requests received from ``date_from`` to ``date_to`` (club days, inclusive):

        * timeliness: % of the requests due for an answer (answered, or past the answer deadline)
          that were answered before their deadline and not settled late (settled after the settlement
          deadline, or still open past it) (target 90 % by default);
        * satisfaction: average score of the surveyed requests (target 85 %);
        * complaint_rate: % of the requests that are complaints found to be the club's fault
          (target below 3 %).
        The targets are the company's settings.

        Cancelled and archived requests do not count. A rate without any request behind it is 0.
        """
        company = company or self.env.company
        requests = self._search(self._kpi_period_domain(date_from, date_to, company))
        figures = self.env["golf.service.kpi"]._period_figures(requests)
        counts = ("request_count", "response_due_count", "on_time_count", "surveyed_count", "complaint_count",
                  "club_fault_count")
        rates = ("timeliness", "satisfaction", "complaint_rate")
        return {
            **{count: figures.get(count) or 0 for count in counts},
            **{rate: float(figures.get(rate) or 0.0) for rate in rates},
            "targets": {kpi: company[field] for kpi, field in SERVICE_KPI_TARGET_FIELDS.items()},
        }

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_daily_service(self):
        """R-11.2: the assignee is warned once when an answer or a settlement is due within a day
        or late. Idempotent: the warning flags are set in the same run."""
        soon = fields.Datetime.now() + timedelta(days=1)
        companies = [("company_id", "in", self.env.companies.ids)]
        to_answer = self.search(companies + [
            ("state", "=", "new"), ("date_responded", "=", False), ("response_warned", "=", False),
            ("date_response_deadline", "<=", soon),
        ])
        to_settle = self.search(companies + [
            ("state", "in", OPEN_STATES), ("resolution_warned", "=", False), ("date_resolution_deadline", "<=", soon),
        ])
        vals_list = to_answer._deadline_activity_vals(
            "date_response_deadline", ACTIVITY_ANSWER_DEADLINE, self.env._("%(name)s must be answered by %(deadline)s."),
        ) + to_settle._deadline_activity_vals(
            "date_resolution_deadline", ACTIVITY_DEADLINE, self.env._("%(name)s must be settled by %(deadline)s."),
        )
        if vals_list:
            # The warnings land in the assignees' activity menu at once; no e-mail per request.
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        to_answer.sudo().write({"response_warned": True})
        to_settle.sudo().write({"resolution_warned": True})
        return True

    def _deadline_activity_vals(self, deadline_field, activity_xmlid, message):
        """One warning per request, for its assignee, or member services' clerk when nobody is assigned (R-11.2)."""
        activity_type = self.env.ref(activity_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        clerks = {company: company._golf_responsible_user(CLERK) for company in self.company_id}
        return [
            {
                "res_model_id": model_id,
                "res_id": request.id,
                "activity_type_id": activity_type.id,
                "user_id": (request.user_id or clerks[request.company_id]).id,
                "date_deadline": request._local_date(request[deadline_field]),
                "summary": activity_type.summary,
                "note": message % {"name": request.name, "deadline": request._format_datetime(request[deadline_field])},
                "automated": True,
            }
            for request in self
        ]
