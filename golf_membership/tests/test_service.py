from contextlib import contextmanager
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import GolfMembershipCommon

# The context keys that once let the module's own code write a state: they must authorise nothing.
OLD_BYPASS = {"golf_state_change": True, "golf_service_action": True}

RAW_EMAIL = """Return-Path: <{email_from}>
To: {to}
From: {email_from}
Subject: {subject}
Date: Mon, 03 Mar 2025 02:00:00 +0000
Message-ID: <golf-service-test-1@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

The shower on the second floor of the club house has no hot water.
"""


@tagged("post_install", "-at_install")
class TestServiceDesk(GolfMembershipCommon):
    """R-11: the after-sales service desk (requests, complaints, surveys, visits, KPIs)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The club lives in China: deadlines are days of the Shanghai calendar (Mon-Fri, 8-17).
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Shanghai"
        cls.Request = cls.env["golf.service.request"]
        cls.Visit = cls.env["golf.service.visit"]
        cls.survey = cls.env.ref("golf_membership.survey_golf_service_satisfaction")
        cls.question = cls.env.ref("golf_membership.survey_golf_service_satisfaction_q1")
        cls.member_no_email = cls.env["res.partner"].create({"name": "Wang Fang", "phone": "13800000002"})

    # ------------------------------------------------------------------ helpers

    def new_request(self, user=None, **values):
        values.setdefault("partner_id", self.applicant.id)
        values.setdefault("subject", "Locker key does not work")
        return self.Request.with_user(user or self.clerk).create(values)

    def answer_survey(self, request, answer_xmlid):
        """The member picks an answer in the survey and submits it, as the survey pages do (sudo)."""
        user_input = request.sudo().survey_user_input_id
        answer = self.env.ref(answer_xmlid)
        user_input._save_lines(self.question, answer.id)
        user_input._mark_done()
        return user_input

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Like assertRaisesRegex, inside the savepoint of Odoo's assertRaises."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), pattern)

    @staticmethod
    def utc(*args):
        return datetime(*args)

    # ------------------------------------------------------------------ deadlines

    @freeze_time("2025-03-03 02:00:00")  # Monday 3 March 2025, 10:00 in Shanghai
    def test_deadlines_on_company_calendar(self):
        simple, general, complex_ = (
            self.new_request(complexity=complexity) for complexity in ("simple", "general", "complex")
        )
        for request in (simple, general, complex_):
            self.assertEqual(request.date_received, self.utc(2025, 3, 3, 2, 0))
            # answered within 24 hours.
            self.assertEqual(request.date_response_deadline, self.utc(2025, 3, 4, 2, 0))
            self.assertEqual(request.state, "new")
            self.assertEqual(request.user_id, self.clerk)
        # Simple: by the end of the day of receipt (23:59:59 in Shanghai).
        self.assertEqual(simple.date_resolution_deadline, self.utc(2025, 3, 3, 15, 59, 59))
        self.assertEqual(simple.date_expected, date(2025, 3, 3))
        # General: 15 working days, Mondays to Fridays: Tuesday 4 March is the first, Monday 24 the 15th.
        self.assertEqual(general.date_resolution_deadline, self.utc(2025, 3, 24, 15, 59, 59))
        self.assertEqual(general.date_expected, date(2025, 3, 24))
        # Complex: one month.
        self.assertEqual(complex_.date_resolution_deadline, self.utc(2025, 4, 3, 2, 0))
        self.assertEqual(complex_.date_expected, date(2025, 4, 3))
        # The assignee is asked to answer within 24 hours.
        activity = general.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("golf_membership.mail_act_golf_service_request"))
        self.assertEqual(activity.user_id, self.clerk)
        self.assertEqual(activity.date_deadline, date(2025, 3, 4))

    @freeze_time("2025-03-03 02:00:00")
    def test_general_deadline_skips_public_holidays(self):
        # A public holiday on Wednesday 5 March (Shanghai) moves the 15th working day to Tuesday 25 March.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Club holiday",
                "calendar_id": self.calendar.id,
                "date_from": "2025-03-04 16:00:00",
                "date_to": "2025-03-05 15:59:59",
            }
        )
        request = self.new_request(complexity="general")
        self.assertEqual(request.date_resolution_deadline, self.utc(2025, 3, 25, 15, 59, 59))
        # A request received late in the evening belongs to that day of the club.
        late = self.new_request(complexity="simple", date_received="2025-03-03 15:30:00")  # 23:30 in Shanghai
        self.assertEqual(late.date_resolution_deadline, self.utc(2025, 3, 3, 15, 59, 59))
        # Changing the complexity of a new request moves its deadline.
        with Form(request.with_user(self.clerk)) as form:
            form.complexity = "complex"
        self.assertEqual(request.date_resolution_deadline, self.utc(2025, 4, 3, 2, 0))

    def test_log_request_from_the_form(self):
        """What a clerk types: member, subject, category; the running membership is found."""
        with freeze_time("2025-01-06 02:00:00"):
            membership = self.active_membership()
        with freeze_time("2025-03-03 02:00:00"):
            form = Form(self.Request.with_user(self.clerk))
            form.partner_id = self.applicant
            form.subject = "Booking confirmation never arrived"
            form.category = "enquiry"
            form.channel = "phone"
            form.complexity = "simple"
            request = form.save()
        self.assertTrue(request.name.startswith("SR"))
        self.assertEqual(request.membership_id, membership)
        self.assertEqual(request.date_resolution_deadline, self.utc(2025, 3, 3, 15, 59, 59))

    # ------------------------------------------------------------------ answer and resolve

    def test_answer_tells_member_the_expected_date(self):
        with freeze_time("2025-03-03 02:00:00"):
            request = self.new_request(complexity="general")
        with freeze_time("2025-03-03 05:00:00"):
            request.with_user(self.clerk).action_respond()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.date_responded, self.utc(2025, 3, 3, 5, 0))
        self.assertTrue(request.responded_on_time)
        message = request.message_ids.filtered(lambda m: request.name in (m.subject or "") and "expected" in m.subject)
        self.assertEqual(len(message), 1, "the member is told the expected date (R-11.2)")
        self.assertIn(self.applicant, message.partner_ids)
        self.assertIn(request.name, message.subject)
        # The answer activity is done; the next one asks to settle by the deadline.
        activity = request.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2025, 3, 24))

    def test_answer_late_and_resolve(self):
        with freeze_time("2025-03-03 02:00:00"):
            request = self.new_request(complexity="complex")
        with freeze_time("2025-03-04 02:00:01"):  # one second after the 24 hours
            self.assertTrue(request.is_overdue)
            self.assertIn(request, self.Request.search([("is_overdue", "=", True)]))
            request.with_user(self.clerk).action_respond()
            self.assertFalse(request.responded_on_time)
            self.assertFalse(request.is_overdue, "answered; settlement is due only on 3 April")
            self.assertNotIn(request, self.Request.search([("is_overdue", "=", True)]))
            self.assertIn(request, self.Request.search([("is_overdue", "=", False)]))
        with freeze_time("2025-03-10 02:00:00"):
            request.with_user(self.clerk).action_resolve()
        self.assertEqual(request.state, "resolved")
        self.assertEqual(request.date_resolved, self.utc(2025, 3, 10, 2, 0))
        self.assertFalse(request.activity_ids)

    @freeze_time("2025-03-03 02:00:00")
    def test_settled_on_the_spot(self):
        request = self.new_request(complexity="simple")
        request.with_user(self.clerk).action_resolve()
        self.assertEqual(request.state, "resolved")
        self.assertEqual(request.date_responded, request.date_resolved)
        self.assertTrue(request.responded_on_time)
        self.assertFalse(
            request.message_ids.filtered(lambda m: "expected" in (m.subject or "")),
            "nothing to announce: it was settled at once",
        )
        with self.assertRaises(UserError):
            request.with_user(self.clerk).action_resolve()
        request.with_user(self.supervisor).action_close()
        self.assertEqual(request.state, "closed")

    # ------------------------------------------------------------------ complaints

    @freeze_time("2025-03-03 02:00:00")
    def test_complaint_needs_cause_and_action(self):
        complaint = self.new_request(category="complaint", subject="Rude caddie", complexity="general")
        complaint.with_user(self.clerk).action_respond()
        with self.assertRefused(UserError, "Root Cause.*Action Against Recurrence"):
            complaint.with_user(self.clerk).action_resolve()
        complaint.with_user(self.clerk).write({"root_cause": "Caddie was not briefed on the dress code."})
        with self.assertRefused(UserError, "Action Against Recurrence"):
            complaint.with_user(self.clerk).action_resolve()
        complaint.with_user(self.clerk).write({"corrective_action": "   "})
        with self.assertRaises(UserError):
            complaint.with_user(self.clerk).action_resolve()
        self.assertEqual(complaint.state, "in_progress")
        complaint.with_user(self.clerk).write(
            {
                "corrective_action": "Caddie briefing added to the morning meeting.",
                "club_fault": True,
            }
        )
        complaint.with_user(self.clerk).action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.club_fault)
        # An enquiry needs no analysis.
        enquiry = self.new_request(category="enquiry")
        enquiry.with_user(self.clerk).action_resolve()
        self.assertEqual(enquiry.state, "resolved")

    # ------------------------------------------------------------------ satisfaction

    @freeze_time("2025-03-03 02:00:00")
    def test_survey_sent_and_score_lands_on_request(self):
        request = self.new_request(complexity="simple")
        request.with_user(self.clerk).action_resolve()
        user_input = request.sudo().survey_user_input_id
        self.assertTrue(user_input, "resolving sends the satisfaction survey (R-11.4)")
        self.assertEqual(user_input.survey_id, self.survey)
        self.assertEqual(user_input.partner_id, self.applicant)
        self.assertEqual(user_input.golf_service_request_id, request)
        self.assertEqual(user_input.state, "new")
        invitation = request.message_ids.filtered(lambda m: "How did we do" in (m.subject or ""))
        self.assertEqual(len(invitation), 1)
        self.assertIn(self.applicant, invitation.partner_ids)
        self.assertIn(user_input.access_token, str(invitation.body))
        self.assertIn(user_input.access_token, request.with_user(self.clerk).survey_url)
        self.assertFalse(request.satisfaction_recorded)

        self.answer_survey(request, "golf_membership.survey_golf_service_satisfaction_q1_a2")  # Satisfied
        self.assertEqual(user_input.state, "done")
        self.assertTrue(request.satisfaction_recorded)
        self.assertEqual(request.satisfaction, 75.0)
        self.assertTrue(request.message_ids.filtered(lambda m: "75" in str(m.body) and "satisfaction" in str(m.body)))

        # Resolving again is refused, so no second survey goes out.
        self.assertEqual(self.env["survey.user_input"].search_count([("golf_service_request_id", "=", request.id)]), 1)

    @freeze_time("2025-03-03 02:00:00")
    def test_survey_for_member_without_email(self):
        request = self.new_request(partner_id=self.member_no_email.id, complexity="simple")
        request.with_user(self.clerk).action_resolve()
        self.assertTrue(request.sudo().survey_user_input_id, "the clerk fills it in with the member by phone")
        self.assertTrue(request.message_ids.filtered(lambda m: "by phone" in str(m.body)))
        self.answer_survey(request, "golf_membership.survey_golf_service_satisfaction_q1_a5")  # Very dissatisfied
        self.assertTrue(request.satisfaction_recorded)
        self.assertEqual(request.satisfaction, 0.0)

    # ------------------------------------------------------------------ bad input

    @freeze_time("2025-03-03 02:00:00")
    def test_bad_input_refused(self):
        request = self.new_request()
        # Only the superuser writes these figures directly (an import): the constraints still hold.
        with self.assertRefused(ValidationError, "cannot be resolved .* before it was received"):
            request.sudo().write({"date_resolved": "2025-03-02 10:00:00"})
        with self.assertRefused(ValidationError, "cannot be answered .* before it was received"):
            request.sudo().write({"date_responded": "2025-03-03 01:00:00"})
        for score in (120, -5):
            with self.assertRefused(ValidationError, "between 0 and 100"):
                request.sudo().write({"satisfaction": score})
        request.with_user(self.clerk).action_resolve()
        with self.assertRefused(ValidationError, "between 0 and 100"):
            request.sudo()._record_satisfaction(101.0)
        with self.assertRefused(UserError, "change only through its actions"):
            request.with_user(self.manager).write({"state": "new"})

    # ------------------------------------------------------------------ who may do what

    @freeze_time("2025-03-03 02:00:00")
    def test_access_rights(self):
        with self.assertRaises(AccessError):
            self.new_request(user=self.finance)
        with self.assertRaises(AccessError):
            self.new_request(user=self.committee)
        request = self.new_request()
        with self.assertRaises(AccessError):
            request.with_user(self.committee).read(["subject"])
        # A clerk cannot fake the figures behind the KPIs: the workflow engine refuses (UserError).
        with self.assertRaises(UserError):
            request.with_user(self.clerk).write({"satisfaction": 100})
        with self.assertRaises(UserError):
            request.with_user(self.clerk).write({"state": "closed"})
        with self.assertRaises(UserError):
            self.new_request(date_responded="2025-03-03 02:30:00")
        with self.assertRaises(UserError):
            self.new_request(state="closed")
        # A clerk answers and resolves; closing and cancelling are for the supervisor.
        request_as_clerk = request.with_user(self.clerk)
        self.assertTrue(request_as_clerk.can_respond)
        self.assertFalse(request_as_clerk.can_cancel)
        with self.assertRaises(AccessError):
            request.with_user(self.finance).action_respond()
        request_as_clerk.action_respond()
        with self.assertRaises(AccessError):
            request_as_clerk.action_cancel()
        request_as_clerk.action_resolve()
        self.assertFalse(request_as_clerk.can_close)
        with self.assertRaises(AccessError):
            request_as_clerk.action_close()
        self.assertTrue(request.with_user(self.supervisor).can_close)
        request.with_user(self.supervisor).action_close()
        self.assertEqual(request.state, "closed")
        # The receipt time can be corrected only while the request is new.
        with self.assertRaises(UserError):
            request_as_clerk.write({"date_received": "2025-03-03 01:00:00"})
        other = self.new_request()
        other.with_user(self.supervisor).action_cancel()
        self.assertEqual(other.state, "cancelled")
        # records are kept, archived instead of deleted, whoever asks.
        for user in (self.clerk, self.manager):
            with self.assertRefused(UserError, "archive"):
                request.with_user(user).unlink()
        request_as_clerk.action_archive()
        self.assertFalse(request.active)
        self.assertTrue(request.exists())
        # The KPI dashboard is for supervisors.
        with self.assertRaises(AccessError):
            self.env["golf.service.kpi"].with_user(self.clerk).search([])
        self.env["golf.service.kpi"].with_user(self.supervisor).search([])

    @freeze_time("2025-03-03 02:00:00")
    def test_clerk_cannot_forge_the_kpis(self):
        """R-11.5: the answer, resolution and satisfaction behind the KPIs are set by the actions and the survey
        only: a clerk creating or writing them directly is refused whatever the context; the superuser (imports)
        still may."""
        request = self.new_request()
        visit = self.Visit.with_user(self.clerk).create(
            {"membership_id": self.active_membership().id, "date_planned": date(2025, 6, 1)}
        )
        counts = (self.Request.search_count([]), self.Visit.search_count([]))
        for context in ({}, OLD_BYPASS):
            clerk_env = self.env(user=self.clerk, context=dict(self.env.context, **context), su=False)
            for vals in (
                {"state": "closed"},
                {"satisfaction": 100.0, "satisfaction_recorded": True},
                {"date_resolved": "2025-03-03 03:00:00"},
                {"date_responded": "2025-03-03 02:30:00"},
            ):
                with self.assertRefused(UserError, "starts as New"):
                    clerk_env["golf.service.request"].create(
                        dict(vals, partner_id=self.applicant.id, subject="Forged")
                    )
                with self.assertRefused(UserError, "change only through its actions"):
                    request.with_env(clerk_env).write(vals)
            with self.assertRefused(UserError, "starts as Planned"):
                clerk_env["golf.service.visit"].create(
                    {"membership_id": visit.membership_id.id, "date_planned": date(2025, 6, 2), "state": "done"}
                )
            with self.assertRefused(UserError, "change only through its actions"):
                visit.with_env(clerk_env).write({"state": "done", "note": "Never went."})

        # Nothing changed.
        self.assertEqual((self.Request.search_count([]), self.Visit.search_count([])), counts)
        self.assertEqual(request.state, "new")
        self.assertFalse(request.date_responded or request.date_resolved or request.satisfaction_recorded)
        self.assertEqual(request.satisfaction, 0.0)
        self.assertEqual((visit.state, visit.note), ("planned", False))

        # The superuser still may: history imported by a script.
        request.sudo().write({"state": "resolved", "date_resolved": "2025-03-03 03:00:00", "satisfaction": 80.0,
                              "satisfaction_recorded": True})
        self.assertEqual((request.state, request.satisfaction), ("resolved", 80.0))
        imported = self.Request.sudo().create(
            {"partner_id": self.applicant.id, "subject": "Imported", "state": "closed",
             "date_responded": "2025-03-03 02:10:00"}
        )
        self.assertEqual(imported.state, "closed")

    @freeze_time("2025-03-03 02:00:00")
    def test_buttons_follow_the_table(self):
        """R-11.1 / R-11.2 / R-11.3: each button shows exactly for the group the transition table allows."""
        def shown(record, user, *names):
            record = record.with_user(user)
            return {name for name in names if record[f"can_{name}"]}

        buttons = ("respond", "resolve", "close", "cancel")
        request = self.new_request()
        self.assertEqual(shown(request, self.clerk, *buttons), {"respond", "resolve"})
        for user in (self.supervisor, self.director, self.manager):
            self.assertEqual(shown(request, user, *buttons), {"respond", "resolve", "cancel"})
        request.with_user(self.clerk).action_respond()
        self.assertEqual(shown(request, self.clerk, *buttons), {"resolve"})
        request.with_user(self.clerk).action_resolve()
        self.assertEqual(shown(request, self.clerk, *buttons), set())
        self.assertEqual(shown(request, self.supervisor, *buttons), {"close"})

        # A complaint is resolved only with its analysis.
        complaint = self.new_request(category="complaint")
        self.assertEqual(shown(complaint, self.clerk, *buttons), {"respond"})
        complaint.with_user(self.clerk).write({"root_cause": "Cause", "corrective_action": "Action"})
        self.assertEqual(shown(complaint, self.clerk, *buttons), {"respond", "resolve"})

        # A visit is recorded with its outcome.
        visit = self.Visit.with_user(self.clerk).create(
            {"membership_id": self.active_membership().id, "date_planned": date(2025, 6, 1)}
        )
        self.assertEqual(shown(visit, self.clerk, "done", "cancel"), {"cancel"})
        visit.with_user(self.clerk).note = "Happy with the course."
        self.assertEqual(shown(visit, self.clerk, "done", "cancel"), {"done", "cancel"})
        visit.with_user(self.clerk).action_done()
        self.assertEqual(shown(visit, self.clerk, "done", "cancel"), set())
        with self.assertRefused(UserError, "can no longer be changed"):
            visit.with_user(self.clerk).write({"date_done": date(2025, 3, 1)})

    # ------------------------------------------------------------------ warnings and overdue

    def test_deadline_warnings_once(self):
        answer_warning = self.env.ref("golf_membership.mail_act_golf_service_answer_deadline")
        warning = self.env.ref("golf_membership.mail_act_golf_service_deadline")
        with freeze_time("2025-03-03 02:00:00"):
            request = self.new_request(complexity="general")
            future = self.new_request(complexity="complex")
        with freeze_time("2025-03-03 20:00:00"):  # the answer is due within a day
            self.Request._cron_daily_service()
            self.Request._cron_daily_service()
            warnings = request.activity_ids.filtered(lambda a: a.activity_type_id == answer_warning)
            self.assertEqual(len(warnings), 1, "warned once, however often the cron runs")
            self.assertEqual(warnings.user_id, self.clerk)
            self.assertEqual(warnings.date_deadline, date(2025, 3, 4))
            self.assertFalse(
                request.activity_ids.filtered(lambda a: a.activity_type_id == warning), "settlement is not due yet"
            )
            self.assertTrue(
                future.activity_ids.filtered(lambda a: a.activity_type_id == answer_warning),
                "every unanswered request is due within 24 hours",
            )
            request.with_user(self.clerk).action_respond()
            self.assertFalse(request.activity_ids.filtered(lambda a: a.activity_type_id == answer_warning))
        with freeze_time("2025-03-23 18:00:00"):  # the settlement deadline (24 March, Shanghai) comes near
            self.Request._cron_daily_service()
            self.Request._cron_daily_service()
            warnings = request.activity_ids.filtered(lambda a: a.activity_type_id == warning)
            self.assertEqual(len(warnings), 1)
            self.assertEqual(warnings.date_deadline, date(2025, 3, 24))
            self.assertFalse(request.is_overdue)
        with freeze_time("2025-03-25 00:00:00"):
            request.invalidate_recordset(["is_overdue"])  # computed from the clock, not stored
            self.assertTrue(request.is_overdue)
            self.Request._cron_daily_service()
            self.assertEqual(len(request.activity_ids.filtered(lambda a: a.activity_type_id == warning)), 1)
            # Reassigning the request hands its activities over.
            request.with_user(self.clerk).user_id = self.supervisor
            self.assertEqual(request.activity_ids.user_id, self.supervisor)

    def test_deadline_warnings_batched(self):
        """The daily warning costs the same number of queries for 2 requests as for 8."""

        def queries_for(count):
            with freeze_time("2025-03-03 02:00:00"):
                self.Request.create(
                    [{"partner_id": self.applicant.id, "subject": f"Request {i}"} for i in range(count)]
                )
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time("2025-03-03 20:00:00"):
                before = self.env.cr.sql_log_count
                self.Request._cron_daily_service()
                self.env.flush_all()
                return self.env.cr.sql_log_count - before

        answer_warning = self.env.ref("golf_membership.mail_act_golf_service_answer_deadline")
        self.assertTrue(self.Request.env.companies)  # the companies the rule looks at, known before counting
        self.assertEqual(queries_for(2), queries_for(8))
        self.assertEqual(self.env["mail.activity"].search_count([("activity_type_id", "=", answer_warning.id)]), 10)

    # ------------------------------------------------------------------ e-mail alias

    def test_email_creates_request(self):
        alias_domain = self.env["mail.alias.domain"].create(
            {
                "name": "golf.example.com",
                "company_ids": [(4, self.company.id)],
            }
        )
        alias = self.env.ref("golf_membership.mail_alias_golf_service")
        alias.alias_domain_id = alias_domain
        self.assertEqual(alias.alias_model_id.model, "golf.service.request")
        subject = "No hot water in the showers"
        raw = RAW_EMAIL.format(
            email_from="Zhang Wei <zhang.wei@example.com>", to="golf-service@golf.example.com", subject=subject
        )
        with freeze_time("2025-03-03 02:00:00"):
            self.env["mail.thread"].sudo().message_process(False, raw)
        request = self.Request.search([("subject", "=", subject)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.channel, "email")
        self.assertTrue(request.name.startswith("SR"), "numbered like every request")
        self.assertEqual(request.partner_id, self.applicant)
        self.assertTrue(
            request.user_id.has_group("golf_membership.group_golf_clerk"),
            "unassigned requests go to a member-services clerk",
        )
        self.assertEqual(request.date_response_deadline, self.utc(2025, 3, 4, 2, 0))
        self.assertIn("hot water", str(request.description))
        # An unknown sender becomes a contact.
        raw = RAW_EMAIL.format(
            email_from="Chen Jie <chen.jie@example.com>",
            to="golf-service@golf.example.com",
            subject="Guest fee question",
        ).replace("test-1@", "test-2@")
        self.env["mail.thread"].sudo().message_process(False, raw)
        request = self.Request.search([("subject", "=", "Guest fee question")])
        self.assertEqual(request.partner_id.email, "chen.jie@example.com")

    # ------------------------------------------------------------------ return visits

    def test_visit_planning(self):
        with freeze_time("2025-01-06 02:00:00"):
            key = self.active_membership()
            key.key_member = True
            other_partner = self.env["res.partner"].create({"name": "Liu Yang", "email": "liu.yang@example.com"})
            other = self.active_membership(partner_id=other_partner.id)
            draft = self.create_membership(partner_id=self.member_no_email.id)
        self.assertEqual(key.date_start, date(2025, 1, 6))
        with freeze_time("2025-01-07 02:00:00"):
            self.Visit._cron_plan_visits()
            self.Visit._cron_plan_visits()
        planned = self.Visit.search([("membership_id", "in", (key | other | draft).ids), ("state", "=", "planned")])
        self.assertEqual(len(planned), 2, "one planned visit per active membership, however often the cron runs")
        key_visit = planned.filtered(lambda v: v.membership_id == key)
        other_visit = planned.filtered(lambda v: v.membership_id == other)
        self.assertEqual(key_visit.date_planned, date(2025, 7, 6), "key members: every six months")
        self.assertEqual(other_visit.date_planned, date(2026, 1, 6), "others: every twelve months")
        self.assertEqual(key_visit.partner_id, self.applicant)
        self.assertTrue(key_visit.user_id.has_group("golf_membership.group_golf_clerk"))

        # The visit is recorded with its outcome, and the next one is planned from it.
        with freeze_time("2025-05-20 02:00:00"):
            key_visit.with_user(self.clerk).channel = "phone"
            with self.assertRefused(UserError, "outcome"):
                key_visit.with_user(self.clerk).action_done()
            key_visit.with_user(self.clerk).note = "Happy with the new greens; asks about a locker."
            key_visit.with_user(self.clerk).action_done()
            self.assertEqual(key_visit.state, "done")
            self.assertEqual(key_visit.date_done, date(2025, 5, 20))
            with self.assertRaises(UserError):
                key_visit.with_user(self.clerk).action_done()
            next_visit = self.Visit.search([("membership_id", "=", key.id), ("state", "=", "planned")])
            self.assertEqual(next_visit.date_planned, date(2025, 11, 20))
            self.Visit._cron_plan_visits()
            self.assertEqual(self.Visit.search([("membership_id", "=", key.id), ("state", "=", "planned")]), next_visit)

            # Becoming a key member brings the planned visit forward; one planned earlier is kept.
            other.key_member = True
            self.Visit._cron_plan_visits()
            self.assertEqual(other_visit.date_planned, date(2025, 7, 6))
            other_visit.with_user(self.clerk).date_planned = date(2025, 6, 1)
            self.Visit._cron_plan_visits()
            self.assertEqual(other_visit.date_planned, date(2025, 6, 1))
            # A duplicate planned visit is cancelled.
            duplicate = self.Visit.with_user(self.clerk).create(
                {
                    "membership_id": other.id,
                    "date_planned": date(2025, 6, 15),
                }
            )
            self.assertEqual(duplicate.partner_id, other_partner)
            self.Visit._cron_plan_visits()
            self.assertEqual(duplicate.state, "cancelled")
            self.assertEqual(other_visit.state, "planned")

        # A visit cannot be done in the future, nor deleted.
        with freeze_time("2025-06-01 02:00:00"):
            with self.assertRefused(ValidationError, "still to come"):
                other_visit.with_user(self.clerk).write({"note": "Called back.", "date_done": date(2025, 6, 2)})
            with self.assertRefused(UserError, "archive"):
                key_visit.with_user(self.clerk).unlink()
            with self.assertRaises(AccessError):
                self.Visit.with_user(self.finance).create({"membership_id": other.id, "date_planned": date(2025, 7, 1)})

            # A membership that ends has no more visits planned.
            other.with_user(self.manager).action_withdraw()
            self.Visit._cron_plan_visits()
            self.assertEqual(other_visit.state, "cancelled")
            self.assertFalse(self.Visit.search([("membership_id", "=", other.id), ("state", "=", "planned")]))

        # Overdue visits stand out.
        with freeze_time("2025-12-01 02:00:00"):
            next_visit.invalidate_recordset(["is_overdue"])
            self.assertTrue(next_visit.is_overdue)
            self.assertIn(next_visit, self.Visit.search([("is_overdue", "=", True)]))

    # ------------------------------------------------------------------ KPIs

    def test_kpis_on_known_requests(self):
        """March 2025: five requests count; one cancelled and one from April do not.

        answered in time: 3 of 5 due (60 %); satisfaction: 100 and 50 (75 %);
        complaints that were the club's fault: 1 of 5 (20 %).
        """
        a1 = "golf_membership.survey_golf_service_satisfaction_q1_a1"
        a3 = "golf_membership.survey_golf_service_satisfaction_q1_a3"
        with freeze_time("2025-03-03 02:00:00"):
            on_time = self.new_request(subject="On time")
            late = self.new_request(subject="Late")
            club_fault = self.new_request(subject="Club fault", category="complaint", complexity="simple")
            not_fault = self.new_request(subject="Not the club's fault", category="complaint", complexity="simple")
            self.new_request(subject="Unanswered", category="suggestion")  # never answered, past its deadline
            cancelled = self.new_request(subject="Duplicate")
            for complaint, fault in ((club_fault, True), (not_fault, False)):
                complaint.write({"root_cause": "Cause", "corrective_action": "Action", "club_fault": fault})
            (club_fault | not_fault).action_resolve()
            cancelled.with_user(self.supervisor).action_cancel()
        with freeze_time("2025-03-03 04:00:00"):
            on_time.action_respond()
        with freeze_time("2025-03-05 02:00:00"):
            late.action_respond()
            (on_time | late).action_resolve()
            self.answer_survey(on_time, a1)
            self.answer_survey(late, a3)
        with freeze_time("2025-04-01 02:00:00"):
            april = self.new_request(subject="April")
            april.action_resolve()

            kpis = self.Request._get_kpis(date(2025, 3, 1), date(2025, 3, 31))
            self.assertEqual(kpis["request_count"], 5)
            self.assertEqual(kpis["response_due_count"], 5)
            self.assertEqual(kpis["timeliness"], 60.0)
            self.assertEqual(kpis["satisfaction"], 75.0)
            self.assertEqual(kpis["complaint_rate"], 20.0)
            self.assertEqual(kpis["targets"], {"timeliness": 90.0, "satisfaction": 85.0, "complaint_rate": 3.0})
            # The same figures as a supervisor, and for another company: nothing.
            self.assertEqual(
                self.Request.with_user(self.supervisor)._get_kpis("2025-03-01", "2025-03-31", company=self.company),
                kpis,
            )
            other_company = self.env["res.company"].create({"name": "Other Club"})
            empty = self.Request._get_kpis(date(2025, 3, 1), date(2025, 3, 31), company=other_company)
            self.assertEqual((empty["timeliness"], empty["satisfaction"], empty["complaint_rate"]), (0.0, 0.0, 0.0))
            april_kpis = self.Request._get_kpis(date(2025, 4, 1), date(2025, 4, 30))
            self.assertEqual((april_kpis["request_count"], april_kpis["timeliness"]), (1, 100.0))

            # The dashboard shows the same by month, against the targets.
            dashboard = (
                self.env["golf.service.kpi"].with_user(self.supervisor).search([("company_id", "=", self.company.id)])
            )
            march = dashboard.filtered(lambda row: row.month == date(2025, 3, 1))
            self.assertEqual(march.request_count, 5)
            self.assertEqual(march.timeliness, 60.0)
            self.assertEqual(march.satisfaction, 75.0)
            self.assertEqual(march.complaint_rate, 20.0)
            self.assertEqual(march.timeliness_target, 90.0)
            self.assertFalse(march.timeliness_met)
            self.assertFalse(march.satisfaction_met)
            self.assertFalse(march.complaint_rate_met)
            april_row = dashboard.filtered(lambda row: row.month == date(2025, 4, 1))
            self.assertEqual(april_row.request_count, 1)
            self.assertTrue(april_row.timeliness_met)
            groups = (
                self.env["golf.service.kpi"]
                .with_user(self.supervisor)
                ._read_group(
                    [("company_id", "=", self.company.id)],
                    ["month:month"],
                    ["timeliness:avg", "request_count:sum"],
                )
            )
            self.assertEqual([(count, timeliness) for _month, timeliness, count in groups], [(5, 60.0), (1, 100.0)])
