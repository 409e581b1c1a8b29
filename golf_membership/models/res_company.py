from calendar import monthrange
from datetime import date as Date
from datetime import datetime, time, timedelta

from pytz import timezone

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_workflow_mixin import CLERK, COMMITTEE, DIRECTOR, FINANCE, MANAGER, SUPERVISOR

# Contract product fields, keyed by the fee they bill.
GOLF_PRODUCT_FIELDS = {
    "entrance": "golf_product_entrance_id",
    "deposit": "golf_product_deposit_id",
    "dues": "golf_product_dues_id",
    "dependent_dues": "golf_product_dependent_dues_id",
    "late_fee": "golf_product_late_fee_id",
    "transfer_fee": "golf_product_transfer_fee_id",
    "rename_fee": "golf_product_rename_fee_id",
    "absence_fee": "golf_product_absence_fee_id",
    "bag_storage": "golf_product_bag_storage_id",
}

# Who receives a role's to-dos: the setting of the company naming that role's user, by group.
GOLF_RESPONSIBLE_FIELDS = {
    SUPERVISOR: "golf_supervisor_user_id",
    DIRECTOR: "golf_director_user_id",
    COMMITTEE: "golf_committee_user_id",
    FINANCE: "golf_finance_user_id",
    MANAGER: "golf_manager_user_id",
}
# Member-services clerks have no setting of their own: their to-dos go to the supervisor named in the settings,
# who runs the desk and hands the work out (the supervisor holds the clerk group).
GOLF_RESPONSIBLE_FALLBACK_GROUPS = {
    CLERK: SUPERVISOR,
}


def _golf_role_user_domain(group_xmlid):
    """Internal users holding ``group_xmlid`` (directly or through an implied group)."""
    def domain(model):
        group = model.env.ref(group_xmlid, raise_if_not_found=False)
        return [("share", "=", False), ("all_group_ids", "in", group.ids if group else [])]
    return domain


