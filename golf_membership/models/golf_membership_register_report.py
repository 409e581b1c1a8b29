from calendar import monthrange
from collections import Counter
from datetime import date as Date
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .golf_membership import RUNNING_STATES
from .golf_workflow_mixin import DIRECTOR, MANAGER

# the report of the month is ready by this day.
REPORT_DAY = 25
# The register: memberships the club approved, running or ended.
REGISTER_STATES = (*RUNNING_STATES, "historical")
MONTHS = [
    ("1", "January"), ("2", "February"), ("3", "March"), ("4", "April"), ("5", "May"), ("6", "June"),
    ("7", "July"), ("8", "August"), ("9", "September"), ("10", "October"), ("11", "November"), ("12", "December"),
]


class GolfMembershipRegisterReport(models.Model):
    """The monthly membership report (会员报表, R-12.3): counts by tier and status, joiners, leavers by
    reason, absences, transfers and nominee changes of a month; printed, exported and sent to management."""

    _name = "golf.membership.register.report"
    _description = "Monthly Membership Report"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    month = fields.Selection(MONTHS, required=True, default=lambda self: str(fields.Date.context_today(self).month))
    date_from = fields.Date(compute="_compute_dates", store=True, string="From")
    date_to = fields.Date(compute="_compute_dates", store=True, string="To")
    date_generated = fields.Datetime(string="Figures Of", readonly=True, copy=False,
                                     help="Counts by tier and status are those at the end of the period.")
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    line_ids = fields.One2many("golf.membership.register.report.line", "report_id", readonly=True)
    state_line_ids = fields.One2many(
        "golf.membership.register.report.line", "report_id", domain=[("kind", "=", "state")], readonly=True,
        string="Counts by Tier and Status",
    )
    leaver_line_ids = fields.One2many(
        "golf.membership.register.report.line", "report_id", domain=[("kind", "=", "leaver")], readonly=True,
        string="Leavers by Reason",
    )
    member_count = fields.Integer(string="Members", readonly=True,
                                  help="Running memberships: approved, active, suspended, absent or reserved.")
    joiner_count = fields.Integer(string="Joiners", readonly=True)
    leaver_count = fields.Integer(string="Leavers", readonly=True)
    absence_started_count = fields.Integer(string="Absences Started", readonly=True)
    absence_ended_count = fields.Integer(string="Absences Ended", readonly=True)
    transfer_count = fields.Integer(string="Transfers", readonly=True)
    nominee_change_count = fields.Integer(string="Nominee Changes", readonly=True)

    _month_uniq = models.Constraint("UNIQUE(company_id, year, month)", "There is one report per company and month.")
    _year_range = models.Constraint("CHECK(year BETWEEN 2000 AND 2999)", "Choose a year between 2000 and 2999.")

    def _golf_club_env(self):
        """The report is named and written in the club's language, whoever (or whichever cron) makes it."""
        lang = (self.company_id or self.env.company).partner_id.lang
        return self.with_context(lang=lang).env if lang else self.env

    @api.depends("year", "month", "company_id")
    def _compute_name(self):
        for report in self:
            report.name = report._golf_club_env()._("Membership report %(year)s-%(month)02d", year=report.year,
                                                    month=int(report.month or 1))

    @api.depends("year", "month", "company_id")
    def _compute_dates(self):
        """R-12.3: a report covers the days since the previous report of the company ended, to the end of its
        month, so that every joiner and leaver appears in exactly one report. The first report starts on the
        day set by the club, or else on the start of the club's first membership."""
        for report in self:
            if not report.year or not report.month or not 2000 <= report.year <= 2999:
                report.date_from = report.date_to = False
                continue
            month = int(report.month)
            month_start = Date(report.year, month, 1)
            report.date_to = Date(report.year, month, monthrange(report.year, month)[1])
            previous = self.search([
                ("company_id", "=", report.company_id.id), ("date_to", "<", month_start), ("id", "not in", self.ids),
            ], order="date_to desc", limit=1)
            if previous:
                report.date_from = previous.date_to + timedelta(days=1)
            else:
                report.date_from = report._first_day(month_start)

    def _first_day(self, month_start):
        self.ensure_one()
        company = self.company_id
        if company.golf_register_start and company.golf_register_start <= self.date_to:
            return company.golf_register_start
        first = self.env["golf.membership"].sudo().with_context(active_test=False).search_fetch(
            [("company_id", "=", company.id), ("date_start", "!=", False)], ["date_start"],
            order="date_start", limit=1,
        )
        return min(first.date_start, month_start) if first else month_start

    @api.constrains("date_to", "company_id")
    def _check_in_sequence(self):
        """Reports follow each other: one for a month before the latest report would overlap it."""
        for report in self:
            later = self.search_count([
                ("company_id", "=", report.company_id.id), ("date_to", ">", report.date_to), ("id", "!=", report.id),
            ])
            if later:
                raise ValidationError(self.env._(
                    "A report for a later month already exists: the report of %(year)s-%(month)02d cannot be "
                    "prepared any more.", year=report.year, month=int(report.month),
                ))

    def _check_access_groups(self, action):
        if not self.env.user.has_group(DIRECTOR):
            raise AccessError(self.env._("You are not allowed to %(action)s the monthly membership report.",
                                         action=action))

    # ------------------------------------------------------------------ figures

    def action_generate(self):
        """Compute (again) the figures of the period; counts by tier and status are those of its last day."""
        self._check_access_groups(self.env._("prepare"))
        self._generate()
        return True

    def _generate(self):
        for report in self:
            report.write(report._compute_figures())

    def _compute_figures(self):
        """R-12.3: the figures of the period, read from dated history (the memberships' dates and their logged
        changes of state), so that a report regenerated later gives the same figures."""
        self.ensure_one()
        Membership = self.env["golf.membership"].sudo().with_context(active_test=False)
        company_domain = [("company_id", "=", self.company_id.id)]
        in_period = lambda field: [(field, ">=", self.date_from), (field, "<=", self.date_to)]  # noqa: E731
        states = self._register_at_end()
        lines = [Command.clear()]
        for (tier_id, state), count in sorted(Counter(states.values()).items()):
            if state in REGISTER_STATES:
                lines.append(Command.create({"kind": "state", "type_id": tier_id, "state": state, "count": count}))
        leaver_groups = Membership._read_group(
            company_domain + [("state", "=", "historical")] + in_period("date_end"),
            ["type_id", "historical_reason"], ["__count"],
        )
        for tier, reason, count in leaver_groups:
            lines.append(Command.create({"kind": "leaver", "type_id": tier.id, "reason": reason, "count": count}))
        Absence = self.env["golf.membership.absence"].sudo()
        Transfer = self.env["golf.membership.transfer"].sudo()
        NomineeChange = self.env["golf.membership.nominee.change"].sudo()
        return {
            "line_ids": lines,
            "date_generated": fields.Datetime.now(),
            "member_count": sum(1 for __, state in states.values() if state in RUNNING_STATES),
            "joiner_count": Membership.search_count(company_domain + in_period("date_start")),
            "leaver_count": sum(count for __, __, count in leaver_groups),
            "absence_started_count": Absence.search_count(
                company_domain + [("state", "in", ("active", "done"))] + in_period("date_from")),
            "absence_ended_count": Absence.search_count(
                company_domain + [("state", "=", "done")] + in_period("date_end")),
            "transfer_count": Transfer.search_count(company_domain + [("state", "=", "done")] + in_period("date_done")),
            "nominee_change_count": NomineeChange.search_count(
                company_domain + [("state", "=", "done")] + in_period("date_done")),
        }

    def _register_at_end(self):
        """{membership id: (tier id, state)} of the memberships approved by the end of the period, each in the
        state it had that day: the state it left by its first logged change after that day, else its state
        now."""
        self.ensure_one()
        memberships = self.env["golf.membership"].sudo().with_context(active_test=False).search_fetch(
            [("company_id", "=", self.company_id.id), "|", ("date_approved", "<=", self.date_to),
             ("date_start", "<=", self.date_to)],
            ["type_id", "state"],
        )
        if not memberships:
            return {}
        self.env["golf.membership.state.log"].flush_model()
        rows = self.env.execute_query(SQL(
            """SELECT DISTINCT ON (membership_id) membership_id, state_from
                 FROM golf_membership_state_log
                WHERE membership_id IN %s AND date > %s
             ORDER BY membership_id, date, id""",
            tuple(memberships.ids), self.date_to,
        ))
        earlier = dict(rows)
        return {m.id: (m.type_id.id, earlier.get(m.id, m.state)) for m in memberships}

    def _count_table(self):
        """Rows of the report (tier, counts per status, total) for the PDF and the spreadsheet."""
        self.ensure_one()
        states = [(key, label) for key, label in self._state_labels() if key in REGISTER_STATES]
        counts = {(line.type_id, line.state): line.count for line in self.state_line_ids}
        tiers = self.state_line_ids.type_id.sorted(lambda t: (t.name or "", t.id))
        rows = [
            {"tier": tier.name, "counts": [counts.get((tier, key), 0) for key, __ in states],
             "total": sum(counts.get((tier, key), 0) for key, __ in states)}
            for tier in tiers
        ]
        totals = [sum(row["counts"][i] for row in rows) for i in range(len(states))]
        return {"states": [label for __, label in states], "rows": rows, "totals": totals,
                "total": sum(totals)}

    def _leaver_table(self):
        self.ensure_one()
        reasons = dict(self.env["golf.membership"]._fields["historical_reason"]._description_selection(self.env))
        return [
            {"tier": line.type_id.name, "reason": reasons.get(line.reason, ""), "count": line.count}
            for line in self.leaver_line_ids.sorted(lambda line: (line.type_id.name or "", line.reason or ""))
        ]

    def _movements(self):
        self.ensure_one()
        return [
            (self.env._("Members (running)"), self.member_count),
            (self.env._("Joiners"), self.joiner_count),
            (self.env._("Leavers"), self.leaver_count),
            (self.env._("Absences started"), self.absence_started_count),
            (self.env._("Absences ended"), self.absence_ended_count),
            (self.env._("Transfers"), self.transfer_count),
            (self.env._("Nominee changes"), self.nominee_change_count),
        ]

    def _state_labels(self):
        return list(self.env["golf.membership"]._fields["state"]._description_selection(self.env))

    # ------------------------------------------------------------------ outputs

    def _render_pdf(self):
        self.ensure_one()
        return self.env["ir.actions.report"]._render_qweb_pdf(
            "golf_membership.report_golf_register_report", self.ids)[0]

    def _xlsx_content(self):
        """The report as a spreadsheet (built by ``golf.membership.register.report.xlsx``)."""
        self.ensure_one()
        return self.env["golf.membership.register.report.xlsx"]._xlsx_content(self)

    def _xlsx_name(self):
        return f"{self.name}.xlsx"

    def _make_xlsx_attachment(self):
        self.ensure_one()
        return self.env["ir.attachment"].create({
            "name": self._xlsx_name(),
            "raw": self._xlsx_content(),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })

    def action_export_xlsx(self):
        self.ensure_one()
        self._check_access_groups(self.env._("export"))
        if not self.date_generated:
            self._generate()
        attachment = self._make_xlsx_attachment()
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    def action_print(self):
        self.ensure_one()
        self._check_access_groups(self.env._("print"))
        if not self.date_generated:
            self._generate()
        return self.env.ref("golf_membership.report_golf_register_report").report_action(self)

    def _manager_partners(self):
        self.ensure_one()
        group = self.env.ref(MANAGER)
        users = group.sudo().all_user_ids.filtered(
            lambda u: self.company_id in u.company_ids and not u.share and u.active and u.id != 1
        )
        return users.partner_id

    def action_send(self):
        """R-12.3: the report, as PDF and spreadsheet, goes to the club management."""
        self._check_access_groups(self.env._("send"))
        self._send()
        return True

    def _send(self):
        template = self.env.ref("golf_membership.mail_template_register_report")
        for report in self:
            if not report.date_generated:
                report._generate()
            # management reads the report in the club's language, also when the cron sends it
            report = report.with_env(report._golf_club_env())
            pdf = report._render_pdf()
            xlsx = report._make_xlsx_attachment()
            rendered = {
                field: template._render_field(field, report.ids, compute_lang=True)[report.id]
                for field in ("subject", "body_html")
            }
            report.message_post(
                subject=rendered["subject"], body=rendered["body_html"],
                partner_ids=report._manager_partners().ids,
                attachments=[(f"{report.name}.pdf", pdf)], attachment_ids=xlsx.ids,
                message_type="comment", subtype_xmlid="mail.mt_comment",
            )
            report.date_sent = fields.Datetime.now()

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_monthly_report(self):
        """R-12.3: from the 25th, the report of the month is prepared and sent to management, once."""
        today = fields.Date.context_today(self)
        if today.day < REPORT_DAY:
            return
        for company in self.env.companies:
            report = self.search([("company_id", "=", company.id), ("year", "=", today.year),
                                  ("month", "=", str(today.month))], limit=1)
            if report.date_sent:
                continue
            if not report:
                report = self.create({"company_id": company.id, "year": today.year, "month": str(today.month)})
            report._generate()
            report._send()
