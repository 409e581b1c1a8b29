from odoo import fields, models
from odoo.tools import SQL


class GolfServiceKpi(models.Model):
    """R-11.5 by month and company: timeliness, satisfaction and complaint rate against their targets.

    ``golf.service.request._get_kpis`` reads the same figures over any period (``_kpi_query``, the one
    definition of the KPIs); months are those of the club's calendar. A rate
    without anything behind it (no request due for an answer, no survey) is empty, not 0: the screens show
    "No data" and no colour, and monthly averages leave it out.
    """

    _name = "golf.service.kpi"
    _description = "Member Service KPIs"
    _auto = False
    _order = "month desc, company_id"
    _rec_name = "month"

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    request_count = fields.Integer(string="Requests", readonly=True)
    response_due_count = fields.Integer(string="Due for an Answer", readonly=True)
    on_time_count = fields.Integer(string="Answered in Time", readonly=True)
    surveyed_count = fields.Integer(string="Surveyed", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    club_fault_count = fields.Integer(string="Club at Fault", readonly=True)
    timeliness = fields.Float(string="Timeliness (%)", readonly=True, aggregator="avg", digits=(5, 2))
    satisfaction = fields.Float(string="Satisfaction (%)", readonly=True, aggregator="avg", digits=(5, 2))
    complaint_rate = fields.Float(string="Complaint Rate (%)", readonly=True, aggregator="avg", digits=(5, 2))
    timeliness_target = fields.Float(string="Timeliness Target (%)", readonly=True, aggregator="max")
    satisfaction_target = fields.Float(string="Satisfaction Target (%)", readonly=True, aggregator="max")
    complaint_rate_target = fields.Float(string="Complaint Rate Target (%)", readonly=True, aggregator="max")
    timeliness_has_data = fields.Boolean(
        string="Timeliness Measured", readonly=True, help="At least one request was due for an answer."
    )
    satisfaction_has_data = fields.Boolean(
        string="Satisfaction Measured", readonly=True, help="At least one member answered the survey."
    )
    timeliness_met = fields.Boolean(readonly=True)
    satisfaction_met = fields.Boolean(readonly=True)
    complaint_rate_met = fields.Boolean(readonly=True)

    @property
    def _table_query(self):
        return self._kpi_query(SQL("timezone('UTC', now())"), by_month=True)

    def _kpi_query(self, now, by_month, where=None):
        """The one definition of the R-11.5 figures, by company (and month when ``by_month``), over the
        requests matching ``where`` (a condition on the request ``r``), as of ``now`` (a UTC timestamp): the
        dashboard's rows, and ``golf.service.request._get_kpis`` over any period of the club's days.

        A request counts from the club's calendar day it was received (the company calendar's time zone).
        """
        month = SQL("date_trunc('month', day)::date") if by_month else SQL("NULL::date")
        return SQL(
            """
            WITH request AS (
                SELECT r.id,
                       r.company_id,
                       timezone(COALESCE(cal.tz, partner.tz, 'UTC'), timezone('UTC', r.date_received))::date AS day,
                       r.date_responded IS NOT NULL OR r.date_response_deadline < %(now)s AS response_due,
                       r.responded_on_time
                           AND NOT COALESCE(CASE WHEN r.date_resolved IS NOT NULL THEN NOT r.resolved_on_time
                                                 ELSE r.date_resolution_deadline < %(now)s END, FALSE)
                           AS on_time,
                       r.satisfaction_recorded,
                       r.satisfaction,
                       r.category = 'complaint' AS complaint,
                       r.category = 'complaint' AND r.club_fault AS club_fault
                  FROM golf_service_request r
                  JOIN res_company company ON company.id = r.company_id
                  JOIN res_partner partner ON partner.id = company.partner_id
             LEFT JOIN resource_calendar cal ON cal.id = company.resource_calendar_id
                 WHERE r.active AND r.state != 'cancelled' AND %(where)s
            ), counted AS (
                SELECT MIN(id) AS id,
                       %(month)s AS month,
                       company_id,
                       COUNT(*) AS request_count,
                       COUNT(*) FILTER (WHERE response_due) AS response_due_count,
                       COUNT(*) FILTER (WHERE response_due AND on_time) AS on_time_count,
                       COUNT(*) FILTER (WHERE satisfaction_recorded) AS surveyed_count,
                       COUNT(*) FILTER (WHERE complaint) AS complaint_count,
                       COUNT(*) FILTER (WHERE club_fault) AS club_fault_count,
                       AVG(satisfaction) FILTER (WHERE satisfaction_recorded) AS satisfaction
                  FROM request
              GROUP BY %(group_by)s
            )
            SELECT counted.id, month, company_id, request_count, response_due_count, on_time_count, surveyed_count,
                   complaint_count, club_fault_count,
                   ROUND(100.0 * on_time_count / NULLIF(response_due_count, 0), 2) AS timeliness,
                   ROUND(satisfaction, 2) AS satisfaction,
                   response_due_count > 0 AS timeliness_has_data,
                   surveyed_count > 0 AS satisfaction_has_data,
                   ROUND(100.0 * club_fault_count / request_count, 2) AS complaint_rate,
                   company.golf_timeliness_target AS timeliness_target,
                   company.golf_satisfaction_target AS satisfaction_target,
                   company.golf_complaint_rate_target AS complaint_rate_target,
                   COALESCE(100.0 * on_time_count / NULLIF(response_due_count, 0), 100)
                       >= company.golf_timeliness_target AS timeliness_met,
                   (satisfaction IS NULL OR satisfaction >= company.golf_satisfaction_target) AS satisfaction_met,
                   100.0 * club_fault_count / request_count < company.golf_complaint_rate_target
                       AS complaint_rate_met
              FROM counted
              JOIN res_company company ON company.id = counted.company_id
            """,
            now=now,
            where=where or SQL("TRUE"),
            month=month,
            group_by=SQL("%s, company_id", month) if by_month else SQL("company_id"),
        )

    def _period_figures(self, requests):
        """The figures over ``requests`` (a query of ``golf.service.request``, of one company), as of now."""
        self.env.flush_all()
        self.env.cr.execute(self._kpi_query(
            SQL("%s", fields.Datetime.now()), by_month=False, where=SQL("r.id IN %s", requests.subselect()),
        ))
        return self.env.cr.dictfetchone() or {}