class ResCompany(models.Model):
    _inherit = "res.company"

    golf_product_entrance_id = fields.Many2one("product.product", string="Entrance Fee Product")
    golf_product_deposit_id = fields.Many2one("product.product", string="Deposit Product")
    golf_product_dues_id = fields.Many2one("product.product", string="Monthly Dues Product")
    golf_product_dependent_dues_id = fields.Many2one("product.product", string="Dependent Dues Product")
    golf_product_late_fee_id = fields.Many2one("product.product", string="Late Fee Product")
    golf_product_transfer_fee_id = fields.Many2one("product.product", string="Transfer Fee Product")
    golf_product_rename_fee_id = fields.Many2one("product.product", string="Rename Fee Product")
    golf_product_absence_fee_id = fields.Many2one("product.product", string="Absence Fee Product")
    golf_product_bag_storage_id = fields.Many2one("product.product", string="Bag Storage Product")

    # Policies; defaults are the figures of the club's procedures.
    golf_balance_days = fields.Integer(
        string="Balance Payment Days", default=7, help="Days after the deposit is paid to pay the balance."
    )
    golf_card_days = fields.Integer(
        string="Member Card Working Days", default=20, help="Working days to make the card and bag tag."
    )
    golf_certificate_days = fields.Integer(
        string="Certificate Working Days", default=30, help="Working days to make the certificate."
    )
    golf_dependent_card_days = fields.Integer(
        string="Dependent Card Working Days", default=5, help="Working days to issue a dependent card."
    )
    golf_late_fee_days = fields.Integer(
        string="Late Fee After (days)", default=30, help="Days after the due date before a late fee is added."
    )
    golf_late_fee_amount = fields.Float(
        string="Late Fee Amount", default=0.0, help="Fixed late fee; when zero the percentage applies."
    )
    golf_late_fee_percent = fields.Float(
        string="Late Fee (%)", default=5.0, help="Percentage of the amount still owed."
    )
    golf_suspension_days = fields.Integer(
        string="Suspension After (days)", default=180,
        help="Days of unpaid dues after which the membership is suspended.",
    )
    golf_transfer_min_years = fields.Integer(
        string="Transfer Minimum Years", default=2,
        help="Years since the official start before a membership may be transferred.",
    )
    golf_transfer_notice_days = fields.Integer(
        string="Transfer Notice Days", default=30,
        help="Days between the written transfer declaration and the transfer.",
    )
    golf_absence_min_months = fields.Integer(string="Absence Minimum Months", default=6, help="Shortest absence.")
    golf_absence_max_months = fields.Integer(string="Absence Maximum Months", default=24, help="Longest absence.")
    golf_absence_gap_months = fields.Integer(
        string="Months Between Absences", default=12,
        help="Months between the end of an absence and the start of the next.",
    )
    golf_absence_notice_days = fields.Integer(
        string="Absence Notice Days", default=15,
        help="Days between the written request and the start of an absence.",
    )
    golf_card_fee_percent = fields.Float(
        string="Credit-Card Fee Kept (%)", default=3.0, help="Share of card payments kept on refunds."
    )

    # R-11.2 / R-11.3 / R-11.5: member services' deadlines, visit intervals and targets.
    golf_response_hours = fields.Integer(
        string="Answer Within (hours)", default=24, help="Every request is answered within these hours."
    )
    golf_general_working_days = fields.Integer(
        string="General Requests Settled Within (working days)", default=15,
        help="Working days to settle a general request; simple ones are settled on the day.",
    )
    golf_complex_months = fields.Integer(
        string="Complex Requests Settled Within (months)", default=1, help="Months to settle a complex request."
    )
    golf_key_member_visit_months = fields.Integer(
        string="Key Members Visited Every (months)", default=6,
        help="Longest time between two return visits or calls to a key member.",
    )
    golf_member_visit_months = fields.Integer(
        string="Members Visited Every (months)", default=12,
        help="Longest time between two return visits or calls to any other member.",
    )
    golf_timeliness_target = fields.Float(
        string="Timeliness Target (%)", default=90.0,
        help="Share of the requests answered and settled by their deadlines.",
    )
    golf_satisfaction_target = fields.Float(
        string="Satisfaction Target (%)", default=85.0, help="Lowest average satisfaction score."
    )
    golf_complaint_rate_target = fields.Float(
        string="Complaint Rate Target (%)", default=3.0,
        help="The complaints found to be the club's fault stay below this share of the requests.",
    )
    # the first monthly report covers the register from this day (empty: from the first membership).
    golf_register_start = fields.Date(
        string="Register Reports From",
        help="The first monthly membership report starts on this day; empty: on the start of the club's first "
        "membership. Each later report starts the day after the previous one ends.",
    )
    # weekend days declared working days (调休); public holidays are the leaves of the
    # company's working hours.
    golf_working_day_ids = fields.One2many("golf.working.day", "company_id", string="Extra Working Days")

    golf_billing_month = fields.Integer(
        string="Yearly Billing Month", default=11, help="The yearly dues run bills next year from this date."
    )
    golf_billing_day = fields.Integer(string="Yearly Billing Day", default=20)
    golf_dues_due_month = fields.Integer(
        string="Dues Due Month", default=12, help="Next year's dues are due on this date of the year before."
    )
    golf_dues_due_day = fields.Integer(string="Dues Due Day", default=31)
    golf_dependent_cancel_days = fields.Integer(
        string="Dependent Cancellation Days", default=30,
        help="A dependent cancelled within these days after the yearly bill is credited on it.",
    )
    # a child is a dependent aged 4 to 18; the club says when one who turns 19 leaves.
    golf_child_leave = fields.Selection(
        [("year_end", "At the End of the Billed Year"), ("birthday", "On the 19th Birthday")],
        string="Children Turning 19 Leave", default="year_end", required=True,
        help="A child dependent who turns 19 stays until the end of the year whose dues were billed, or leaves "
        "on the birthday.",
    )
    golf_child_notice_days = fields.Integer(
        string="Notice Before a Child Turns 19 (days)", default=30,
        help="Days before the 19th birthday of a child dependent that member services are asked to tell the member.",
    )
    golf_reminder_days = fields.Integer(
        string="Reminder Days", default=7, help="Days before an instalment or a storage expiry "
        "that the member is reminded.",
    )
    golf_portal_invite = fields.Boolean(
        string="Invite Members to the Portal", default=True,
        help="When a membership becomes active, a member who has no portal access yet is invited to the portal "
        "by e-mail.",
    )
    golf_billing_batch_size = fields.Integer(
        string="Billing Batch Size", default=500, help="Memberships billed per committed batch."
    )

    # Who receives each role's to-dos (activities); empty: the first user of the role in the company.
    golf_supervisor_user_id = fields.Many2one(
        "res.users", string="Member-Services Supervisor", check_company=True,
        domain=_golf_role_user_domain(SUPERVISOR),
        help="Receives the supervisor's to-dos and those of the member-services desk, and hands them out.",
    )
    golf_director_user_id = fields.Many2one(
        "res.users", string="Marketing Director", check_company=True,
        domain=_golf_role_user_domain(DIRECTOR),
        help="Receives the applications and dependent cards to decide.",
    )
    golf_committee_user_id = fields.Many2one(
        "res.users", string="Review Committee", check_company=True,
        domain=_golf_role_user_domain(COMMITTEE),
        help="Receives the transfers and nominee changes to decide.",
    )
    golf_finance_user_id = fields.Many2one(
        "res.users", string="Finance", check_company=True,
        domain=_golf_role_user_domain(FINANCE),
        help="Receives the fee checks, payments and refunds to follow.",
    )
    golf_manager_user_id = fields.Many2one(
        "res.users", string="Club Management", check_company=True,
        domain=_golf_role_user_domain(MANAGER),
        help="Receives what club management approves (sold-out phases, sanctions, dependent cards).",
    )

    _golf_policy_positive = models.Constraint(
        "CHECK(golf_balance_days >= 0 AND golf_card_days >= 0 AND golf_certificate_days >= 0"
        " AND golf_dependent_card_days >= 0 AND golf_late_fee_days >= 0 AND golf_late_fee_amount >= 0"
        " AND golf_late_fee_percent >= 0 AND golf_suspension_days >= 0 AND golf_transfer_min_years >= 0"
        " AND golf_transfer_notice_days >= 0 AND golf_absence_min_months >= 0"
        " AND golf_absence_max_months >= 0 AND golf_absence_gap_months >= 0"
        " AND golf_absence_notice_days >= 0 AND golf_card_fee_percent >= 0 AND golf_card_fee_percent <= 100"
        " AND golf_dependent_cancel_days >= 0 AND golf_child_notice_days >= 0 AND golf_reminder_days >= 0 AND golf_billing_batch_size >= 1"
        " AND golf_billing_month BETWEEN 1 AND 12 AND golf_billing_day BETWEEN 1 AND 31"
        " AND golf_dues_due_month BETWEEN 1 AND 12 AND golf_dues_due_day BETWEEN 1 AND 31"
        " AND golf_response_hours >= 1 AND golf_general_working_days >= 0 AND golf_complex_months >= 0"
        " AND golf_key_member_visit_months >= 1 AND golf_member_visit_months >= 1"
        " AND golf_timeliness_target BETWEEN 0 AND 100 AND golf_satisfaction_target BETWEEN 0 AND 100"
        " AND golf_complaint_rate_target BETWEEN 0 AND 100)",
        "Golf membership policies cannot be negative, and the card fee is a percentage.",
    )

    @api.constrains(*GOLF_RESPONSIBLE_FIELDS.values())
    def _check_golf_responsible_users(self):
        """Each role's to-dos go to an internal, active user of the company who holds the role."""
        for company in self:
            for group_xmlid, field_name in GOLF_RESPONSIBLE_FIELDS.items():
                user = company[field_name]
                if user and not company._golf_user_may_act(user, group_xmlid):
                    raise ValidationError(self.env._(
                        "%(user)s cannot receive the to-dos of %(role)s for %(company)s: choose an active internal "
                        "user of this company who belongs to that group.",
                        user=user.sudo().name, role=self.env.ref(group_xmlid).sudo().name, company=company.name,
                    ))

    def write(self, vals):
        """Club management edits the club's golf settings (the ``golf_*`` fields), not the company itself: a golf
        manager without the rights to edit companies writes those fields, and only those, as superuser (the
        manager stays the author of the change). Any other write follows the access rights, so a golf manager's
        write of the company's name or currency is refused."""
        if self._golf_manager_settings_write(vals):
            self.check_access("read")  # one of the manager's companies
            return super(ResCompany, self.sudo()).write(vals)
        return super().write(vals)

    def _golf_manager_settings_write(self, vals):
        return (
            not self.env.su
            and vals
            and all(name.startswith("golf_") for name in vals)
            and not self.env["ir.model.access"].check("res.company", "write", raise_exception=False)
            and self.env.user.has_group(MANAGER)
        )

    def _golf_product(self, fee):
        """Return the product configured for ``fee`` (a key of GOLF_PRODUCT_FIELDS)."""
        self.ensure_one()
        product = self[GOLF_PRODUCT_FIELDS[fee]] or self.env.ref(
            f"golf_membership.product_golf_{fee}", raise_if_not_found=False
        )
        if not product:
            raise UserError(
                self.env._(
                    "No product is configured for %(fee)s in the golf membership settings of %(company)s.",
                    fee=self._fields[GOLF_PRODUCT_FIELDS[fee]].string,
                    company=self.name,
                )
            )
        return product

    def _golf_add_working_days(self, date, days):
        """Return the date ``days`` working days after ``date`` (R-1.7, R-7.3, R-11.2).

        Working days are the days of the company's working hours, less its public holidays (the leaves of
        those working hours), plus the weekend days the club declared working days (调休, ``golf.working.day``).
        """
        self.ensure_one()
        if days <= 0:
            return date
        window = days * 2 + 31
        while True:
            working = self._golf_working_dates(date + timedelta(days=1), date + timedelta(days=window))
            if len(working) >= days:
                return working[days - 1]
            window *= 2

    def _golf_working_dates(self, date_from, date_to):
        """The sorted working days from ``date_from`` to ``date_to`` (inclusive) of the company."""
        self.ensure_one()
        calendar = self.sudo().resource_calendar_id  # the club's days, whoever counts them
        if calendar:
            tz = timezone(calendar.tz or "UTC")
            start = tz.localize(datetime.combine(date_from, time.min))
            end = tz.localize(datetime.combine(date_to, time.max))
            intervals = calendar._work_intervals_batch(start, end, compute_leaves=True)[False]
            days = {interval_start.date() for interval_start, __, __ in intervals}
        else:
            days = {date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)}
        extra = self.env["golf.working.day"].sudo().search_fetch(
            [("company_id", "=", self.id), ("date", ">=", date_from), ("date", "<=", date_to)], ["date"]
        )
        return sorted(days | set(extra.mapped("date")))

    def _golf_user_may_act(self, user, group_xmlid):
        """Whether ``user`` is an active internal user of this company holding ``group_xmlid``."""
        self.ensure_one()
        user = user.sudo()
        group = self.env.ref(group_xmlid)
        return bool(
            user.active and not user.share and self in user.company_ids and group in user.all_group_ids
        )

    def _golf_responsible_user(self, group_xmlid):
        """Who gets the next activity of the role ``group_xmlid`` in this company.

        The user named for that role in the company's golf settings (``golf_<role>_user_id``); the clerks' to-dos
        go to the supervisor named there (GOLF_RESPONSIBLE_FALLBACK_GROUPS). When nobody is named, or the named
        user no longer belongs to the company or the role, the first internal user of the company holding the
        group (implied groups count, so club management holds every role)."""
        self.ensure_one()
        setting = GOLF_RESPONSIBLE_FIELDS.get(group_xmlid) or GOLF_RESPONSIBLE_FIELDS.get(
            GOLF_RESPONSIBLE_FALLBACK_GROUPS.get(group_xmlid)
        )
        configured = setting and self.sudo()[setting]
        if configured and self._golf_user_may_act(configured, group_xmlid):
            return configured.with_env(self.env)
        group = self.env.ref(group_xmlid)
        users = group.sudo().all_user_ids.filtered(
            lambda user: self in user.company_ids and not user.share and user.active and user.id != 1
        )
        return (users.sorted("id")[:1] or self.env.user).with_env(self.env)

    def _golf_date_in_year(self, year, month, day):
        """The given day of ``year``, clipped to the month's last day (31 November is 30 November)."""
        return Date(year, month, min(day, monthrange(year, month)[1]))

    def _golf_dues_date_due(self, year):
        """R-6.2: next year's dues are due before the end of December of the year before."""
        self.ensure_one()
        return self._golf_date_in_year(year - 1, self.golf_dues_due_month, self.golf_dues_due_day)

    def _golf_billing_date(self, year):
        """R-6.2: the day the dues of ``year`` are billed (before 1 December of the year before)."""
        self.ensure_one()
        return self._golf_date_in_year(year - 1, self.golf_billing_month, self.golf_billing_day)

    # who receives the internal memo (内部通函) of a transfer or a nominee change.
    golf_memo_partner_ids = fields.Many2many(
        "res.partner", "golf_company_memo_partner_rel", "company_id", "partner_id",
        string="Departments receiving internal memos",
        help="The departments (contacts with an e-mail address) told of every transfer and "
        "nominee change by internal memo.",
    )

    # the payment reminders (催款) sent for an overdue invoice, by days overdue.
    golf_payment_reminder_steps = fields.Char(
        string="Payment Reminders (days overdue)", default="15,30,60",
        help="Days overdue at which a payment reminder is sent for an unpaid invoice of the club, separated by "
        "commas, e.g. 15,30,60: the first reminder at 15 days, the second at 30, the last at 60. Empty: no "
        "reminder.",
    )

    @api.constrains("golf_payment_reminder_steps")
    def _check_golf_payment_reminder_steps(self):
        for company in self:
            company._golf_payment_reminder_steps()

    def _golf_payment_reminder_steps(self):
        """The days overdue of each payment reminder, ascending (R-6.1): [15, 30, 60] by default."""
        self.ensure_one()
        text = (self.golf_payment_reminder_steps or "").replace("，", ",")
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise ValidationError(self.env._(
                "Enter the payment reminders as days overdue separated by commas, e.g. 15,30,60."
            ))
        steps = [int(part) for part in parts]
        if any(day < 1 for day in steps) or steps != sorted(set(steps)):
            raise ValidationError(self.env._(
                "The payment reminders are increasing numbers of days overdue, each at least 1, e.g. 15,30,60."
            ))
        return steps
